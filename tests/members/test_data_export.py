"""Download my data: every value in its JSON type, checked field by field against the model
(booleans, integers, null, ISO dates and times, exact amounts as strings with their currency)."""

import json
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import models
from django.utils import timezone
from django_countries.fields import CountryField

from apps.checkout import data_export as checkout_export
from apps.checkout import requisition_lists
from apps.checkout.models import RequisitionList
from apps.engagement import data_export as engagement_export
from apps.engagement.models import MemberEvent, Review
from apps.engagement.services import record_event, submit_review
from apps.ledger import data_export as ledger_export
from apps.ledger import services as ledger
from apps.ledger.experiments import start_experiment
from apps.ledger.models import EarningRule, ExperimentAssignment, LedgerEntry
from apps.members import data_export as members_export
from apps.members.models import Address, ConsentRecord, Member, ProductView, Referral
from apps.members.services import record_product_view, update_profile
from apps.memberships import data_export as memberships_export
from apps.memberships.models import Subscription
from apps.messaging import data_export as messaging_export
from apps.messaging.models import ChannelMessage, ChannelSubscription
from apps.messaging.services import set_channel
from apps.notifications import data_export as notifications_export
from apps.notifications.models import Notification
from apps.notifications.services import notify
from apps.orders import data_export as orders_export
from apps.orders.models import Order
from apps.orders.services import mark_paid
from apps.quotes import data_export as quotes_export
from apps.quotes.models import Quote
from apps.rewards import data_export as rewards_export
from apps.rewards.models import Redemption, RewardKind
from apps.rewards.services import redeem
from apps.risk import data_export as risk_export
from apps.risk.models import DeviceSighting
from tests.factories import MemberFactory, ProductFactory, make_order
from tests.quotes.conftest import rfq
from tests.rewards.test_rewards import reward

pytestmark = pytest.mark.django_db

# What the export holds: section -> (model, {JSON key: model field}), as each app declares it;
# keys named in EXTRA are not model fields of that section and are checked on their own.
EXPECTED = {
    "profile": (Member, members_export.PROFILE),
    "ledger": (LedgerEntry, ledger_export.ENTRIES),
    "orders": (Order, orders_export.ORDERS),
    "consents": (ConsentRecord, members_export.CONSENTS),
    "addresses": (Address, members_export.ADDRESSES),
    "redemptions": (Redemption, rewards_export.REDEMPTIONS),
    "referrals": (Referral, members_export.REFERRALS),
    "product_views": (ProductView, members_export.PRODUCT_VIEWS),
    "notifications": (Notification, notifications_export.NOTIFICATIONS),
    "devices": (DeviceSighting, risk_export.DEVICES),
    "saved_lists": (RequisitionList, checkout_export.SAVED_LISTS),
    "memberships": (Subscription, memberships_export.SUBSCRIPTIONS),  # tests/memberships
    "messaging_channels": (ChannelSubscription, messaging_export.CHANNELS),
    "messages": (ChannelMessage, messaging_export.MESSAGES),
    "reviews": (Review, engagement_export.REVIEWS),
    "custom_events": (MemberEvent, engagement_export.EVENTS),
    "experiments": (ExperimentAssignment, ledger_export.EXPERIMENTS),
    "quotes": (Quote, quotes_export.QUOTE),
}
ORDER_AMOUNTS = orders_export.AMOUNTS
EXTRA = {
    "profile": {"email"},
    "orders": set(ORDER_AMOUNTS),
    "redemptions": {"reward"},
    "product_views": {"product"},
    "saved_lists": {"lines"},
    "messages": {"kind"},
    "reviews": {"product"},
    "experiments": {"rule"},
    "quotes": {"lines", "revisions"},
}


def assert_typed(field: models.Field, exported, value, where: str) -> None:
    """``exported`` is ``value`` of ``field`` in the JSON type that field's kind calls for."""
    if value is None or (isinstance(field, CountryField) and not value):
        assert exported is None, where
    elif isinstance(field, models.BooleanField):
        assert exported is value, where
    elif isinstance(field, models.IntegerField):
        assert type(exported) is int and exported == value, where
    elif isinstance(field, models.DateTimeField):
        assert datetime.fromisoformat(exported) == value, where
    elif isinstance(field, models.DateField):
        assert type(exported) is str and date.fromisoformat(exported) == value, where
    elif isinstance(field, models.DecimalField):
        assert type(exported) is str and Decimal(exported) == value, where
    elif isinstance(field, CountryField):
        assert exported == value.code, where
    elif isinstance(field, models.JSONField):  # a custom event's properties: as they were sent
        assert type(exported) is type(value) and exported == value, where
    else:
        assert isinstance(field, models.CharField | models.TextField), where
        assert type(exported) is str and exported == value, where


