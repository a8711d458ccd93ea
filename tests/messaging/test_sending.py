"""Notifications go by the member's chosen channels through the real Twilio SDK: once per event
and channel, in the member's language, within the limits, retried when the provider fails."""

import pytest
from django.utils import translation

from apps.ledger import services as ledger
from apps.members.models import ConsentRecord
from apps.messaging import services
from apps.messaging.models import Channel, ChannelMessage, ChannelSubscription, MessageStatus
from apps.notifications import services as notifications
from apps.notifications.models import Kind, Notification
from tests.factories import MemberFactory

from .conftest import SMS_FROM, STATUS_PATH, WHATSAPP_FROM, subscribe

pytestmark = pytest.mark.django_db


def earn(member, points: int, key: str = "gift"):
    return ledger.earn(member=member, points=points, reason="Welcome gift", idempotency_key=key)


def planned(member, *keys: str) -> list[ChannelMessage]:
    """Notifications recorded (their messages planned) but nothing sent yet."""
    for key in keys:
        notifications.notify(
            member=member, kind=Kind.POINTS_EARNED, dedupe_key=f"test:{key}", context={"points": 10}
        )
    return list(ChannelMessage.objects.order_by("pk"))


def german(text: str, **values) -> str:
    with translation.override("de"):
        return translation.gettext(text) % values


