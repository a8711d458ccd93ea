"""The alert e-mail to programme managers: each in their language, once per alert."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.accounts.models import User
from config.celery import ReliableTask

from .evidence import summary
from .models import Alert


def alert_recipients() -> QuerySet[User]:
    """Active staff who may decide alerts (``risk.change_alert``, through a role or their own
    permissions, and superusers)."""
    may_decide = Q(codename="change_alert", content_type__app_label="risk")
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .exclude(email="")
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=_permissions(may_decide))
            | Q(user_permissions__in=_permissions(may_decide))
        )
        .select_related("member")
        .distinct()
        .order_by("pk")
    )


def _permissions(condition: Q) -> QuerySet[Permission]:
    return Permission.objects.filter(condition)


def language_of(user: User) -> str:
    """A staff member's language: their member profile's, else the site's."""
    member = getattr(user, "member", None)
    return (member.preferred_language if member is not None else "") or settings.LANGUAGE_CODE


def build(alert: Alert, user: User) -> EmailMessage:
    with translation.override(language_of(user)):
        path = reverse("admin:risk_alert_change", args=[alert.pk])
        context = {
            "alert": alert,
            "signal": alert.get_signal_display(),
            "members": list(alert.members.select_related("user").order_by("pk")),
            "summary": summary(alert),
            "alert_url": f"{settings.SITE_URL.rstrip('/')}{path}",
            "holds_points": alert.holds_points,
        }
        return EmailMessage(
            subject=_("Fraud alert: %(signal)s") % {"signal": context["signal"]},
            body=render_to_string("risk/email/alert.txt", context),
            to=[user.email],
        )


def send_alert_email(*, alert_id: int) -> int:
    """E-mail the alert to every manager, unless it was e-mailed already. Returns how many
    were sent. Sent inside the transaction that records it: a failure sends again on retry."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert_id)
        if alert.emailed_at is not None:
            return 0
        recipients = list(alert_recipients())
        for user in recipients:
            build(alert, user).send()
        alert.emailed_at = timezone.now()
        alert.save(update_fields=["emailed_at"])
    return len(recipients)


@shared_task(name="risk.email_alert", autoretry_for=(*ReliableTask.autoretry_for, SMTPException))
def email_alert(alert_id: int) -> int:
    return send_alert_email(alert_id=alert_id)
