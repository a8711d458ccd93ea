"""Staff send a notification's e-mail again: once per request, through the same delivery."""

import pytest

from apps.ledger import services as ledger
from apps.notifications import services
from apps.notifications.models import EmailStatus, Kind, Notification
from tests.factories import MemberFactory, make_order

pytestmark = pytest.mark.django_db


def test_a_sent_email_is_sent_again_once(smtp_server, django_capture_on_commit_callbacks):
    member = MemberFactory(preferred_language="de")
    with django_capture_on_commit_callbacks(execute=True):
        entry = ledger.earn(member=member, points=500, reason="Gift", idempotency_key="g").entry
    smtp_server.wait_for(1)
    notification = Notification.objects.get(dedupe_key=f"points.earned:{entry.pk}")

    with django_capture_on_commit_callbacks(execute=True):
        assert services.resend_email(notification=notification) is True
        assert services.resend_email(notification=notification) is False  # a double click

    received = smtp_server.wait_for(2)
    assert received[1].envelope_to == [member.user.email]
    assert received[1].header("Content-Language") == "de"
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_attempts) == (EmailStatus.SENT, 2)


def test_an_email_never_sent_or_an_order_email_is_not_resent():
    member = MemberFactory()
    waiting = Notification.objects.create(
        member=member,
        kind=Kind.POINTS_EARNED,
        dedupe_key="x:1",
        created_at="2026-01-01T00:00Z",
        email_status=EmailStatus.SKIPPED,
    )
    with pytest.raises(services.NotResendable):
        services.resend_email(notification=waiting)
    order_email = services.record_order_email(order=make_order(member=member), kind="placed")
    with pytest.raises(services.NotResendable):
        services.resend_email(notification=order_email)
    assert order_email.email_status == EmailStatus.SENT