@pytest.fixture
def everything(django_capture_on_commit_callbacks, exchange_rates):
    """A member with a profile and something in every section of the export."""
    member = MemberFactory(company_name="Müller Armaturen GmbH", country="DE")
    with django_capture_on_commit_callbacks(execute=True):
        update_profile(
            member=member,
            source="member center",
            birthday=date(1980, 4, 2),
            marketing_consent=True,
            customer_type="distributor",
        )
        ledger.earn(member=member, points=5000, reason="Welcome", idempotency_key="w")
        start_experiment(
            rule=EarningRule.objects.create(name="Double week", kind="campaign", multiplier=2)
        )
        ledger.earn(
            member=member,
            points=120,
            reason="Order",
            idempotency_key="o",
            available_at=timezone.now() + timedelta(days=14),
        )
        paid = make_order(member=member, currency="EUR", rate="0.92")
        mark_paid(order=paid, amount=paid.total, actor_label="test")
        make_order(member=member, shipping=Decimal("12.50"))
        redeem(
            member=member,
            reward=reward(kind=RewardKind.COUPON_AMOUNT, coupon_amount=10),
            idempotency_key="r",
        )
        Referral.objects.create(referrer=member, referred=MemberFactory())
        Address.objects.create(
            member=member,
            label="Head office",
            name="Hans Weber",
            line1="Hafenstraße 1",
            city="Hamburg",
            postal_code="20457",
            country="DE",
            vat_id="DE123456789",
            is_default_shipping=True,
        )
        record_product_view(member_id=member.pk, product_id=ProductFactory().pk)
        set_channel(
            member=member, channel="sms", wanted=True, number="+4915123456789", source="test"
        )
        notify(member=member, kind="welcome", dedupe_key="welcome", context={})
        DeviceSighting.objects.create(member=member, device="d" * 32, last_seen=timezone.now())
        monthly = requisition_lists.create_list(member=member, name="Monthly")
        requisition_lists.add_to_list(
            requisition_list=monthly, product=ProductFactory(sku="VALVE-DN50"), quantity=20
        )
        submit_review(
            member=member,
            product=paid.lines.get().product,
            rating=4,
            text="Dicht und gut verarbeitet.",
            language="de",
        )
        record_event(member=member, name="trade_fair_visit", properties={"booth": "A1", "n": 2})
        rfq(member, required_by=date(2027, 3, 1), notes="Drawings follow")
    member.refresh_from_db()
    return member


def test_every_exported_value_has_its_json_type(client, everything):
    client.force_login(everything.user)

    data = json.loads(client.get("/en/member/privacy/export/").content)

    assert set(data) == {*EXPECTED, "points"}
    rows = {
        "profile": [(data["profile"], everything)],
        "ledger": zip(
            data["ledger"],
            LedgerEntry.objects.filter(account__member=everything).order_by("created_at", "id"),
            strict=True,
        ),
        "orders": zip(
            data["orders"],
            Order.objects.filter(member=everything).order_by("placed_at", "id"),
            strict=True,
        ),
        "consents": zip(data["consents"], everything.consents.order_by("created_at"), strict=True),
        "addresses": zip(
            data["addresses"], everything.addresses.order_by("created_at", "id"), strict=True
        ),
        "redemptions": zip(data["redemptions"], everything.redemptions.all(), strict=True),
        "referrals": zip(data["referrals"], everything.referrals.all(), strict=True),
        "product_views": zip(data["product_views"], everything.product_views.all(), strict=True),
        "notifications": zip(
            data["notifications"],
            Notification.objects.filter(member=everything).order_by("created_at", "id"),
            strict=True,
        ),
        "devices": zip(data["devices"], everything.device_sightings.all(), strict=True),
        "saved_lists": zip(
            data["saved_lists"], everything.requisition_lists.order_by("created_at"), strict=True
        ),
        "messaging_channels": zip(
            data["messaging_channels"], everything.channel_subscriptions.all(), strict=True
        ),
        "messages": zip(
            data["messages"], everything.channel_messages.order_by("created_at"), strict=True
        ),
        "reviews": zip(data["reviews"], everything.reviews.all(), strict=True),
        "custom_events": zip(data["custom_events"], everything.custom_events.all(), strict=True),
        "experiments": zip(
            data["experiments"],
            ExperimentAssignment.objects.filter(member=everything),
            strict=True,
        ),
        "quotes": zip(data["quotes"], everything.quotes.all(), strict=True),
    }
    checked = 0
    for section, pairs in rows.items():
        model, keys = EXPECTED[section]
        for exported, instance in pairs:
            assert set(exported) == set(keys) | EXTRA.get(section, set()), section
            for key, name in keys.items():
                field = model._meta.get_field(name)
                where = f"{section}.{key}: {exported[key]!r}"
                assert_typed(field, exported[key], getattr(instance, name), where)
                checked += 1
    assert checked > 40
    assert data["profile"]["marketing_consent"] is True
    assert data["profile"]["birthday"] == "1980-04-02"
    assert data["profile"]["email"] == everything.user.email
    assert data["saved_lists"][0]["lines"] == [{"sku": "VALVE-DN50", "quantity": 20}]
    assert data["points"]["available"] == 4500
    assert data["points"]["pending"] > 120  # and the paid order's points
    assert all(type(points) is int for points in data["points"].values())


def test_amounts_are_exact_strings_with_their_currency(client, everything):
    client.force_login(everything.user)

    data = json.loads(client.get("/en/member/privacy/export/").content)

    for exported, order in zip(
        data["orders"], Order.objects.filter(member=everything).order_by("placed_at"), strict=True
    ):
        for key, name in ORDER_AMOUNTS.items():
            amount = exported[key]
            assert amount == {"amount": str(getattr(order, name)), "currency": order.currency}
            assert type(amount["amount"]) is str
    assert [order["currency"] for order in data["orders"]] == ["EUR", "USD"]
    assert data["orders"][1]["shipping"] == {"amount": "12.50", "currency": "USD"}
    assert data["orders"][0]["paid_at"] is not None and data["orders"][1]["paid_at"] is None


def test_a_member_who_gave_nothing_exports_nulls_not_strings(client):
    member = MemberFactory(company_name="", country="")
    client.force_login(member.user)

    profile = json.loads(client.get("/en/member/privacy/export/").content)["profile"]

    assert profile["birthday"] is None
    assert profile["country"] is None
    assert profile["marketing_consent"] is False
    assert profile["company_name"] == ""
