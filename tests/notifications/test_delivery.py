"""Notifications reach a real SMTP server once, in the member's language, with consent respected."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.utils import translation

from apps.ledger import services as ledger
from apps.notifications import services
from apps.notifications.models import EmailStatus, EmailTemplate, Kind, Notification
from tests.factories import MemberFactory

from .conftest import free_port, use_smtp

pytestmark = pytest.mark.django_db


def translated(language: str, text: str, **values) -> str:
    with translation.override(language):
        return translation.gettext(text) % values


def earn(member, points: int, key: str = "gift"):
    return ledger.earn(member=member, points=points, reason="Welcome gift", idempotency_key=key)


def test_points_credited_email_arrives_in_german_with_german_numbers(
    smtp_server, django_capture_on_commit_callbacks
):
    member = MemberFactory(preferred_language="de")

    with django_capture_on_commit_callbacks(execute=True):
        entry = earn(member, 1250).entry

    (received,) = smtp_server.wait_for(1)
    assert received.envelope_to == [member.user.email]
    assert received.subject == translated("de", "%(points)s points credited", points="1.250")
    assert "1.250" in received.text and "1.250" in received.html
    assert '<html lang="de" dir="ltr">' in received.html
    assert received.header("Content-Language") == "de"
    notification = Notification.objects.get(dedupe_key=f"points.earned:{entry.pk}")
    assert (notification.email_status, notification.email_language) == (EmailStatus.SENT, "de")


def test_arabic_email_is_right_to_left(smtp_server, django_capture_on_commit_callbacks):
    member = MemberFactory(preferred_language="ar")

    with django_capture_on_commit_callbacks(execute=True):
        earn(member, 1250)

    (received,) = smtp_server.wait_for(1)
    assert '<html lang="ar" dir="rtl">' in received.html
    # The number kept left to right inside the Arabic sentence (Unicode isolates).
    isolated = "\u20661,250\u2069"
    assert received.subject == translated("ar", "%(points)s points credited", points=isolated)
    assert received.header("Content-Language") == "ar"


def test_delivering_twice_sends_once(smtp_server):
    member = MemberFactory()
    notification = services.notify(
        member=member, kind=Kind.WELCOME, dedupe_key="welcome:test", context={}
    )

    first = services.deliver(notification_id=notification.pk)
    second = services.deliver(notification_id=notification.pk)

    assert (first, second) == (EmailStatus.SENT, EmailStatus.SENT)
    assert len(smtp_server.received) == 1
    notification.refresh_from_db()
    assert notification.email_attempts == 1


def test_the_same_event_notified_twice_is_one_notification(smtp_server):
    member = MemberFactory()

    first = services.notify(member=member, kind=Kind.WELCOME, dedupe_key="welcome:x", context={})
    second = services.notify(member=member, kind=Kind.WELCOME, dedupe_key="welcome:x", context={})

    assert first is not None and second is None
    assert Notification.objects.filter(dedupe_key="welcome:x").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_send_once(smtp_server):
    member = MemberFactory()
    notification = services.notify(
        member=member, kind=Kind.WELCOME, dedupe_key="welcome:race", context={}
    )

    def deliver(_):
        try:
            return services.deliver(notification_id=notification.pk)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(deliver, range(4)))

    smtp_server.wait_for(1)
    assert len(smtp_server.received) == 1
    assert EmailStatus.SENT in results
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_attempts) == (EmailStatus.SENT, 1)


def test_a_failed_send_is_retried_and_then_sent_once(settings, smtp_server):
    member = MemberFactory()
    notification = services.notify(
        member=member, kind=Kind.WELCOME, dedupe_key="welcome:retry", context={}
    )
    use_smtp(settings, free_port())  # nobody listens there

    with pytest.raises(OSError):
        services.deliver(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.FAILED
    assert "ConnectionRefused" in notification.email_error

    use_smtp(settings, smtp_server.port)
    assert services.deliver(notification_id=notification.pk) == EmailStatus.SENT
    assert services.deliver(notification_id=notification.pk) == EmailStatus.SENT
    assert len(smtp_server.received) == 1
    notification.refresh_from_db()
    assert notification.email_attempts == 2


@pytest.mark.parametrize(("consent", "emailed"), [(True, 1), (False, 0)])
def test_marketing_emails_need_the_members_current_consent(smtp_server, consent, emailed):
    member = MemberFactory(marketing_consent=consent)
    notification = services.notify(
        member=member, kind=Kind.BIRTHDAY, dedupe_key="birthday:t", context={"points": 300}
    )

    status = services.deliver(notification_id=notification.pk)

    assert status == (EmailStatus.SENT if consent else EmailStatus.SKIPPED)
    assert len(smtp_server.received) == emailed
    assert Notification.objects.filter(member=member).count() == 1  # always in the inbox


def test_transactional_emails_go_without_marketing_consent(smtp_server):
    member = MemberFactory(marketing_consent=False)
    notification = services.notify(
        member=member,
        kind=Kind.POINTS_EXPIRING,
        dedupe_key="expiring:t",
        context={"points": 40, "days": 7, "last_day": "2027-03-05"},
    )

    assert services.deliver(notification_id=notification.pk) == EmailStatus.SENT
    assert len(smtp_server.received) == 1


def test_a_category_the_member_turned_off_is_not_emailed(smtp_server):
    member = MemberFactory()
    services.set_email_preferences(member=member, turned_off=["points"])
    skipped = services.notify(
        member=member, kind=Kind.POINTS_EARNED, dedupe_key="p:1", context={"points": 5}
    )
    kept = services.notify(
        member=member, kind=Kind.TIER_UP, dedupe_key="t:1", context={"tier": {"en": "Gold"}}
    )

    assert services.deliver(notification_id=skipped.pk) == EmailStatus.SKIPPED
    assert services.deliver(notification_id=kept.pk) == EmailStatus.SENT
    assert [r.subject for r in smtp_server.received] == ["Congratulations: you reached Gold"]


def test_emails_wait_for_a_verified_address(smtp_server, django_capture_on_commit_callbacks):
    member = MemberFactory()
    address = EmailAddress.objects.get(user=member.user)
    address.verified = False
    address.save(update_fields=["verified"])
    notification = services.notify(
        member=member, kind=Kind.WELCOME, dedupe_key="welcome:held", context={}
    )

    assert services.deliver(notification_id=notification.pk) == EmailStatus.HELD
    assert smtp_server.received == []

    with django_capture_on_commit_callbacks(execute=True):
        address.set_verified(commit=True)
        from allauth.account.signals import email_confirmed

        email_confirmed.send(sender=EmailAddress, request=None, email_address=address)

    smtp_server.wait_for(1)
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT


def test_the_merchants_template_replaces_the_subject_in_that_language_only(smtp_server):
    EmailTemplate.objects.create(
        kind=Kind.POINTS_EARNED,
        subject_en="",
        subject_de="{points} Punkte für Sie!",
        intro_de="Danke für Ihre Treue.",
    )
    german, english = MemberFactory(preferred_language="de"), MemberFactory()
    for member in (german, english):
        notification = services.notify(
            member=member,
            kind=Kind.POINTS_EARNED,
            dedupe_key=f"p:{member.pk}",
            context={"points": 2000},
        )
        services.deliver(notification_id=notification.pk)

    by_recipient = {r.envelope_to[0]: r for r in smtp_server.wait_for(2)}
    assert by_recipient[german.user.email].subject == "2.000 Punkte für Sie!"
    assert "Danke für Ihre Treue." in by_recipient[german.user.email].text
    assert by_recipient[english.user.email].subject == "2,000 points credited"
