"""How tiers change prices, earning, redemption, shipping, service and early access elsewhere:
hooks on the extension points of the apps below (``apps.core.extensions``), loaded at start-up
like every app's ``hooks.py``."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from djmoney.money import Money

from apps.catalog import extensions as catalog
from apps.companies.extensions import company_merging
from apps.companies.models import CompanyMember
from apps.ledger import extensions as ledger
from apps.ledger.holders import company_earns
from apps.orders import extensions as orders
from apps.orders.benefits import ShippingBenefit

from .models import ShippingBenefitKind, TierShippingBenefit
from .selectors import member_tier
from .services import evaluate_member

ledger.member_tier.register(member_tier)


@catalog.member_discount.register
def member_discount(member) -> Decimal:
    tier = member_tier(member)
    return tier.discount_percent / 100 if tier else Decimal(0)


@catalog.member_price_name.register
def member_price_name(member) -> str:
    """The tier's name ("Gold") when the tier brings member prices."""
    tier = member_tier(member)
    return str(tier.name) if tier and tier.discount_percent else ""


@ledger.points_multiplier.register
def points_multiplier(member) -> Decimal:
    tier = member_tier(member)
    return tier.points_multiplier if tier else Decimal(1)


@ledger.redemption_rate.register
def redemption_rate(member) -> int | None:
    tier = member_tier(member)
    return tier.redemption_points_per_unit if tier else None


@orders.priority_service.register
def priority_service(member) -> bool:
    tier = member_tier(member)
    return bool(tier and tier.priority_service)


@catalog.early_access.register
def early_access(member) -> bool:
    tier = member_tier(member)
    return bool(tier and tier.early_access)


@orders.shipping_benefit.register
def shipping_benefit(*, member, method, currency: str, freight: Decimal, rate: Decimal):
    """The member's tier's best shipping benefit on ``freight`` (``orders.benefits``)."""
    tier = member_tier(member)
    if tier is None:
        return None
    applies = Q(shipping_method__isnull=True)
    if method is not None:
        applies |= Q(shipping_method=method)
    rows = list(TierShippingBenefit.objects.filter(applies, tier=tier))
    offers = [
        (min(amount, freight), row)
        for row in rows
        if (amount := _amount_off(row, rows, currency, freight, rate)) is not None
    ]
    if not offers:
        return None
    # The largest amount; for freight quoted later (no amount yet) free beats a percentage.
    amount, row = max(offers, key=lambda offer: (offer[0], _generosity(offer[1])))
    return ShippingBenefit(amount=amount, label=benefit_label(row, tier.name))


def _generosity(row: TierShippingBenefit) -> Decimal:
    if row.kind == ShippingBenefitKind.FREE:
        return Decimal(100)
    if row.kind == ShippingBenefitKind.PERCENT and row.percent is not None:
        return row.percent
    return Decimal(0)


def _amount_off(row, rows, currency: str, freight: Decimal, rate: Decimal) -> Decimal | None:
    if row.kind == ShippingBenefitKind.FREE:
        return freight
    if row.kind == ShippingBenefitKind.PERCENT:
        return freight * row.percent / 100
    if row.currency == currency:
        return row.amount
    # A base-currency amount serves currencies that have no amount of their own for the method.
    has_own = any(
        other.kind == ShippingBenefitKind.AMOUNT
        and other.currency == currency
        and other.shipping_method_id == row.shipping_method_id
        for other in rows
    )
    if row.currency == settings.BASE_CURRENCY and not has_own:
        return row.amount * rate
    return None


def benefit_text(row: TierShippingBenefit) -> str:
    """ "Free shipping", "50% off shipping": the benefit alone (the member center's list)."""
    if row.kind == ShippingBenefitKind.FREE:
        return _("Free shipping")
    if row.kind == ShippingBenefitKind.PERCENT:
        return _("%(percent)s%% off shipping") % {"percent": floatformat(row.percent, -2)}
    return _("%(amount)s off shipping") % {"amount": Money(row.amount, row.currency)}


def benefit_label(row: TierShippingBenefit, tier_name: str) -> str:
    """ "Platinum: free shipping", in the active language (shown on the order as its line)."""
    if row.kind == ShippingBenefitKind.FREE:
        return _("%(tier)s: free shipping") % {"tier": tier_name}
    if row.kind == ShippingBenefitKind.PERCENT:
        return _("%(tier)s: %(percent)s%% off shipping") % {
            "tier": tier_name,
            "percent": floatformat(row.percent, -2),
        }
    return _("%(tier)s: %(amount)s off shipping") % {
        "tier": tier_name,
        "amount": Money(row.amount, row.currency),
    }


@company_merging.register_as("tiers")
def evaluate_survivor_after_merge(*, merged, survivor, actor) -> dict[str, object] | None:
    """After a merge, the survivor's buyers (the merged company's among them) are evaluated
    together when the company earns: their combined spend may lift them all."""
    first = CompanyMember.objects.filter(company=survivor).select_related("member").first()
    if first is None or not company_earns():
        return None
    evaluate_member(first.member, as_of=timezone.now())
    return None
