from celery import shared_task
from django.utils import timezone

from apps.members.models import Member

from . import services


@shared_task(name="tiers.evaluate_member")
def evaluate_member(member_id: int) -> None:
    services.evaluate_member(Member.objects.get(pk=member_id), as_of=timezone.now())


@shared_task(name="tiers.reevaluate_all")
def reevaluate_all() -> int:
    return services.reevaluate_all(as_of=timezone.now())
