"""The member's address book: reads and writes, always through the member who owns it.

Every function takes the member and looks an address up among theirs only, so an id from a
request can never reach another member's address. The first address becomes the default for
shipping and billing; a deleted default hands its role to the most recent other address.
Rows are locked in one order (the member's addresses by id) before the defaults change.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError
from apps.core.tax_ids import with_checked_tax_id

from .models import Address, Member

# Where carriers and customs need a region in the address, and where there are no postal codes
# (checkout's address and the address book follow the same rules).
COUNTRIES_REQUIRING_REGION = frozenset({"US", "CA", "AU", "BR", "MX", "CN", "IN", "JP"})
COUNTRIES_WITHOUT_POSTAL_CODE = frozenset(
    {
        "AE",
        "AG",
        "AO",
        "BS",
        "BZ",
        "CW",
        "FJ",
        "GH",
        "HK",
        "IE",
        "JM",
        "KI",
        "MO",
        "QA",
        "SC",
        "SR",
        "TT",
        "UG",
        "YE",
        "ZW",
    }
)
SHIPPING, BILLING = "shipping", "billing"
DEFAULT_FLAG = {SHIPPING: "is_default_shipping", BILLING: "is_default_billing"}


class AddressNotFound(ApplicationError):
    code = "address_not_found"
    default_message = _("This address is not in your address book.")


def address_problems(*, country: str, region: str, postal_code: str) -> dict[str, str | Promise]:
    """What the country needs that the address lacks, by field (empty: nothing)."""
    problems: dict[str, str | Promise] = {}
    if not country:
        return problems
    if country in COUNTRIES_REQUIRING_REGION and not region:
        problems["region"] = _("This country needs a state, province or region.")
    if country not in COUNTRIES_WITHOUT_POSTAL_CODE and not postal_code:
        problems["postal_code"] = _("This country needs a postal code.")
    return problems


def addresses_of(member: Member) -> QuerySet[Address]:
    """The member's addresses, defaults first, then the most recently used or changed."""
    return Address.objects.filter(member=member)


def address_of(member: Member, address_id) -> Address:
    """One of the member's addresses. Raises ``AddressNotFound`` for any other id."""
    try:
        return addresses_of(member).get(pk=int(address_id))
    except (Address.DoesNotExist, TypeError, ValueError) as error:
        raise AddressNotFound() from error


def default_address(member: Member, kind: str) -> Address | None:
    return addresses_of(member).filter(**{DEFAULT_FLAG[kind]: True}).first()


def _lock(member: Member) -> list[Address]:
    return list(Address.objects.select_for_update().filter(member=member).order_by("pk"))


@transaction.atomic
def save_address(
    *,
    member: Member,
    address: Address | None = None,
    fields: dict,
    default_shipping: bool = False,
    default_billing: bool = False,
) -> Address:
    """Add an address to ``member``'s book (``address`` None) or change one of theirs.

    ``fields``: the model's address fields. A member's first address is their default for
    shipping and billing; ``default_*`` make this one the default (the previous loses it).
    Raises ``AddressNotFound`` when ``address`` is not the member's, ``InvalidTaxId`` when its
    ``vat_id`` is not a valid id of its country (nothing is written then).
    """
    country = fields.get("country", address.country if address is not None else "")
    fields = with_checked_tax_id(fields, country=country)
    existing = _lock(member)
    if address is not None:
        address = next((row for row in existing if row.pk == address.pk), None)
        if address is None:
            raise AddressNotFound()
    else:
        address = Address(member=member)
        default_shipping = default_shipping or not existing
        default_billing = default_billing or not existing
    for name, value in fields.items():
        setattr(address, name, value)
    address.save()
    for kind, wanted in ((SHIPPING, default_shipping), (BILLING, default_billing)):
        if wanted:
            _make_default(member, address, kind)
    address.refresh_from_db()
    return address


@transaction.atomic
def set_default_address(*, member: Member, address_id, kind: str) -> Address:
    """Make one of the member's addresses their default for ``kind`` (shipping or billing)."""
    _lock(member)
    address = address_of(member, address_id)
    _make_default(member, address, kind)
    address.refresh_from_db()
    return address


def _make_default(member: Member, address: Address, kind: str) -> None:
    flag = DEFAULT_FLAG[kind]
    Address.objects.filter(member=member, **{flag: True}).exclude(pk=address.pk).update(
        **{flag: False}
    )
    Address.objects.filter(pk=address.pk).update(**{flag: True})


@transaction.atomic
def delete_address(*, member: Member, address_id) -> None:
    """Remove one of the member's addresses; a default role passes to their newest other one.

    Orders keep their own copy of the address, so nothing else changes.
    """
    _lock(member)
    address = address_of(member, address_id)
    roles = [kind for kind, flag in DEFAULT_FLAG.items() if getattr(address, flag)]
    address.delete()
    successor = addresses_of(member).order_by("-updated_at", "-id").first()
    if successor is not None:
        for kind in roles:
            _make_default(member, successor, kind)
