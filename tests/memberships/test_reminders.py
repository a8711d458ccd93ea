"""Reminder e-mails after a failed membership payment: in the member's language, each once,
only while the grace period runs and the invoice is unpaid."""

from datetime import timedelta

import pytest

from apps.memberships.models import MembershipInvoice, PaymentReminder
from apps.memberships.services import send_due_reminders
from tests.memberships.helpers import bought, post

pytestmark = pytest.mark.django_db

DAY = 86400


@pytest.fixture
def failed(client, fake_stripe, member, monthly, settings):
    """The member's renewal failed; returns the failure event."""
    settings.MEMBERSHIP_GRACE_DAYS = 7
    settings.MEMBERSHIP_REMINDER_DAYS = [0, 3, 6]
    subscription = bought(client, fake_stripe, member, monthly)
    event, _updated = fake_stripe.renew(subscription.stripe_subscription_id, fail=True)
    return event


def test_the_failure_sends_the_first_reminder_once_in_the_members_language(
    client, fake_stripe, member, failed, mailoutbox, django_capture_on_commit_callbacks
):
    member.preferred_language = "de"
    member.save()

    with django_capture_on_commit_callbacks(execute=True):
        post(client, fake_stripe, failed)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, fake_stripe, failed)  # re-delivered

    (mail,) = mailoutbox
    assert mail.to == [member.user.email]
    assert mail.subject == "Ihre Zahlung für die Mitgliedschaft ist fehlgeschlagen"
    assert "19,00" in mail.body and "/de/member/membership/" in mail.body
    assert mail.extra_headers["Content-Language"] == "de"


def test_later_reminders_are_sent_on_their_days_each_once(client, fake_stripe, failed, mailoutbox):
    post(client, fake_stripe, failed)
    failed_at = MembershipInvoice.objects.get(status="failed").failed_at

    sent = [
        send_due_reminders(now=failed_at + timedelta(hours=1)),
        send_due_reminders(now=failed_at + timedelta(hours=2)),
        send_due_reminders(now=failed_at + timedelta(days=3, hours=1)),
        send_due_reminders(now=failed_at + timedelta(days=3, hours=2)),
        send_due_reminders(now=failed_at + timedelta(days=6, hours=1)),
        send_due_reminders(now=failed_at + timedelta(days=8)),  # the grace period is over
    ]

    assert sent == [1, 0, 1, 0, 1, 0]
    assert len(mailoutbox) == 3
    assert sorted(PaymentReminder.objects.values_list("sequence", flat=True)) == [1, 2, 3]


def test_reminders_missed_while_the_job_was_down_are_not_sent_late(
    client, fake_stripe, failed, mailoutbox
):
    post(client, fake_stripe, failed)
    failed_at = MembershipInvoice.objects.get(status="failed").failed_at

    assert send_due_reminders(now=failed_at + timedelta(days=6, hours=1)) == 1

    assert len(mailoutbox) == 1
    assert PaymentReminder.objects.count() == 3  # the first two recorded, not sent


def test_no_reminder_once_the_invoice_is_paid(client, fake_stripe, failed, mailoutbox):
    post(client, fake_stripe, failed)
    paid, _updated = fake_stripe.retry_invoice(failed["data"]["object"]["id"])
    post(client, fake_stripe, paid)
    invoice = MembershipInvoice.objects.get(stripe_invoice_id=failed["data"]["object"]["id"])
    assert send_due_reminders(now=invoice.period_start + timedelta(days=3, hours=1)) == 0
    assert mailoutbox == []
