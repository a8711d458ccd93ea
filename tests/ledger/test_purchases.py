"""Orders drive the ledger: paid -> pending points -> available after the window -> clawback
on refund; a cancelled order gives back the points spent on it. Expiry in members' calendars."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from djmoney.money import Money

from apps.ledger import services
from apps.ledger.dates import expiry_for, member_zone
from apps.ledger.models import EntryKind, LedgerEntry, PointsAccount
from apps.ledger.selectors import balance, discrepancies
from apps.orders.refunds import RefundRequest, full_refund_request, refund_order
from apps.orders.services import cancel_order, mark_paid
from tests.factories import MemberFactory, make_order

pytestmark = pytest.mark.django_db


def pay(order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mark_paid(order=order, amount=order.total, actor_label="test")
    order.refresh_from_db()


def test_a_paid_order_earns_pending_points_at_its_captured_rate_then_they_release(
    member, django_capture_on_commit_callbacks
):
    # 2 x 460.00 EUR at 0.92 EUR per USD = 1,000 USD of merchandise -> 1,000 points
    order = make_order(
        member=member,
        currency="EUR",
        rate="0.92",
        lines=[(Decimal("460.00"), 2)],
        shipping=Decimal("80.00"),
    )
    pay(order, django_capture_on_commit_callbacks)

    assert (balance(member).available, balance(member).pending) == (0, 1000)
    day_after_window = (order.paid_at + timedelta(days=15)).date().isoformat()
    call_command("release_pending_points", as_of=day_after_window)

    account = PointsAccount.objects.get(member=member)
    assert (account.available, account.pending) == (1000, 0)
    assert discrepancies(account) == []


def test_paying_twice_or_replaying_the_event_awards_once(
    member, django_capture_on_commit_callbacks
):
    order = make_order(member=member)
    pay(order, django_capture_on_commit_callbacks)
    from apps.ledger.purchases import award_purchase_points

    award_purchase_points(order)

    assert LedgerEntry.objects.filter(kind=EntryKind.EARN).count() == 1


def test_the_paid_event_handed_over_again_after_a_tier_upgrade_awards_nothing_more(
    member, django_capture_on_commit_callbacks
):
    """A redelivered ``order.paid`` must not recompute: the member's tier (and with it the
    multiplier) may have changed since the first delivery."""
    from apps.ledger.purchases import award_purchase_points
    from apps.tiers.models import Tier, TierStatus

    order = make_order(member=member)
    pay(order, django_capture_on_commit_callbacks)
    gold = Tier.objects.create(name_en="Gold", rank=3, points_multiplier=Decimal("1.5"))
    TierStatus.objects.create(member=member, tier=gold, since=order.paid_at)

    again = award_purchase_points(order)

    assert [(result.replayed, result.entry.points) for result in again] == [(True, 200)]
    assert LedgerEntry.objects.filter(kind=EntryKind.EARN).count() == 1


def test_a_refund_handed_over_again_after_later_refunds_takes_nothing_more(
    member, django_capture_on_commit_callbacks
):
    from apps.ledger.purchases import claw_back_refund

    order = make_order(
        member=member, lines=[(Decimal("100.00"), 1), (Decimal("100.00"), 1), (Decimal("50"), 1)]
    )
    pay(order, django_capture_on_commit_callbacks)
    first, second, _third = order.lines.order_by("id")
    with django_capture_on_commit_callbacks(execute=True):
        refund = refund_order(order=order, request=RefundRequest({first.pk: 1}), reason="A")
        refund_order(order=order, request=RefundRequest({second.pk: 1}), reason="B")

    again = claw_back_refund(refund)  # 50 points are left: recomputing would give 50, not 100

    assert (again.replayed, again.entry.points) == (True, -100)
    clawbacks = LedgerEntry.objects.filter(kind=EntryKind.CLAWBACK).order_by("id")
    assert list(clawbacks.values_list("points", flat=True)) == [-100, -100]


def test_a_refund_delivered_before_the_payment_event_still_takes_the_points_back(
    member, django_capture_on_commit_callbacks
):
    """Deliveries to different subscribers come in no fixed order: the clawback awards the
    order's points first, so the award delivered after it finds them there."""
    from apps.ledger.purchases import award_purchase_points, claw_back_refund

    order = make_order(member=member)
    mark_paid(order=order, amount=order.total, actor_label="test")  # events not delivered
    refund = refund_order(order=order, request=full_refund_request(order), reason="Returned")

    claw_back_refund(refund)
    award_purchase_points(order)

    assert balance(member).pending == 0
    assert sorted(LedgerEntry.objects.values_list("kind", "points")) == [
        (EntryKind.CLAWBACK, -200),
        (EntryKind.EARN, 200),
    ]


