"""Helpers for membership tests: a subscription bought at the fake Stripe, its events posted
to the webhook signed like Stripe does."""

import json
from decimal import Decimal

from apps.memberships.models import Interval, Plan, PlanPrice, Subscription
from apps.memberships.services import start_subscription, sync_plan_prices


def make_plan(*, currencies=("EUR",)) -> Plan:
    """The "Club" plan (2x points, 5 % off, free shipping), 19 a month or 190 a year in each of
    ``currencies``, its prices made at the (fake) Stripe."""
    club = Plan.objects.create(
        code="club",
        name="Club",
        name_ar="النادي",
        description="For regular buyers",
        description_ar="للمشترين الدائمين",
        points_multiplier=Decimal(2),
        discount_percent=Decimal(5),
        free_shipping=True,
    )
    for currency in currencies:
        PlanPrice.objects.create(plan=club, interval=Interval.MONTH, currency=currency, amount=19)
        PlanPrice.objects.create(plan=club, interval=Interval.YEAR, currency=currency, amount=190)
    sync_plan_prices()
    club.refresh_from_db()
    return club


def post(client, fake, event, *, signature=None):
    body = json.dumps(event).encode()
    return client.post(
        "/payments/webhooks/stripe/",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature or fake.sign(body),
    )


def post_all(client, fake, events):
    return [post(client, fake, event).json()["outcome"] for event in events]


def checkout(fake, member, price):
    """The member subscribes and pays on the hosted page; returns the session and the events
    Stripe sends (checkout.session.completed, customer.subscription.created, invoice.paid)."""
    url = start_subscription(
        member=member,
        price=price,
        success_url="http://testserver/en/member/membership/?subscribed=1",
        cancel_url="http://testserver/en/member/membership/",
    )
    session_id = url.rsplit("/", 1)[1]
    fake.pay(session_id)
    session = fake.session(session_id)
    events = [e for e in fake.events if e["type"] != "charge.refunded"]
    return session, events[-3:]


def bought(client, fake, member, price) -> Subscription:
    session, events = checkout(fake, member, price)
    post_all(client, fake, events)
    return Subscription.objects.get(stripe_subscription_id=session["subscription"])
