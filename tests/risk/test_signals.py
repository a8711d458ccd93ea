"""Each fraud signal raises its alert at the threshold, not below, once per window, with its
evidence; the alert holds the members' pending points."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.ledger import holds, services
from apps.members.models import Referral
from apps.members.services import close_account
from apps.orders.models import Order
from apps.payments.models import Payment, WebhookEvent
from apps.risk import detection
from apps.risk.models import Alert, AlertStatus, DeviceSighting, Signal
from tests.factories import MemberFactory, UserFactory, make_order
from tests.payments.stripe_helpers import (
    paid_session_event,
    post_stripe_event,
    start_stripe_order,
)

pytestmark = pytest.mark.django_db


def earn(member, points, key, capture, **kwargs):
    with capture(execute=True):  # the commit delivers points.earned to the subscriber
        return services.earn(
            member=member, points=points, reason="test", idempotency_key=key, **kwargs
        )


def test_points_earned_in_a_day_raise_an_alert_at_the_threshold_once(
    member, thresholds, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    first = earn(member, 600, "a", capture).entry
    second = earn(member, 399, "b", capture).entry
    assert not Alert.objects.exists()  # 999 < 1,000

    third = earn(member, 1, "c", capture).entry
    earn(member, 500, "d", capture, available_at=timezone.now() + timedelta(days=14))

    alert = Alert.objects.get()
    assert (alert.signal, alert.subject, alert.status) == (
        Signal.POINTS,
        f"member:{member.pk}",
        "open",
    )
    assert alert.window == timezone.localdate().isoformat()
    assert list(alert.members.all()) == [member]
    # The evidence follows the day while the alert is open: every entry, the total.
    assert alert.evidence["entries"][:3] == [first.pk, second.pk, third.pk]
    assert alert.evidence["points"] == 1500
    assert holds.is_held(member) and alert.holds_points


def test_points_of_other_kinds_and_other_members_do_not_count(
    member, thresholds, django_capture_on_commit_callbacks
):
    other = MemberFactory()
    earn(member, 999, "a", django_capture_on_commit_callbacks)
    earn(other, 999, "b", django_capture_on_commit_callbacks)
    services.adjust(
        member=member,
        points=500,
        reason="goodwill",
        idempotency_key="adj",
        actor=None,
        source="test",
    )

    assert detection.check_points_earned([member.pk, other.pk]) == []


def refer(referrer, count):
    for _ in range(count):
        Referral.objects.create(referrer=referrer, referred=MemberFactory())


def test_referrals_in_a_day_raise_an_alert_at_the_threshold(member, thresholds):
    refer(member, 2)
    assert detection.scan() == 0

    refer(member, 1)
    assert detection.scan() == 1
    assert detection.scan() == 0  # once per member and day

    alert = Alert.objects.get()
    assert alert.signal == Signal.REFERRALS and list(alert.members.all()) == [member]
    assert alert.evidence["referrals"] == 3
    assert len(alert.evidence["referred"]) == 3


def test_the_storefront_sets_a_device_cookie_and_sign_in_records_it(client, thresholds, settings):
    user = UserFactory(email="buyer@example.com")
    user.set_password("a long password 123")
    user.save()
    MemberFactory(user=user)
    client.get("/en/")
    device = client.cookies[settings.DEVICE_COOKIE_NAME]
    assert len(device.value) >= 16 and device["httponly"] and device["max-age"]
    assert settings.DEVICE_COOKIE_NAME not in client.get("/en/").cookies  # set once

    client.post(
        reverse("account_login"), {"login": "buyer@example.com", "password": "a long password 123"}
    )

    sighting = DeviceSighting.objects.get()
    assert sighting.device == device.value and sighting.member == user.member


def test_signing_up_records_the_device_before_any_sign_in(client, thresholds, settings):
    client.get("/en/")
    device = client.cookies[settings.DEVICE_COOKIE_NAME].value
    password = "Valve-Pump-2026!"

    client.post(
        "/en/accounts/signup/",
        {"email": "new@example.com", "password1": password, "password2": password},
    )

    sighting = DeviceSighting.objects.get()
    assert sighting.device == device and sighting.member.user.email == "new@example.com"


def test_the_first_request_without_a_cookie_records_the_id_it_sets(client, settings):
    password = "Valve-Pump-2026!"
    response = client.post(
        "/en/accounts/signup/",
        {"email": "first@example.com", "password1": password, "password2": password},
    )

    assert (
        DeviceSighting.objects.get().device == response.cookies[settings.DEVICE_COOKIE_NAME].value
    )


def test_accounts_sharing_a_device_raise_an_alert_that_takes_in_later_ones(thresholds):
    members = [MemberFactory() for _ in range(5)]
    seen = timezone.now()
    for member in members[:2]:
        DeviceSighting.objects.create(device="d" * 32, member=member, last_seen=seen)
    DeviceSighting.objects.create(device="e" * 32, member=members[2], last_seen=seen)
    assert detection.scan() == 0

    DeviceSighting.objects.create(device="d" * 32, member=members[3], last_seen=seen)
    assert detection.scan() == 1
    DeviceSighting.objects.create(device="d" * 32, member=members[4], last_seen=seen)
    assert detection.scan() == 0  # the open alert takes the newcomer in

    alert = Alert.objects.get()
    assert alert.signal == Signal.DEVICE
    assert set(alert.members.all()) == {members[0], members[1], members[3], members[4]}
    assert holds.is_held(members[4])


def test_an_old_sighting_is_outside_the_window(thresholds):
    long_ago = timezone.now() - timedelta(days=31)
    for _ in range(3):
        DeviceSighting.objects.create(device="d" * 32, member=MemberFactory(), last_seen=long_ago)

    assert detection.scan() == 0


def stripe_payment(member, intent, fingerprint):
    order = make_order(member=member, payment_method="stripe")
    Payment.objects.create(
        order=order,
        provider="stripe",
        reference=f"cs_{intent}",
        provider_payment_id=intent,
        amount=order.total_amount,
        currency="USD",
        status="succeeded",
    )
    charge = {
        "payment_intent": intent,
        "payment_method_details": {"card": {"fingerprint": fingerprint}},
    }
    WebhookEvent.objects.create(
        provider="stripe",
        event_id=f"evt_{intent}",
        event_type="charge.succeeded",
        payload={"type": "charge.succeeded", "data": {"object": charge}},
    )
    return order


def test_accounts_paying_with_one_card_raise_an_alert(thresholds):
    first, second, third = MemberFactory(), MemberFactory(), MemberFactory()
    stripe_payment(first, "pi_1", "fpA")
    stripe_payment(first, "pi_2", "fpA")  # one account, twice: not shared
    stripe_payment(second, "pi_3", "fpB")
    assert detection.scan() == 0

    order = stripe_payment(third, "pi_4", "fpA")

    assert detection.scan() == 1
    alert = Alert.objects.get()
    assert alert.signal == Signal.CARD and alert.evidence["card"] == "fpA"
    assert set(alert.members.all()) == {first, third}
    assert order.pk in alert.evidence["orders"]


def paid_order(member, **address):
    order = make_order(member=member)
    if address:
        Order.objects.filter(pk=order.pk).update(**address)
    Order.objects.filter(pk=order.pk).update(paid_at=timezone.now())
    return order


def test_accounts_ordering_to_one_address_raise_an_alert(thresholds):
    members = [MemberFactory() for _ in range(3)]
    paid_order(members[0])
    paid_order(members[1], ship_to_line1="Street  1.")  # the same address, typed otherwise
    make_order(member=members[2])  # not paid: does not count
    assert detection.scan() == 0

    paid_order(members[2], ship_to_line1="STREET 1")

    assert detection.scan() == 1
    alert = Alert.objects.get()
    assert alert.signal == Signal.ADDRESS and set(alert.members.all()) == set(members)


def test_a_threshold_of_zero_turns_its_signal_off(thresholds):
    thresholds.accounts_per_address = 0
    thresholds.save()
    for member in [MemberFactory() for _ in range(3)]:
        paid_order(member)

    assert detection.scan() == 0


def test_without_hold_points_an_alert_holds_nothing(thresholds):
    thresholds.hold_points = False
    thresholds.save()
    members = [MemberFactory() for _ in range(3)]
    for member in members:
        paid_order(member)

    detection.scan()

    alert = Alert.objects.get()
    assert alert.status == AlertStatus.OPEN and not alert.holds_points
    assert not any(holds.is_held(member) for member in members)


def test_closing_an_account_forgets_its_devices_and_keeps_its_alerts(thresholds):
    members = [MemberFactory() for _ in range(3)]
    for member in members:
        DeviceSighting.objects.create(device="d" * 32, member=member, last_seen=timezone.now())
    detection.scan()

    close_account(member=members[0])

    assert not DeviceSighting.objects.filter(member=members[0]).exists()
    assert DeviceSighting.objects.count() == 2
    assert members[0] in Alert.objects.get().members.all()


def test_a_card_shared_through_stripes_webhooks_raises_an_alert(client, fake_stripe, thresholds):
    """End to end: Stripe's signed events, stored by the payments app, are what the scan reads."""
    first, second = MemberFactory(), MemberFactory()
    for member in (first, second):
        _order, payment = start_stripe_order(member=member)
        post_stripe_event(client, fake_stripe, paid_session_event(fake_stripe, payment.reference))
        payment.refresh_from_db()
        charge = {
            **fake_stripe.charge(payment.provider_payment_id),
            "payment_method_details": {"type": "card", "card": {"fingerprint": "Xy12fp"}},
        }
        event = fake_stripe.make_event("charge.succeeded", charge)
        assert post_stripe_event(client, fake_stripe, event).status_code == 200

    assert detection.scan() == 1
    alert = Alert.objects.get()
    assert alert.signal == Signal.CARD and set(alert.members.all()) == {first, second}
