"""A real Celery worker process turns a committed event into an email on the SMTP server."""

import pytest

from apps.ledger import services as ledger
from apps.notifications.models import EmailStatus, Kind, Notification
from apps.notifications.services import notify
from apps.notifications.tasks import deliver_notification
from tests.conftest import wait_until
from tests.factories import MemberFactory


@pytest.fixture
def worker_over_smtp(transactional_db, smtp_server, monkeypatch, request):
    """The shared worker fixture, started with our SMTP server as its email backend (the
    test database is set up first: the worker is given its name)."""
    monkeypatch.setenv("TEST_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{smtp_server.port}")
    return request.getfixturevalue("celery_worker_process")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_delivers_points_credited_through_smtp_once(worker_over_smtp, smtp_server):
    member = MemberFactory(preferred_language="de")

    entry = ledger.earn(member=member, points=2500, reason="Order", idempotency_key="o").entry

    (received,) = smtp_server.wait_for(1, timeout=60)
    assert received.envelope_to == [member.user.email]
    assert "2.500" in received.subject
    notification = Notification.objects.get(dedupe_key=f"points.earned:{entry.pk}")
    wait_until(lambda: Notification.objects.get(pk=notification.pk).email_sent_at)

    deliver_notification.delay(notification.pk)  # redelivered by mistake
    deliver_notification.delay(notification.pk)
    marker = notify(member=member, kind=Kind.WELCOME, dedupe_key="welcome:marker", context={})
    smtp_server.wait_for(2, timeout=60)  # the worker handles tasks in order: duplicates done

    assert [r.subject for r in smtp_server.received].count(received.subject) == 1
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_attempts) == (EmailStatus.SENT, 1)
    assert marker is not None
