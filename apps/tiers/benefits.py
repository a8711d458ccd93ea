"""A tier's benefits in words, for the member center: every benefit that acts, and only those.

Apps above tiers add their own lines through the ``tiers.benefit_lines`` extension point
(rewards: the tier's exclusive rewards), so this list never imports them.
"""

from django.conf import settings
from django.db.models import F
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from . import extensions
from .hooks import benefit_text
from .models import ShippingBenefitKind, Tier


def benefit_lines(tier: Tier | None, *, currency: str) -> list[str]:
    """What ``tier`` gives, in the active language, most tangible first; shipping amounts in
    ``currency`` where the tier has one (else in the base currency, as they apply)."""
    if tier is None:
        return []
    lines = []
    if tier.discount_percent:
        lines.append(
            _("%(percent)s%% member prices") % {"percent": floatformat(tier.discount_percent, -2)}
        )
    if tier.points_multiplier != 1:
        lines.append(
            _("×%(multiplier)s points on orders")
            % {"multiplier": floatformat(tier.points_multiplier, -2)}
        )
    if tier.redemption_points_per_unit:
        lines.append(
            _("Better redemption rate: %(points)s points per unit of the base currency")
            % {"points": tier.redemption_points_per_unit}
        )
    lines += [_shipping_line(benefit) for benefit in _shipping_benefits(tier, currency)]
    if tier.priority_service:
        lines.append(_("Priority service"))
    if tier.account_manager:
        lines.append(_("A dedicated account manager"))
    if tier.early_access:
        lines.append(_("Early access to new products"))
    for provider in extensions.benefit_lines.hooks():
        lines += provider(tier)
    return lines


def _shipping_benefits(tier: Tier, currency: str) -> list:
    rows = list(
        tier.shipping_benefits.select_related("shipping_method").order_by(
            F("shipping_method__position").asc(nulls_first=True), "shipping_method_id", "currency"
        )
    )
    own = {row.shipping_method_id for row in rows if row.currency == currency}
    return [
        row
        for row in rows
        if row.kind != ShippingBenefitKind.AMOUNT
        or row.currency == currency
        or (row.currency == settings.BASE_CURRENCY and row.shipping_method_id not in own)
    ]


def _shipping_line(benefit) -> str:
    text = benefit_text(benefit)
    if benefit.shipping_method is None:
        return _("%(benefit)s on every shipping method") % {"benefit": text}
    return _("%(benefit)s: %(method)s") % {"benefit": text, "method": benefit.shipping_method}
