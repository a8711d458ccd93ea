"""Which price list applies to a buyer, and its prices (docs/pricelists.md, "Priority").

The priority rule, when several lists apply to a buyer at once:

1. how closely the list is assigned: to the buyer's company, then to their customer type and
   country, then to their customer type, then to their country;
2. then the list's ``priority`` (highest first);
3. then a list in the shopper's currency before one that needs converting;
4. then the oldest list (lowest id).

One list applies; products it does not price are sold at the catalogue or member price.
A company's buyers are matched by the company's customer type and country, a member without a
company by their own.
"""

from datetime import datetime
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.caching import cached_fragment
from apps.catalog.pricing import BuyerPriceList
from apps.companies.models import Company
from apps.companies.selectors import membership_of
from apps.members.models import Member

from .models import PriceList, PriceListAssignment, PriceListItem, PriceListKind


def _valid_at(moment: datetime) -> Q:
    return (
        Q(price_list__is_active=True)
        & (Q(price_list__valid_from__isnull=True) | Q(price_list__valid_from__lte=moment))
        & (Q(price_list__valid_until__isnull=True) | Q(price_list__valid_until__gt=moment))
    )


def _closeness(assignment: PriceListAssignment) -> int:
    if assignment.company_id is not None:
        return 3
    if assignment.customer_type and assignment.country:
        return 2
    return 1 if assignment.customer_type else 0


def applicable_assignment(
    member: Member, *, currency: str, now: datetime | None = None
) -> PriceListAssignment | None:
    """The assignment (with its list) by which a list applies to ``member`` now, chosen by the
    priority rule above; None when no list applies. Two queries."""
    membership = membership_of(member)
    company: Company | None = membership.company if membership else None
    customer_type = company.customer_type if company else member.customer_type
    country = str(company.country if company else member.country)
    whom = Q(
        company__isnull=True,
        customer_type__in={"", customer_type},
        country__in={"", country},
    )
    if company is not None:
        whom |= Q(company=company)
    candidates = list(
        PriceListAssignment.objects.filter(whom, _valid_at(now or timezone.now())).select_related(
            "price_list"
        )
    )
    if not candidates:
        return None
    return max(
        candidates,
        key=lambda found: (
            _closeness(found),
            found.price_list.priority,
            found.price_list.currency == currency,
            -found.price_list_id,
        ),
    )


def applicable_price_list(
    member: Member, *, currency: str, now: datetime | None = None
) -> PriceList | None:
    assignment = applicable_assignment(member, currency=currency, now=now)
    return assignment.price_list if assignment else None


def list_prices(price_list_id: int) -> dict[int, tuple[tuple[int, Decimal], ...]]:
    """A fixed-price list's prices: product id -> ((from quantity, unit price), ...), read once
    per catalogue version (any change to a list bumps it) and kept in each process."""
    return cached_fragment(("price-list-prices", price_list_id), lambda: _prices(price_list_id))


def _prices(price_list_id: int) -> dict[int, tuple[tuple[int, Decimal], ...]]:
    rows = (
        PriceListItem.objects.filter(price_list_id=price_list_id)
        .order_by("product_id", "min_quantity")
        .values_list("product_id", "min_quantity", "price")
    )
    prices: dict[int, list[tuple[int, Decimal]]] = {}
    for product_id, quantity, price in rows:
        prices.setdefault(product_id, []).append((quantity, price))
    return {product_id: tuple(rungs) for product_id, rungs in prices.items()}


def buyer_price_list(member: Member, *, currency: str) -> BuyerPriceList | None:
    """What the catalogue's pricing needs of the list that applies to ``member`` (None: none)."""
    assignment = applicable_assignment(member, currency=currency)
    if assignment is None:
        return None
    price_list = assignment.price_list
    for_company = assignment.company_id is not None
    if for_company:
        label = _("Your company price")
    else:
        label = _("Your price (%(list)s)") % {"list": price_list.name}
    key = f"{price_list.pk}:{'company' if for_company else 'general'}"
    if price_list.kind == PriceListKind.PERCENT:
        return BuyerPriceList(
            key=key,
            label=label,
            currency=price_list.currency,
            percent_off=price_list.percent_off or Decimal(0),
        )
    return BuyerPriceList(
        key=key, label=label, currency=price_list.currency, prices=list_prices(price_list.pk)
    )
