from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="tiers.reevaluate_all")
def reevaluate_all() -> int:
    return services.reevaluate_all(as_of=timezone.now())
