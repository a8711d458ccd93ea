"""What Stripe's webhooks do to a membership: renewal, a failed payment and its grace period,
cancellation at the period's end; each event once, in any order."""

from datetime import timedelta

import pytest

from apps.memberships.models import InvoiceStatus, SubscriptionStatus
from apps.memberships.selectors import member_plan
from tests.memberships.helpers import bought, post, post_all

pytestmark = pytest.mark.django_db

DAY = 86400


def test_a_paid_renewal_extends_the_paid_period_once(client, fake_stripe, member, monthly):
    subscription = bought(client, fake_stripe, member, monthly)
    first_end = subscription.paid_until

    events = fake_stripe.renew(subscription.stripe_subscription_id)
    outcomes = post_all(client, fake_stripe, events + events)

    assert outcomes == ["membership paid", "membership updated", "duplicate", "duplicate"]
    subscription.refresh_from_db()
    remote = fake_stripe.subscription(subscription.stripe_subscription_id)
    new_end = remote["items"]["data"][0]["current_period_end"]
    assert subscription.paid_until.timestamp() == new_end
    assert subscription.paid_until - first_end == timedelta(days=30)
    assert list(subscription.invoices.values_list("status", flat=True)) == ["paid", "paid"]
    assert subscription.benefits_until == subscription.paid_until + timedelta(hours=6)


def test_an_old_renewal_arriving_late_does_not_shorten_the_paid_period(
    client, fake_stripe, member, monthly
):
    subscription = bought(client, fake_stripe, member, monthly)
    second = fake_stripe.renew(subscription.stripe_subscription_id)
    third = fake_stripe.renew(subscription.stripe_subscription_id)

    post_all(client, fake_stripe, third + second)

    subscription.refresh_from_db()
    assert (
        subscription.paid_until.timestamp()
        == third[0]["data"]["object"]["lines"]["data"][0]["period"]["end"]
    )
    assert subscription.invoices.count() == 3


def test_a_failed_renewal_keeps_the_benefits_for_the_grace_period(
    client, fake_stripe, member, monthly, settings
):
    settings.MEMBERSHIP_GRACE_DAYS = 5
    subscription = bought(client, fake_stripe, member, monthly)
    fake_stripe.advance(30 * DAY)  # the period ends; the renewal's charge fails

    failed, updated = fake_stripe.renew(subscription.stripe_subscription_id, fail=True)
    assert post_all(client, fake_stripe, [failed, updated]) == [
        "membership payment failed",
        "membership updated",
    ]

    subscription.refresh_from_db()
    invoice = subscription.invoices.get(status=InvoiceStatus.FAILED)
    assert subscription.status == SubscriptionStatus.PAST_DUE
    assert subscription.grace_until == invoice.failed_at + timedelta(days=5)
    assert subscription.benefits_until == subscription.grace_until
    in_grace = subscription.grace_until - timedelta(minutes=1)
    assert member_plan(member, now=in_grace) == monthly.plan
    assert member_plan(member, now=subscription.grace_until + timedelta(seconds=1)) is None


def test_a_second_failure_does_not_prolong_the_grace_period(client, fake_stripe, member, monthly):
    subscription = bought(client, fake_stripe, member, monthly)
    fake_stripe.advance(30 * DAY)
    failed, _updated = fake_stripe.renew(subscription.stripe_subscription_id, fail=True)
    post(client, fake_stripe, failed)
    subscription.refresh_from_db()
    grace_until = subscription.grace_until

    fake_stripe.advance(3 * DAY)
    retry = fake_stripe.retry_invoice(failed["data"]["object"]["id"], succeed=False)
    post_all(client, fake_stripe, retry)

    subscription.refresh_from_db()
    assert subscription.grace_until == grace_until
    assert subscription.invoices.get(status=InvoiceStatus.FAILED).attempt_count == 2


def test_a_retry_that_succeeds_ends_the_grace_period(client, fake_stripe, member, monthly):
    subscription = bought(client, fake_stripe, member, monthly)
    fake_stripe.advance(30 * DAY)
    failed, _updated = fake_stripe.renew(subscription.stripe_subscription_id, fail=True)
    post(client, fake_stripe, failed)

    paid, updated = fake_stripe.retry_invoice(failed["data"]["object"]["id"])
    post_all(client, fake_stripe, [updated, paid, failed])  # the failure re-delivered last

    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert subscription.grace_until is None
    assert (
        subscription.paid_until.timestamp()
        == paid["data"]["object"]["lines"]["data"][0]["period"]["end"]
    )
    assert set(subscription.invoices.values_list("status", flat=True)) == {"paid"}


