from enum import StrEnum


class EventsEnum(StrEnum):
    COMPANY_CREATED = "company.created"
    COMPANY_MEMBER_ADDED = "company.member_added"
    MEMBER_CREATED = "member.created"
    ORDER_PAID = "order.paid"
    ORDER_REFUNDED = "order.refunded"
    POINTS_EARNED = "points.earned"
    POINTS_EXPIRED = "points.expired"
    POINTS_SPENT = "points.spent"
    QUOTE_ACCEPTED = "quote.accepted"
    QUOTE_REQUESTED = "quote.requested"
    REWARD_REDEEMED = "reward.redeemed"
    TIER_CHANGED = "tier.changed"

    def __str__(self) -> str:
        return str(self.value)
