"""The ledger listens to orders: paid -> points, refunded -> clawback, cancelled -> restore."""

from apps.core import events


@events.subscriber(events.ORDER_PAID)
def on_order_paid(*, order_id: int, **_payload) -> None:
    from .tasks import award_purchase_points

    award_purchase_points.delay(order_id)


@events.subscriber(events.MEMBER_CREATED)
def on_member_created(*, member_id: int, **_payload) -> None:
    from .tasks import award_sign_up_bonus

    award_sign_up_bonus.delay(member_id)


@events.subscriber(events.PROFILE_COMPLETED)
def on_profile_completed(*, member_id: int, **_payload) -> None:
    from .tasks import award_profile_bonus

    award_profile_bonus.delay(member_id)


@events.subscriber(events.ORDER_REFUNDED)
def on_order_refunded(*, refund_id: int, **_payload) -> None:
    from .tasks import claw_back_refund

    claw_back_refund.delay(refund_id)


@events.subscriber(events.ORDER_CANCELLED)
def on_order_cancelled(*, order_id: int, **_payload) -> None:
    from .tasks import restore_cancelled_order

    restore_cancelled_order.delay(order_id)