def test_partial_refund_claws_back_the_refunded_lines_points_then_full_refund_the_rest(
    member, django_capture_on_commit_callbacks
):
    order = make_order(member=member, lines=[(Decimal("300.00"), 1), (Decimal("100.00"), 1)])
    pay(order, django_capture_on_commit_callbacks)
    call_command(
        "release_pending_points", as_of=(order.paid_at + timedelta(days=15)).date().isoformat()
    )
    cheap_line = order.lines.order_by("id").last()

    with django_capture_on_commit_callbacks(execute=True):
        refund_order(order=order, request=RefundRequest({cheap_line.pk: 1}), reason="Damaged")
    assert PointsAccount.objects.get(member=member).available == 300

    with django_capture_on_commit_callbacks(execute=True):
        refund_order(order=order, request=full_refund_request(order), reason="Returned")
    account = PointsAccount.objects.get(member=member)
    assert account.available == 0
    assert [
        e.points for e in LedgerEntry.objects.filter(kind=EntryKind.CLAWBACK).order_by("id")
    ] == [-100, -300]
    assert discrepancies(account) == []


def test_a_refund_inside_the_window_cancels_pending_points(
    member, django_capture_on_commit_callbacks
):
    order = make_order(member=member)
    pay(order, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        refund_order(order=order, request=full_refund_request(order), reason="Returned")

    assert (balance(member).available, balance(member).pending) == (0, 0)


def test_cancelling_an_order_gives_back_points_spent_on_it(
    member, django_capture_on_commit_callbacks
):
    services.earn(member=member, points=800, reason="seed", idempotency_key="seed")
    order = make_order(member=member)
    services.spend(
        member=member,
        points=500,
        reason="Redeemed at checkout",
        idempotency_key="redeem",
        source=f"order:{order.pk}",
    )

    with django_capture_on_commit_callbacks(execute=True):
        cancel_order(order=order, reason="Buyer cancelled")

    assert balance(member).available == 800


@pytest.mark.parametrize(
    ("zone", "expected_utc"),
    [
        ("Asia/Tokyo", datetime(2027, 12, 31, 15, 0, tzinfo=UTC)),
        ("America/Los_Angeles", datetime(2028, 1, 1, 8, 0, tzinfo=UTC)),
        ("UTC", datetime(2028, 1, 1, 0, 0, tzinfo=UTC)),
    ],
)
def test_points_last_through_the_last_local_day_in_the_members_time_zone(zone, expected_utc):
    member = MemberFactory(timezone=zone)
    # Earned on 31 December 2026 local time (the same instant is already 1 January in UTC for
    # Los Angeles evenings, and still 31 December for Tokyo mornings).
    earned_local = datetime(2026, 12, 31, 20, 0, tzinfo=member_zone(member))

    expires = expiry_for(earned_at=earned_local, months=12, zone=member_zone(member))

    assert expires == expected_utc


def test_a_lot_expiring_at_midnight_utc_expires_on_that_date_not_the_day_before(member):
    services.earn(
        member=member,
        points=70,
        reason="seed",
        idempotency_key="seed",
        expires_at=datetime(2027, 1, 1, tzinfo=UTC),
    )

    call_command("expire_points", as_of="2026-12-31T23:59:59+00:00")
    assert PointsAccount.objects.get(member=member).available == 70

    call_command("expire_points", as_of="2027-01-01")
    call_command("expire_points", as_of="2027-01-01")
    assert PointsAccount.objects.get(member=member).available == 0
    assert LedgerEntry.objects.get(kind=EntryKind.EXPIRE).points == -70


def test_money_is_checked_before_points(member, django_capture_on_commit_callbacks):
    order = make_order(member=member)
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do: no points either way
        mark_paid(order=order, amount=Money("1.00", "USD"), actor_label="test")

    assert not LedgerEntry.objects.exists()


def test_reasons_are_stored_as_source_text_and_read_in_the_reader_s_language(
    django_capture_on_commit_callbacks,
):
    """Whatever language the request that wrote them was in (apps.ledger.reasons)."""
    from django.utils import translation

    member = MemberFactory(preferred_language="de")
    order = make_order(member=member, lines=[(Decimal("300.00"), 1)])

    with translation.override("ja"):  # e.g. a provider's webhook handled in another language
        pay(order, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            refund_order(order=order, request=full_refund_request(order), reason="Returned")

    entries = list(LedgerEntry.objects.filter(account__member=member).order_by("id"))
    with translation.override("de"):
        german = [entry.shown_reason for entry in entries]
    assert [entry.reason for entry in entries] == [
        f"Order {order.number}",
        f"Refund on order {order.number}",
    ]
    assert german == [f"Bestellung {order.number}", f"Erstattung zu Bestellung {order.number}"]
