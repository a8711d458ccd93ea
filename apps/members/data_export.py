"""Download my data (GDPR/CCPA access): what the member gave us and what we recorded, as JSON.

Every value keeps its JSON type (``json_value``): booleans stay booleans, counts integers, a
missing value ``null``, dates and times ISO 8601, amounts strings (never floats) with their
currency, so a buyer's own tools read the file without guessing.

The profile and what this app records are exported here; every other app that records
something about a member adds its section in its own ``data_export.py`` through the
``members.data_export_section`` extension point (its ``hooks.py`` imports the module at
start-up), so the members app needs to know none of them.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import cast

from django.db import models
from django_countries.fields import Country

from .extensions import data_export_section
from .models import PROFILE_FIELDS, Address, Member


def json_value(field: models.Field, value):
    """``value`` of model ``field`` as the JSON type that says what it is."""
    if value is None:
        return None
    if isinstance(field, models.BooleanField):
        return bool(value)
    if isinstance(field, models.IntegerField):  # the positive, small and big ones too
        return int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Country):
        return value.code or None
    return value


def money(amount: Decimal, currency: str) -> dict:
    """An amount as a string (exact, never a float) with its currency."""
    return {"amount": str(amount), "currency": currency}


def row(instance: models.Model, keys: dict[str, str]) -> dict:
    """``{json key: field name}`` of ``instance`` as typed JSON values."""
    meta = instance._meta
    return {
        key: json_value(cast(models.Field, meta.get_field(name)), getattr(instance, name))
        for key, name in keys.items()
    }


def export_member_data(member: Member) -> dict:
    """Everything the member gave us and what we recorded about them, ready for ``json``."""
    return {name: section(member) for name, section in data_export_section.items()}


PROFILE = {name: name for name in (*PROFILE_FIELDS, "referral_code", "created_at")}
CONSENTS = {"purpose": "purpose", "granted": "granted", "source": "source", "at": "created_at"}
REFERRALS = {"status": "status", "at": "created_at", "rewarded_at": "rewarded_at"}
PRODUCT_VIEWS = {"views": "views", "last": "last_viewed_at"}
ADDRESSES = {
    name: name
    for name in (
        "label",
        *Address.ORDER_FIELDS,
        "country",
        "phone",
        "vat_id",
        "is_default_shipping",
        "is_default_billing",
    )
}


@data_export_section.register_as("profile")
def profile(member: Member) -> dict:
    return {**row(member, PROFILE), "email": member.user.email}


@data_export_section.register_as("consents")
def consents(member: Member) -> list[dict]:
    return [row(record, CONSENTS) for record in member.consents.order_by("created_at", "id")]


@data_export_section.register_as("referrals")
def referrals(member: Member) -> list[dict]:
    return [row(referral, REFERRALS) for referral in member.referrals.order_by("created_at")]


@data_export_section.register_as("product_views")
def product_views(member: Member) -> list[dict]:
    views = member.product_views.select_related("product").order_by("-last_viewed_at")
    return [{"product": view.product.sku, **row(view, PRODUCT_VIEWS)} for view in views]


@data_export_section.register_as("addresses")
def addresses(member: Member) -> list[dict]:
    return [row(address, ADDRESSES) for address in member.addresses.order_by("created_at", "id")]
