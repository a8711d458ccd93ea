from enum import StrEnum


class RewardsListKind(StrEnum):
    CERTIFICATION = "certification"
    COUPON_AMOUNT = "coupon_amount"
    COUPON_PERCENT = "coupon_percent"
    DONATION = "donation"
    FREE_SAMPLE = "free_sample"
    GIFT = "gift"
    SERVICE = "service"
    SHIPPING = "shipping"
    TIER_PASS = "tier_pass"

    def __str__(self) -> str:
        return str(self.value)