def test_points_credited_by_sms_in_german_once(
    twilio, sms_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = earn(sms_member, 1250).entry

    (sent,) = twilio.messages
    assert (sent.to, sent.params["From"]) == ("+4915123456789", SMS_FROM)
    assert german("%(points)s points credited", points="1.250") in sent.body
    assert german("Reply STOP to stop these messages.") in sent.body
    assert sent.params["StatusCallback"] == f"http://localhost:8000{STATUS_PATH}"
    message = ChannelMessage.objects.get()
    assert (message.status, message.provider_sid, message.language) == (
        MessageStatus.QUEUED,
        sent.sid,
        "de",
    )
    assert message.notification.dedupe_key == f"points.earned:{entry.pk}"

    # The same event told again: no second notification, no second SMS.
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(
            member=sms_member, kind=Kind.POINTS_EARNED, dedupe_key=message.notification.dedupe_key,
            context={"points": 1250},
        )  # fmt: skip
        services.queue_sending([message.pk])
    assert len(twilio.messages) == 1


def test_whatsapp_sends_the_approved_template_of_the_members_language(
    twilio, points_template, django_capture_on_commit_callbacks
):
    member = MemberFactory(preferred_language="de", user__first_name="Hanna")
    subscribe(member, Channel.WHATSAPP)

    with django_capture_on_commit_callbacks(execute=True):
        earn(member, 1250)

    (sent,) = twilio.messages
    assert sent.to == "whatsapp:+4915123456789"
    assert sent.params["From"] == f"whatsapp:{WHATSAPP_FROM}"
    assert sent.content_sid == points_template.content_sid_de
    assert sent.variables == {"1": "Hanna", "2": "1.250"}
    assert "Body" not in sent.params


def test_a_language_without_its_template_uses_the_english_one(
    twilio, points_template, django_capture_on_commit_callbacks
):
    member = subscribe(MemberFactory(preferred_language="fr"), Channel.WHATSAPP).member
    with django_capture_on_commit_callbacks(execute=True):
        earn(member, 1250)
    (sent,) = twilio.messages
    assert sent.content_sid == points_template.content_sid_en
    assert sent.variables["2"] == "1\u202f250"  # French grouping, from the same facts


def test_whatsapp_without_an_approved_template_is_not_sent(
    twilio, django_capture_on_commit_callbacks
):
    member = subscribe(MemberFactory(), Channel.WHATSAPP).member
    with django_capture_on_commit_callbacks(execute=True):
        earn(member, 100)
    assert twilio.messages == []
    message = ChannelMessage.objects.get()
    assert message.status == MessageStatus.SKIPPED
    assert "template" in message.error


def test_every_chosen_channel_gets_its_own_message(
    twilio, sms_member, points_template, django_capture_on_commit_callbacks
):
    subscribe(sms_member, Channel.WHATSAPP, "+4915199999999")
    with django_capture_on_commit_callbacks(execute=True):
        earn(sms_member, 100)
    assert sorted(m.to for m in twilio.messages) == ["+4915123456789", "whatsapp:+4915199999999"]
    assert Notification.objects.count() == 1


def test_a_member_without_channels_gets_no_message(
    twilio, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        earn(member, 100)
    assert twilio.messages == [] and not ChannelMessage.objects.exists()


def test_offers_need_marketing_consent_on_every_channel(
    twilio, sms_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(
            member=sms_member, kind=Kind.BIRTHDAY, dedupe_key="birthday:x", context={}
        )
    assert twilio.messages == []
    assert ChannelMessage.objects.get().error == "no marketing consent"


def test_the_members_daily_limit_stops_further_messages(
    twilio, sms_member, settings, django_capture_on_commit_callbacks
):
    settings.MESSAGING_MEMBER_DAILY_LIMIT = 2
    with django_capture_on_commit_callbacks(execute=True):
        for key in ("a", "b", "c"):
            earn(sms_member, 10, key)
    assert len(twilio.messages) == 2
    skipped = ChannelMessage.objects.get(status=MessageStatus.SKIPPED)
    assert skipped.error == "member's daily limit reached"


def test_the_shop_wide_limit_per_minute_makes_messages_wait(
    twilio, sms_member, settings, django_capture_on_commit_callbacks
):
    settings.MESSAGING_GLOBAL_PER_MINUTE = 1
    first, second = planned(sms_member, "a", "b")

    assert services.send(message_id=first.pk) == MessageStatus.QUEUED
    with pytest.raises(services.TryLater) as wait:
        services.send(message_id=second.pk)

    assert 0 < wait.value.seconds <= 65
    second.refresh_from_db()
    assert (second.status, second.attempts) == (MessageStatus.PENDING, 0)
    assert len(twilio.messages) == 1


def test_a_provider_outage_is_retried_with_backoff_and_shown_to_staff(
    twilio, sms_member, django_capture_on_commit_callbacks
):
    (message,) = planned(sms_member, "a")
    twilio.fail_next(503, 20503, "Service unavailable", times=2)

    assert services.send(message_id=message.pk) == MessageStatus.FAILED
    message.refresh_from_db()
    first_wait = message.retry_at - message.created_at
    assert message.attempts == 1 and "503" in message.error
    assert services.send(message_id=message.pk) == MessageStatus.FAILED
    message.refresh_from_db()
    assert message.retry_at - message.created_at > first_wait  # backs off

    assert services.send(message_id=message.pk) == MessageStatus.QUEUED
    message.refresh_from_db()
    assert (message.attempts, message.error, message.retry_at) == (3, "", None)
    assert len(twilio.messages) == 1


def test_the_periodic_job_queues_retries_that_are_due(
    twilio, sms_member, django_capture_on_commit_callbacks
):
    (message,) = planned(sms_member, "a")
    twilio.fail_next(500, 20500)
    services.send(message_id=message.pk)
    message.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_due(now=message.created_at) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_due(now=message.retry_at) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED


def test_an_invalid_number_fails_for_good(twilio, sms_member, django_capture_on_commit_callbacks):
    twilio.fail_next(400, 21211, "The 'To' number is not a valid phone number.")
    with django_capture_on_commit_callbacks(execute=True):
        earn(sms_member, 10)
    message = ChannelMessage.objects.get()
    assert (message.status, message.retry_at) == (MessageStatus.FAILED, None)
    assert "21211" in message.error


def test_a_recipient_who_opted_out_at_twilio_has_the_channel_turned_off(
    twilio, sms_member, django_capture_on_commit_callbacks
):
    twilio.fail_next(400, 21610, "Attempt to send to unsubscribed recipient")
    with django_capture_on_commit_callbacks(execute=True):
        earn(sms_member, 10)
    assert not ChannelSubscription.objects.get(member=sms_member).active
    record = ConsentRecord.objects.get(member=sms_member, purpose=Channel.SMS)
    assert (record.granted, record.source) == (False, "provider: recipient unsubscribed")


def test_a_message_already_handed_over_is_never_sent_again(
    twilio, sms_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        earn(sms_member, 10)
    message = ChannelMessage.objects.get()
    assert services.send(message_id=message.pk) == MessageStatus.QUEUED
    assert services.retry(message_ids=[message.pk]) == 0
    assert len(twilio.messages) == 1


def test_the_messaging_service_picks_the_sender_when_set(
    twilio, sms_member, settings, django_capture_on_commit_callbacks
):
    settings.TWILIO_MESSAGING_SERVICE_SID = "MG" + "1" * 32
    with django_capture_on_commit_callbacks(execute=True):
        earn(sms_member, 10)
    (sent,) = twilio.messages
    assert sent.params["MessagingServiceSid"] == settings.TWILIO_MESSAGING_SERVICE_SID
    assert "From" not in sent.params
