"""Buying a membership through Stripe Checkout (subscription mode) with the real SDK against
the fake Stripe; the prices made at Stripe; the customer portal."""

from decimal import Decimal

import pytest

from apps.memberships.errors import AlreadyMember, PlanNotAvailable
from apps.memberships.models import BillingCustomer, InvoiceStatus, PlanPrice, SubscriptionStatus
from apps.memberships.services import portal_url, start_subscription, sync_plan_prices
from apps.payments.models import WebhookEvent
from tests.memberships.helpers import bought, checkout, post_all

pytestmark = pytest.mark.django_db


def test_each_price_is_made_once_at_stripe_as_a_recurring_price(fake_stripe, plan):
    assert sync_plan_prices() == 0  # again: nothing new

    prices = {p["recurring"]["interval"]: p for p in fake_stripe.prices}
    assert prices["month"]["unit_amount"] == 1900 and prices["month"]["currency"] == "eur"
    assert prices["year"]["unit_amount"] == 19000
    assert set(plan.prices.values_list("stripe_price_id", flat=True)) == {
        prices["month"]["id"],
        prices["year"]["id"],
    }


def test_checkout_is_a_subscription_session_for_the_members_stripe_customer(
    fake_stripe, member, monthly
):
    url = start_subscription(
        member=member, price=monthly, success_url="http://t/ok", cancel_url="http://t/no"
    )
    url_again = start_subscription(
        member=member, price=monthly, success_url="http://t/ok", cancel_url="http://t/no"
    )

    sessions = fake_stripe.sessions
    assert url == sessions[0]["url"] and url_again == sessions[1]["url"]
    assert {s["mode"] for s in sessions} == {"subscription"}
    (customer,) = fake_stripe.customers  # one customer for both clicks
    assert BillingCustomer.objects.get(member=member).stripe_customer_id == customer["id"]
    assert sessions[0]["customer"] == customer["id"]
    created = fake_stripe.requests_to("POST", "/v1/checkout/sessions")[0].params
    assert created["line_items"] == [{"price": monthly.stripe_price_id, "quantity": "1"}]
    assert created["subscription_data"]["metadata"] == {
        "member_id": str(member.pk),
        "plan_price_id": str(monthly.pk),
    }


def test_paying_starts_the_membership_with_its_first_invoice(client, fake_stripe, member, monthly):
    subscription = bought(client, fake_stripe, member, monthly)

    assert subscription.status == SubscriptionStatus.ACTIVE
    assert subscription.member == member and subscription.plan == monthly.plan
    remote = fake_stripe.subscription(subscription.stripe_subscription_id)
    period_end = remote["items"]["data"][0]["current_period_end"]
    assert subscription.paid_until.timestamp() == period_end
    assert subscription.current_period_end.timestamp() == period_end
    (invoice,) = subscription.invoices.all()
    assert invoice.status == InvoiceStatus.PAID
    assert invoice.money.amount == Decimal("19.00") and invoice.currency == "EUR"


def test_a_member_with_benefits_cannot_buy_again(client, fake_stripe, member, monthly):
    bought(client, fake_stripe, member, monthly)

    with pytest.raises(AlreadyMember):
        start_subscription(member=member, price=monthly, success_url="x", cancel_url="y")


def test_a_price_stripe_does_not_know_is_not_offered(fake_stripe, member, plan):
    price = PlanPrice.objects.create(plan=plan, interval="month", currency="USD", amount=21)

    with pytest.raises(PlanNotAvailable):
        start_subscription(member=member, price=price, success_url="x", cancel_url="y")


def test_the_events_of_one_checkout_may_come_in_any_order(client, fake_stripe, member, monthly):
    _session, (completed, created, paid) = checkout(fake_stripe, member, monthly)

    outcomes = post_all(client, fake_stripe, [paid, created, completed, paid])

    assert outcomes == ["membership paid", "membership updated", "membership started", "duplicate"]
    subscription = member.subscriptions.get()
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert subscription.invoices.count() == 1
    assert WebhookEvent.objects.filter(event_type__startswith="invoice.").count() == 1


def test_the_portal_link_opens_stripes_portal_for_the_member(client, fake_stripe, member, monthly):
    bought(client, fake_stripe, member, monthly)

    url = portal_url(member=member, return_url="http://testserver/en/member/membership/")

    (request,) = fake_stripe.requests_to("POST", "/v1/billing_portal/sessions")
    assert request.params["customer"] == member.billing_customer.stripe_customer_id
    assert url.startswith(fake_stripe.api_base + "/portal/")


def test_closing_the_account_ends_the_membership_and_stops_stripe_charging(
    client, fake_stripe, member, monthly, django_capture_on_commit_callbacks
):
    from apps.members.services import close_account

    subscription = bought(client, fake_stripe, member, monthly)

    with django_capture_on_commit_callbacks(execute=True):
        close_account(member=member)

    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ENDED
    assert fake_stripe.subscription(subscription.stripe_subscription_id)["status"] == "canceled"
    assert (
        len(
            fake_stripe.requests_to(
                "DELETE", f"/v1/subscriptions/{subscription.stripe_subscription_id}"
            )
        )
        == 1
    )


def test_the_data_export_holds_the_memberships_and_invoices(client, fake_stripe, member, monthly):
    import json

    bought(client, fake_stripe, member, monthly)
    client.force_login(member.user)

    data = json.loads(client.get("/en/member/privacy/export/").content)

    (exported,) = data["memberships"]
    assert exported["plan"] == "club" and exported["status"] == "active"
    assert exported["price"] == {"amount": "19.00", "currency": "EUR", "interval": "month"}
    assert exported["cancel_at_period_end"] is False
    (invoice,) = exported["invoices"]
    assert invoice["status"] == "paid"
    assert invoice["amount"] == {"amount": "19.00", "currency": "EUR"}
