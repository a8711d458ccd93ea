"""Stripe's events about one membership arriving at the same moment, in threads with their own
Postgres connections: each takes effect once."""

import pytest

from apps.memberships.models import MembershipInvoice, PaymentReminder, Subscription
from apps.memberships.services import send_due_reminders
from apps.payments.services import handle_stripe_event, record_webhook_event
from tests.factories import MemberFactory
from tests.ledger.test_concurrency import in_threads
from tests.memberships.helpers import checkout, make_plan

pytestmark = pytest.mark.django_db(transaction=True)


def receive(event):
    return record_webhook_event(
        provider="stripe",
        event_id=event["id"],
        event_type=event["type"],
        payload=event,
        handler=handle_stripe_event,
    )


def test_a_checkouts_three_events_at_once_make_one_subscription(fake_stripe):
    price = make_plan().prices.get(interval="month")
    for _round in range(5):
        member = MemberFactory()
        _session, events = checkout(fake_stripe, member, price)

        outcomes = in_threads(6, lambda i, events=events: receive(events[i % 3]))

        assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
        assert sorted(outcomes).count("duplicate") == 3
        subscription = Subscription.objects.get(member=member)
        assert subscription.status == "active" and subscription.paid_until is not None
        assert MembershipInvoice.objects.filter(subscription=subscription).count() == 1


def test_a_failure_delivered_ten_times_at_once_sends_one_reminder(fake_stripe, mailoutbox):
    price = make_plan().prices.get(interval="month")
    member = MemberFactory()
    _session, events = checkout(fake_stripe, member, price)
    for event in events:
        receive(event)
    subscription = Subscription.objects.get(member=member)
    failed, _updated = fake_stripe.renew(subscription.stripe_subscription_id, fail=True)

    outcomes = in_threads(10, lambda i: receive(failed))

    assert sorted(outcomes) == ["duplicate"] * 9 + ["membership payment failed"]
    assert PaymentReminder.objects.count() == 1
    assert len(mailoutbox) == 1

    again = in_threads(5, lambda i: send_due_reminders())  # the hourly job, five times at once

    assert again == [0] * 5
    assert len(mailoutbox) == 1
