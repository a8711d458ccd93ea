"""Celery tasks of the ledger: thin and idempotent; the work is in services, jobs, purchases."""

from celery import shared_task
from django.utils import timezone

from apps.orders.models import Order, Refund

from . import jobs, purchases


@shared_task(name="ledger.award_purchase_points")
def award_purchase_points(order_id: int) -> None:
    purchases.award_purchase_points(Order.objects.select_related("member").get(pk=order_id))


@shared_task(name="ledger.claw_back_refund")
def claw_back_refund(refund_id: int) -> None:
    purchases.claw_back_refund(Refund.objects.select_related("order__member").get(pk=refund_id))


@shared_task(name="ledger.restore_cancelled_order")
def restore_cancelled_order(order_id: int) -> None:
    purchases.restore_cancelled_order(Order.objects.select_related("member").get(pk=order_id))


@shared_task(name="ledger.release_pending_points")
def release_pending_points() -> int:
    now = timezone.now()
    return jobs.release_due_lots(as_of=now, now=now)


@shared_task(name="ledger.expire_points")
def expire_points() -> int:
    now = timezone.now()
    jobs.release_due_lots(as_of=now, now=now)
    return jobs.expire_due_lots(as_of=now, now=now)


@shared_task(name="ledger.award_sign_up_bonus")
def award_sign_up_bonus(member_id: int) -> None:
    from apps.members.models import Member

    from .bonuses import award_event
    from .models import RuleKind

    member = Member.objects.get(pk=member_id)
    award_event(member=member, kind=RuleKind.SIGN_UP, key=str(member.pk))


@shared_task(name="ledger.award_profile_bonus")
def award_profile_bonus(member_id: int) -> None:
    from apps.members.models import Member

    from .bonuses import award_event
    from .models import RuleKind

    member = Member.objects.get(pk=member_id)
    award_event(member=member, kind=RuleKind.PROFILE, key=str(member.pk))
