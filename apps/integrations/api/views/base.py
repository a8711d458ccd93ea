"""What every API view shares: looking a member up by id, email or external id."""

from django.db import connection
from django.db.models import Field, QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request

from apps.core.sql import execute_prepared
from apps.members.models import Member

from ..authentication import request_api_key

MEMBER_PARAMETER = OpenApiParameter(
    "member",
    str,
    OpenApiParameter.PATH,
    description=(
        "The member's id (`42`), or `email:<address>`, or `external:<your id>` "
        "(e.g. `external:C-1001`)."
    ),
)


def find_member(lookup: str, queryset: QuerySet[Member] | None = None) -> Member:
    """The member for a path value: an id, ``email:<address>`` or ``external:<id>``."""
    members = Member.objects.select_related("user") if queryset is None else queryset
    if is_id(lookup):
        found = members.filter(pk=int(lookup))
    elif lookup.startswith("email:") and len(lookup) > 6:
        found = members.filter(user__email__iexact=lookup.removeprefix("email:"))
    elif lookup.startswith("external:") and len(lookup) > 9:
        found = members.filter(external_id=lookup.removeprefix("external:"))
    else:
        raise Http404
    member = found.first()
    if member is None:
        raise Http404
    return member


def _column(name: str) -> str:
    field = Member._meta.get_field(name)
    if not isinstance(field, Field) or field.column is None:
        raise ValueError(f"{name} is not a column of members")
    return field.column


def member_with(lookup: str, *fields: str) -> Member:
    """``find_member`` loading only ``fields`` (plus the id); an id is looked up with a prepared
    statement (no ORM compilation: the lookup every API write starts with)."""
    if not is_id(lookup):
        return find_member(lookup, Member.objects.only(*fields))
    columns = ["id", *(_column(name) for name in fields)]
    sql = f"SELECT {', '.join(columns)} FROM {Member._meta.db_table} WHERE id = %(id)s"  # noqa: S608 - model metadata
    with connection.cursor() as cursor:
        execute_prepared(cursor, f"api_member_{'_'.join(columns)}", sql, {"id": int(lookup)})
        row = cursor.fetchone()
    if row is None:
        raise Http404
    return Member.from_db(connection.alias, ["id", *fields], row)


def is_id(lookup: str) -> bool:
    """Whether a member path value is an id (digits that fit a bigint; not "¹": int() refuses
    it)."""
    return lookup.isascii() and lookup.isdigit() and len(lookup) <= 18


def source_label(request: Request) -> str:
    """How API writes are attributed in ledgers, timelines and consent records."""
    return f"api:{request_api_key(request).prefix}"
