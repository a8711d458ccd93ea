"""The "Export CSV" of an admin list: exactly the rows and columns the list shows.

``CsvExportAdmin`` is mixed into a ModelAdmin; its list gets an "Export CSV" button (the
project's ``admin/change_list_object_tools.html``) that downloads the list's rows with its
current filters, search and order (the changelist's own queryset), streamed from a server-side
cursor, so a million rows take no more memory than a thousand. The columns are the list's
(``get_list_display``: masked per role as on the page, ``core.masking``); headers are the
list's, in the reader's language; dates and times are ISO 8601; a money column is two columns,
amount and currency. Only staff with ``accounts.export_data`` (Finance, superusers) export.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import islice
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import label_for_field, lookup_field
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from djmoney.models.fields import MoneyField
from djmoney.money import Money

from .csv_export import csv_response
from .replica import alias_for_reads

EXPORT_PERMISSION = "accounts.export_data"  # the Finance role and superusers
CURSOR_ROWS = 500  # rows fetched from the server-side cursor at a time (one CSV batch)
# Rows turned into text at a time, in the reader's language (the response is sent after the
# view has returned, when the request's language is no longer active).
ROWS_PER_BATCH = 500


def may_export(request: HttpRequest) -> bool:
    return request.user.has_perm(EXPORT_PERMISSION)


class CsvExportAdmin(admin.ModelAdmin):
    """Mixed in before ``admin.ModelAdmin``: ``<list>/export/`` and its button."""

    def get_urls(self) -> list[URLPattern]:
        opts = self.model._meta
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.csv_export_view),
                name=f"{opts.app_label}_{opts.model_name}_export",
            ),
            *super().get_urls(),
        ]

    def may_export(self, request: HttpRequest) -> bool:
        return self.has_view_or_change_permission(request) and may_export(request)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if self.may_export(request):
            opts = self.model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_export")
            query = request.GET.urlencode()
            extra_context = {
                **(extra_context or {}),
                "csv_export_url": f"{url}?{query}" if query else url,
            }
        return super().changelist_view(request, extra_context)

    def prepare_export_rows(self, objects: list[Any]) -> list[Any]:
        """A batch of the list's rows before they are written: an admin whose list sets
        values on its rows after the query (as its changelist does for a page) sets them here
        for each batch of the export."""
        return objects

    def csv_export_view(self, request: HttpRequest) -> StreamingHttpResponse:
        """The list as CSV, with the filters, search and order of the list page (its query
        string)."""
        if not self.may_export(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        columns = [
            _Column(name, self) for name in changelist.list_display if name != "action_checkbox"
        ]
        header = [label for column in columns for label in column.labels]
        # Read while the response streams: from the replica if this view reads from it
        # (apps/core/replica.py), decided now, as the rows are read after the view returned.
        queryset = changelist.get_queryset(request).using(alias_for_reads())
        objects = queryset.iterator(chunk_size=CURSOR_ROWS)
        rows = _prepared(objects, self.prepare_export_rows)
        opts = self.model._meta
        return csv_response(
            filename=f"{opts.model_name}-{timezone.now():%Y%m%d-%H%M}.csv",
            header=header,
            rows=_in_language(
                ([cell for column in columns for cell in column.cells(row)] for row in rows),
                translation.get_language(),
            ),
        )


class _Column:
    """One column of the list: its header(s) and how a row's value is written (two of each
    for money)."""

    def __init__(self, name: str | Callable[..., Any], model_admin: CsvExportAdmin):
        self.name = name
        self.model_admin = model_admin
        model = model_admin.model
        label = capfirst(str(label_for_field(name, model, model_admin)))
        self.field = _field(model, name)
        self.money = _is_money(name, model, model_admin, self.field)
        self.labels = (
            [label, _("%(column)s currency") % {"column": label}] if self.money else [label]
        )

    def cells(self, row: models.Model) -> list[object]:
        _field_found, _attr, value = lookup_field(self.name, row, self.model_admin)
        if self.field is not None and self.field.choices and not self.field.is_relation:
            value = dict(self.field.flatchoices).get(value, value)
        if self.money:
            if isinstance(value, Money):
                return [value.amount, str(value.currency)]
            return ["", ""]
        return [_cell(value)]


def _field(model: type[models.Model], name: object) -> models.Field | None:
    if not isinstance(name, str):
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _is_money(name: object, model: type[models.Model], model_admin: Any, field) -> bool:
    """A money column: a ``MoneyField``, or a property or display function declared to return
    ``Money``."""
    if isinstance(field, MoneyField):
        return True
    if isinstance(name, str):
        function = getattr(model_admin, name, None) or getattr(model, name, None)
    else:
        function = name
    if isinstance(function, property):
        function = function.fget
    returns = getattr(function, "__annotations__", {}).get("return")
    if returns is None:
        return False
    return "Money" in (returns if isinstance(returns, str) else str(returns))


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal | float):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Money):  # in a column not declared as money: one cell
        return f"{value.amount} {value.currency}"
    if isinstance(value, SafeString):  # a display function's HTML
        return strip_tags(value)
    if isinstance(value, Promise):
        return str(value)
    return str(value)


def _prepared(objects: Iterable[Any], prepare: Callable[[list[Any]], list[Any]]) -> Iterator[Any]:
    iterator = iter(objects)
    while batch := list(islice(iterator, ROWS_PER_BATCH)):
        yield from prepare(batch)


def _in_language(rows: Iterable[list[object]], language: str | None) -> Iterator[list[object]]:
    """``rows`` computed in ``language``, a batch at a time (each cell already text or a
    number, so nothing is translated later)."""
    iterator = iter(rows)
    while True:
        with translation.override(language):
            batch = list(islice(iterator, ROWS_PER_BATCH))
        if not batch:
            return
        yield from batch
