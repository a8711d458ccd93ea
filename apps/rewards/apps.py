from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    name = "apps.rewards"
    verbose_name = _("Rewards")

    def ready(self) -> None:
        from apps.checkout.discounts import register_discount_provider
        from apps.ledger import reasons
        from apps.tiers.benefits import register_benefit_lines

        from .coupons import coupon_discount
        from .ledger_reasons import (
            REWARD_REDEEMED_REASON,
            REWARD_REJECTED_REASON,
            REWARD_VOIDED_REASON,
            reward_name_shown,
        )
        from .selectors import exclusive_reward_lines

        register_discount_provider(coupon_discount)
        register_benefit_lines(exclusive_reward_lines)
        reasons.register(
            REWARD_REDEEMED_REASON,
            REWARD_REJECTED_REASON,
            REWARD_VOIDED_REASON,
            names={"reward": reward_name_shown},
        )
