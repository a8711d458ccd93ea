"""Celery tasks of fraud detection: thin and idempotent (the alert e-mail's task is in
``emails``, which the services queue)."""

from celery import shared_task

from .detection import scan
from .emails import email_alert

__all__ = ["email_alert", "scan_for_fraud"]


@shared_task(name="risk.scan_for_fraud")
def scan_for_fraud() -> int:
    return scan()
