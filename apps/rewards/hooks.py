"""What rewards plug into the apps below (``apps.core.extensions``), loaded at start-up."""

from apps.checkout.discounts import discount_provider
from apps.ledger import reasons
from apps.tiers.extensions import benefit_lines

from . import data_export  # noqa: F401  (registers its export section)
from .coupons import coupon_discount
from .ledger_reasons import (
    REWARD_REDEEMED_REASON,
    REWARD_REJECTED_REASON,
    REWARD_VOIDED_REASON,
    reward_name_shown,
)
from .selectors import exclusive_reward_lines

discount_provider.register(coupon_discount)
benefit_lines.register(exclusive_reward_lines)
reasons.register(
    REWARD_REDEEMED_REASON,
    REWARD_REJECTED_REASON,
    REWARD_VOIDED_REASON,
    names={"reward": reward_name_shown},
)
