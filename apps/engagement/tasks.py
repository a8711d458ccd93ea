from celery import shared_task

from . import challenges


@shared_task(name="engagement.catch_up_challenges")
def catch_up_challenges() -> int:
    """Nightly: complete the challenges an event delivery missed."""
    return challenges.catch_up()
