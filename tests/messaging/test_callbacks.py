"""What Twilio tells us: signed status callbacks processed once whatever their order, and
STOP/START replies that withdraw and restore a channel's consent."""

import pytest

from apps.members.models import ConsentRecord
from apps.messaging import services
from apps.messaging.models import (
    Channel,
    ChannelMessage,
    ChannelSubscription,
    InboundMessage,
    MessageStatus,
    StatusCallback,
)
from apps.notifications import services as notifications
from apps.notifications.models import Kind

from .conftest import INBOUND_PATH, post_signed, subscribe

pytestmark = pytest.mark.django_db
INBOUND_URL = f"http://localhost:8000{INBOUND_PATH}"


def tell(member, key: str = "a") -> None:
    notifications.notify(
        member=member, kind=Kind.POINTS_EARNED, dedupe_key=f"test:{key}", context={"points": 10}
    )


@pytest.fixture
def sent(twilio, sms_member, django_capture_on_commit_callbacks):
    """One SMS handed to Twilio (queued)."""
    with django_capture_on_commit_callbacks(execute=True):
        tell(sms_member)
    (message,) = twilio.messages
    return message


def status_of(sent_message) -> str:
    return ChannelMessage.objects.get(provider_sid=sent_message.sid).status


def test_a_signed_status_callback_moves_the_message_on(client, twilio, sent):
    response = post_signed(client, twilio.status_callback(sent, "delivered"))
    assert response.status_code == 204
    assert status_of(sent) == MessageStatus.DELIVERED


@pytest.mark.parametrize("tamper", ["signature", "parameter", "unsigned"])
def test_a_forged_callback_is_refused_and_changes_nothing(client, twilio, sent, tamper):
    url, params, headers = twilio.status_callback(sent, "failed")
    if tamper == "signature":
        headers = {"X-Twilio-Signature": "AAAA" + headers["X-Twilio-Signature"][4:]}
    elif tamper == "parameter":
        params = {**params, "MessageStatus": "delivered"}
    else:
        headers = {}
    response = post_signed(client, (url, params, headers))
    assert response.status_code == 403
    assert status_of(sent) == MessageStatus.QUEUED
    assert not StatusCallback.objects.exists()


def test_a_repeated_callback_is_processed_once(client, twilio, sent):
    callback = twilio.status_callback(sent, "undelivered", error_code="30003")
    assert post_signed(client, callback).status_code == 204
    assert post_signed(client, callback).status_code == 204
    assert StatusCallback.objects.count() == 1
    message = ChannelMessage.objects.get(provider_sid=sent.sid)
    assert (message.status, message.error) == (MessageStatus.UNDELIVERED, "provider error 30003")


@pytest.mark.parametrize(
    ("order", "final"),
    [
        (["delivered", "sent"], MessageStatus.DELIVERED),  # a late "sent" does not go back
        (["sent", "delivered"], MessageStatus.DELIVERED),
        (["failed", "delivered"], MessageStatus.DELIVERED),  # delivered after all
        (["delivered", "failed"], MessageStatus.DELIVERED),
        (["read", "delivered", "sent"], MessageStatus.READ),
        (["sent", "undelivered"], MessageStatus.UNDELIVERED),
    ],
)
def test_callbacks_in_any_order_leave_the_furthest_status(client, twilio, sent, order, final):
    for status in order:
        assert post_signed(client, twilio.status_callback(sent, status)).status_code == 204
    assert status_of(sent) == final


def test_a_callback_before_the_send_was_recorded_is_applied_then(
    twilio, sms_member, django_capture_on_commit_callbacks
):
    """Twilio may call back before our worker has saved the message id it got."""
    sid = "SM" + "7" * 32
    assert services.record_status(provider_sid=sid, status="delivered")
    twilio.next_sids.append(sid)

    with django_capture_on_commit_callbacks(execute=True):
        tell(sms_member)

    assert ChannelMessage.objects.get(provider_sid=sid).status == MessageStatus.DELIVERED


def test_stop_withdraws_the_channels_consent_and_start_restores_it(
    client, twilio, sms_member, django_capture_on_commit_callbacks
):
    stop = twilio.inbound(url=INBOUND_URL, sender="+4915123456789", body="Stop")
    response = post_signed(client, stop)
    assert response.status_code == 200 and response["Content-Type"] == "text/xml"

    subscription = ChannelSubscription.objects.get(member=sms_member)
    assert (subscription.active, subscription.stopped_by_reply) == (False, True)
    record = ConsentRecord.objects.get(member=sms_member, purpose=Channel.SMS)
    assert (record.granted, record.source) == (False, "STOP reply")

    with django_capture_on_commit_callbacks(execute=True):
        tell(sms_member, "after-stop")
    assert twilio.messages == []  # nothing is planned for a channel that is off

    post_signed(client, twilio.inbound(url=INBOUND_URL, sender="+4915123456789", body="START"))
    assert ChannelSubscription.objects.get(member=sms_member).active
    assert list(
        ConsentRecord.objects.filter(member=sms_member)
        .order_by("id")
        .values_list("granted", flat=True)
    ) == [False, True]
    with django_capture_on_commit_callbacks(execute=True):
        tell(sms_member, "after-start")
    assert len(twilio.messages) == 1


def test_a_repeated_stop_is_recorded_once(client, twilio, sms_member):
    stop = twilio.inbound(url=INBOUND_URL, sender="+4915123456789", body="STOP")
    post_signed(client, stop)
    post_signed(client, stop)
    assert InboundMessage.objects.count() == 1
    assert ConsentRecord.objects.filter(member=sms_member).count() == 1


def test_stop_on_whatsapp_leaves_sms_on(client, twilio, sms_member):
    subscribe(sms_member, Channel.WHATSAPP)
    post_signed(
        client, twilio.inbound(url=INBOUND_URL, sender="whatsapp:+4915123456789", body="STOP")
    )
    on = dict(ChannelSubscription.objects.values_list("channel", "active"))
    assert on == {Channel.SMS: True, Channel.WHATSAPP: False}


def test_start_does_not_restore_a_channel_the_member_turned_off(client, twilio, sms_member):
    services.set_channel(member=sms_member, channel=Channel.SMS, wanted=False, source="test")
    post_signed(client, twilio.inbound(url=INBOUND_URL, sender="+4915123456789", body="START"))
    assert not ChannelSubscription.objects.get(member=sms_member).active


def test_other_replies_change_nothing(client, twilio, sms_member):
    """As at Twilio, a keyword counts only as the whole message."""
    for body in ("stop sending the pdf", "Thanks!"):
        post_signed(client, twilio.inbound(url=INBOUND_URL, sender="+4915123456789", body=body))
    assert ChannelSubscription.objects.get(member=sms_member).active
    assert set(InboundMessage.objects.values_list("keyword", flat=True)) == {""}
