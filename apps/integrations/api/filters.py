"""Filters refuse what they cannot use (an empty date, "null" for a boolean, a repeated
parameter) with a 400, instead of quietly returning everything."""

from datetime import UTC, datetime

import django_filters
from django.utils.translation import gettext as _


class StrictFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter is untyped
    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, declared in self.filters.items():
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            if not values:
                continue
            plain_text = type(declared) is django_filters.CharFilter
            if len(values) > 1 or (values[0] == "" and not plain_text):
                self.form.add_error(name, _("Give this parameter once, with a value."))
                valid = False
            elif isinstance(declared, django_filters.BooleanFilter) and values[0] not in (
                "true",
                "false",
            ):
                self.form.add_error(name, _("Use true or false."))
                valid = False
        return self._times_in_utc() and valid

    def _times_in_utc(self) -> bool:
        """Send times to the database in UTC: offsets such as +21:36 parse in Python but not
        in PostgreSQL, and some dates have no UTC equivalent (year 1 with a + offset)."""
        cleaned = getattr(self.form, "cleaned_data", {})
        for name, value in list(cleaned.items()):
            if isinstance(value, datetime):
                try:
                    cleaned[name] = value.astimezone(UTC)
                except OverflowError:
                    self.form.add_error(name, _("This date is out of range."))
                    return False
        return True