def test_a_failure_reported_after_its_invoice_was_paid_changes_nothing(
    client, fake_stripe, member, monthly
):
    subscription = bought(client, fake_stripe, member, monthly)
    fake_stripe.advance(30 * DAY)
    failed, _updated = fake_stripe.renew(subscription.stripe_subscription_id, fail=True)
    paid, _again = fake_stripe.retry_invoice(failed["data"]["object"]["id"])

    assert post_all(client, fake_stripe, [paid, failed]) == [
        "membership paid",
        "invoice already paid",
    ]
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE and subscription.grace_until is None


def test_cancelling_ends_the_benefits_at_the_periods_end(client, fake_stripe, member, monthly):
    subscription = bought(client, fake_stripe, member, monthly)

    event = fake_stripe.cancel_at_period_end(subscription.stripe_subscription_id)
    assert post(client, fake_stripe, event).json()["outcome"] == "membership updated"

    subscription.refresh_from_db()
    assert subscription.cancel_at_period_end
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert subscription.benefits_until == subscription.paid_until  # no renewal leeway
    assert member_plan(member, now=subscription.paid_until - timedelta(minutes=1)) == monthly.plan
    assert member_plan(member, now=subscription.paid_until + timedelta(seconds=1)) is None

    fake_stripe.advance(31 * DAY)
    ended = fake_stripe.end_subscription(subscription.stripe_subscription_id)
    assert post(client, fake_stripe, ended).json()["outcome"] == "membership ended"
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ENDED
    assert subscription.ended_at == subscription.paid_until
    assert subscription.benefits_until == subscription.paid_until


def test_a_cancellation_taken_back_renews_again(client, fake_stripe, member, monthly):
    subscription = bought(client, fake_stripe, member, monthly)
    cancel = fake_stripe.cancel_at_period_end(subscription.stripe_subscription_id)
    fake_stripe.advance(60)
    resume = fake_stripe.cancel_at_period_end(subscription.stripe_subscription_id, cancel=False)

    outcomes = post_all(client, fake_stripe, [resume, cancel])  # the older one arrives last

    assert outcomes == ["membership updated", "stale subscription event"]
    subscription.refresh_from_db()
    assert not subscription.cancel_at_period_end
    assert subscription.benefits_until == subscription.paid_until + timedelta(hours=6)


def test_an_ended_subscription_stays_ended_whatever_arrives_after(
    client, fake_stripe, member, monthly
):
    subscription = bought(client, fake_stripe, member, monthly)
    update = fake_stripe.cancel_at_period_end(subscription.stripe_subscription_id)
    ended = fake_stripe.end_subscription(subscription.stripe_subscription_id)  # at once

    assert post_all(client, fake_stripe, [ended, update]) == [
        "membership ended",
        "stale subscription event",
    ]
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ENDED
    # Ended now: no benefits after that, although the period was paid further.
    assert subscription.ended_at < subscription.paid_until
    assert member_plan(member, now=subscription.ended_at + timedelta(seconds=1)) is None


def test_an_event_with_a_forged_signature_changes_nothing(client, fake_stripe, member, monthly):
    subscription = bought(client, fake_stripe, member, monthly)
    ended = fake_stripe.end_subscription(subscription.stripe_subscription_id)

    response = post(
        client, fake_stripe, ended, signature=fake_stripe.sign(b"{}", secret="whsec_other")
    )

    assert response.status_code == 400
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE


def test_a_plan_change_in_the_portal_moves_the_subscription_to_its_new_price(
    client, fake_stripe, member, plan
):
    monthly = plan.prices.get(interval="month")
    yearly = plan.prices.get(interval="year")
    subscription = bought(client, fake_stripe, member, monthly)
    remote = fake_stripe.subscription(subscription.stripe_subscription_id)
    remote["items"]["data"][0]["price"] = next(
        p for p in fake_stripe.prices if p["id"] == yearly.stripe_price_id
    )
    fake_stripe.advance(5)

    post(client, fake_stripe, fake_stripe.make_event("customer.subscription.updated", remote))

    subscription.refresh_from_db()
    assert subscription.price == yearly
