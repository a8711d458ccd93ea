"""Pagination: ``{"results": [...], "next": url-or-null, "previous": url-or-null, ...}``.

Lists are paged by number (with ``count``); the ledger, which only grows, by an opaque cursor
(stable while new entries arrive). Both accept ``page_size`` from 1 to 500; anything else in
``page`` or ``page_size`` is a 400, not silently replaced by a default.
"""

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def _whole_number(request, name: str, *, maximum: int | None = None) -> int | None:
    values = request.query_params.getlist(name)
    if not values:
        return None
    value = values[0]
    if (
        len(values) > 1
        or not (value.isascii() and value.isdigit())
        or not 1 <= int(value) <= (maximum or 10**9)
    ):
        message = _("A whole number from 1 to %(maximum)s.") % {"maximum": maximum or 10**9}
        raise ValidationError({name: [message]})
    return int(value)


def _bounded(parameters: list[dict], name: str, maximum: int) -> list[dict]:
    for parameter in parameters:
        if parameter["name"] == name:
            parameter["schema"].update({"minimum": 1, "maximum": maximum})
    return parameters


class PagePagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request) -> int:
        return _whole_number(request, "page_size", maximum=MAX_PAGE_SIZE) or self.page_size

    def paginate_queryset(self, queryset, request, view=None):
        _whole_number(request, "page")
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        return _bounded(_bounded(parameters, "page_size", MAX_PAGE_SIZE), "page", 10**9)


class LedgerCursorPagination(CursorPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("-created_at", "-id")

    def get_page_size(self, request) -> int:
        return _whole_number(request, "page_size", maximum=MAX_PAGE_SIZE) or self.page_size

    def decode_cursor(self, request):
        """The cursor from ``next``/``previous``; anything else is a 400 (``invalid``), also a
        well-encoded cursor whose position is not a time, which would fail in the query."""
        try:
            cursor = super().decode_cursor(request)
            if cursor is not None and cursor.position is not None:
                _time(cursor.position)
        except (NotFound, ValueError, TypeError):
            message = _("This cursor is not valid: follow the next and previous links as given.")
            raise ValidationError({self.cursor_query_param: [message]}) from None
        return cursor

    def get_schema_operation_parameters(self, view):
        return _bounded(super().get_schema_operation_parameters(view), "page_size", MAX_PAGE_SIZE)


def _time(position: str) -> None:
    """Raises ``ValueError`` unless ``position`` is a time, as ``created_at`` positions are."""
    if parse_datetime(position) is None:
        raise ValueError(position)
