"""Pagination: ``{"results": [...], "next": url-or-null, "previous": url-or-null, ...}``.

Lists are paged by number (with ``count``); the ledger, which only grows, by an opaque cursor
(stable while new entries arrive). Both accept ``page_size`` from 1 to 500; anything else in
``page`` or ``page_size`` is a 400, not silently replaced by a default.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import Cursor, CursorPagination, PageNumberPagination

if TYPE_CHECKING:  # DRF's settings import this module; its views, at run time, import them
    from rest_framework.request import Request
    from rest_framework.views import APIView

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def _whole_number(request: "Request", name: str, *, maximum: int | None = None) -> int | None:
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


def _bounded(parameters: list[dict[str, Any]], name: str, maximum: int) -> list[dict[str, Any]]:
    for parameter in parameters:
        if parameter["name"] == name:
            parameter["schema"].update({"minimum": 1, "maximum": maximum})
    return parameters


class PagePagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: "Request") -> int:
        return _whole_number(request, "page_size", maximum=MAX_PAGE_SIZE) or self.page_size

    def paginate_queryset(
        self,
        queryset: QuerySet[Any] | Sequence[Any],
        request: "Request",
        view: "APIView | None" = None,
    ) -> list[Any] | None:
        _whole_number(request, "page")
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: "APIView") -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        return _bounded(_bounded(parameters, "page_size", MAX_PAGE_SIZE), "page", 10**9)


class LedgerCursorPagination(CursorPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("-created_at", "-id")

    def get_page_size(self, request: "Request") -> int:
        return _whole_number(request, "page_size", maximum=MAX_PAGE_SIZE) or self.page_size

    def decode_cursor(self, request: "Request") -> Cursor | None:
        """The cursor from ``next``/``previous``; anything else is a 400 (``invalid``), also a
        well-encoded cursor whose position is not a time, which would fail in the query."""
        try:
            cursor = super().decode_cursor(request)
            if cursor is not None and cursor.position is not None:
                # The stubs say int; DRF keeps the ordering field's value as text.
                _time(cursor.position)  # type: ignore[arg-type]
        except (NotFound, ValueError, TypeError):
            message = _("This cursor is not valid: follow the next and previous links as given.")
            raise ValidationError({self.cursor_query_param: [message]}) from None
        return cursor

    def get_schema_operation_parameters(self, view: "APIView") -> list[dict[str, Any]]:
        return _bounded(super().get_schema_operation_parameters(view), "page_size", MAX_PAGE_SIZE)


def _time(position: str) -> None:
    """Raises ``ValueError`` unless ``position`` is a time, as ``created_at`` positions are."""
    if parse_datetime(position) is None:
        raise ValueError(position)
