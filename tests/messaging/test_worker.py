"""A real Celery worker process sends the SMS of a committed event through the Twilio SDK to
the fake Twilio, retries an outage after its backoff, and never sends a message twice."""

import pytest

from apps.ledger import services as ledger
from apps.messaging.models import Channel, ChannelMessage, MessageStatus
from apps.messaging.tasks import send_message
from apps.notifications.models import Kind
from apps.notifications.services import notify
from tests.conftest import wait_until
from tests.factories import MemberFactory
from tests.fakes.twilio_server import FakeTwilio

from .conftest import SMS_FROM, subscribe


@pytest.fixture
def worker_with_twilio(transactional_db, monkeypatch, settings, request):
    with FakeTwilio() as fake:
        environment = {
            "TWILIO_ACCOUNT_SID": fake.account_sid,
            "TWILIO_AUTH_TOKEN": fake.auth_token,
            "TWILIO_API_BASE": fake.base_url,
            "TWILIO_SMS_FROM": SMS_FROM,
        }
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
            setattr(settings, name, value)
        request.getfixturevalue("celery_worker_process")
        yield fake


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_the_sms_once_and_retries_an_outage(worker_with_twilio):
    twilio = worker_with_twilio
    member = MemberFactory(preferred_language="de")
    subscribe(member, Channel.SMS)
    twilio.fail_next(503, 20503, "Service unavailable")

    ledger.earn(member=member, points=2500, reason="Order", idempotency_key="o")

    wait_until(lambda: len(twilio.messages) == 1, timeout=120)  # after a 30 s backoff
    message = ChannelMessage.objects.get()
    wait_until(lambda: ChannelMessage.objects.get().provider_sid is not None, timeout=30)
    send_message.delay(message.pk)  # queued again by mistake
    send_message.delay(message.pk)
    # A marker behind them on the same queue: once it is sent, the duplicates were handled.
    notify(member=member, kind=Kind.WELCOME, dedupe_key="welcome:marker", context={})
    wait_until(lambda: len(twilio.messages) == 2, timeout=60)

    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 2)
    assert "2.500" in twilio.messages[0].body
    assert [m.sid for m in twilio.messages].count(message.provider_sid) == 1
