"""Earning rules: the most specific rate wins per line, the best campaign applies, tiers
multiply, caps cut awards, rules apply only where they should, and the preview writes nothing."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.ledger import bonuses
from apps.ledger.bonuses import award_event
from apps.ledger.models import EarningRule, EntryKind, LedgerEntry, RuleKind
from apps.ledger.purchases import award_purchase_points
from apps.ledger.rules import order_awards
from apps.orders.services import mark_paid
from tests.factories import CategoryFactory, MemberFactory, ProductFactory

pytestmark = pytest.mark.django_db


def paid_order(member, lines, *, currency="USD", rate="1"):
    """lines: [(product, unit price, quantity)]"""
    from apps.orders.services import LineDraft, OrderDraft, create_order

    order = create_order(
        draft=OrderDraft(
            email=member.user.email,
            language="en",
            currency=currency,
            exchange_rate=Decimal(rate),
            payment_method="bank_transfer",
            incoterm="FOB",
            member=member,
            lines=[
                LineDraft(product=p, quantity=q, list_unit_price=Decimal(u), unit_price=Decimal(u))
                for p, u, q in lines
            ],
            address={"name": "B", "line1": "S 1", "city": "C", "country": "DE", "postal_code": "1"},
        )
    )
    mark_paid(order=order, amount=order.total, actor_label="test")
    order.refresh_from_db()
    return order


def rule(kind, **fields):
    return EarningRule.objects.create(name=fields.pop("name", kind), kind=kind, **fields)


def test_product_beats_category_beats_purchase_rate_per_line(member):
    pumps = CategoryFactory()
    special, pump, valve = (
        ProductFactory(category=pumps),
        ProductFactory(category=pumps),
        ProductFactory(),
    )
    rule(RuleKind.PURCHASE_RATE, rate=Decimal("1"), name="Standard 1%")
    rule(RuleKind.CATEGORY_RATE, rate=Decimal("2"), category=pumps, name="Pumps 2%")
    rule(RuleKind.PRODUCT_RATE, rate=Decimal("3"), product=special, name="Special 3%")

    order = paid_order(member, [(special, "100", 1), (pump, "100", 1), (valve, "100", 1)])

    awards = {a.label: a.points for a in order_awards(order).awards}
    assert awards == {"Special 3%": 300, "Pumps 2%": 200, "Standard 1%": 100}


def test_the_best_campaign_applies_not_both_and_new_products_only_where_it_says(member):
    new, old = ProductFactory(is_new=True), ProductFactory(is_new=False)
    rule(RuleKind.CAMPAIGN, multiplier=Decimal("2"), name="Double week")
    rule(RuleKind.CAMPAIGN, multiplier=Decimal("1.5"), name="New x1.5", new_products_only=True)

    order = paid_order(member, [(new, "100", 1), (old, "100", 1)])

    assert order_awards(order).total == 400  # both lines doubled; 1.5 does not stack


def test_large_order_bonus_uses_the_base_currency_at_the_captured_rate(member):
    product = ProductFactory()
    rule(RuleKind.LARGE_ORDER, minimum_order=Decimal("100000"), points=5000, name="Big order")

    small = paid_order(member, [(product, "90000", 1)], currency="EUR", rate="0.92")
    large = paid_order(member, [(product, "92000", 1)], currency="EUR", rate="0.92")

    assert "Big order" not in [a.label for a in order_awards(small).awards]
    assert {a.label: a.points for a in order_awards(large).awards}["Big order"] == 5000


def test_rules_apply_only_to_their_countries_customer_types_and_window(member):
    product = ProductFactory()
    member.country, member.customer_type = "DE", "distributor"
    member.save(update_fields=["country", "customer_type"])
    rule(RuleKind.CAMPAIGN, multiplier=Decimal("3"), countries=["FR"], name="France")
    rule(RuleKind.CAMPAIGN, multiplier=Decimal("4"), customer_types=["oem"], name="OEM")
    rule(
        RuleKind.CAMPAIGN,
        multiplier=Decimal("5"),
        name="Ended",
        ends_at=timezone.now() - timedelta(days=1),
    )
    rule(
        RuleKind.CAMPAIGN,
        multiplier=Decimal("2"),
        countries=["DE"],
        customer_types=["distributor"],
        name="German distributors",
    )

    order = paid_order(member, [(product, "100", 1)])

    assert order_awards(order).total == 200


def test_paid_orders_earn_one_entry_per_rule_and_a_cap_cuts_the_award(member):
    product = ProductFactory()
    capped = rule(RuleKind.PURCHASE_RATE, rate=Decimal("1"), cap_points=150, name="Capped")

    first = paid_order(member, [(product, "100", 1)])
    second = paid_order(member, [(product, "100", 1)])
    award_purchase_points(first)
    award_purchase_points(second)
    award_purchase_points(second)  # replayed: nothing more

    entries = LedgerEntry.objects.filter(kind=EntryKind.EARN, rule=capped).order_by("id")
    assert [e.points for e in entries] == [100, 50]


def test_sign_up_bonus_once_and_the_best_rule_of_the_kind(member):
    rule(RuleKind.SIGN_UP, points=300, name="Welcome")
    rule(RuleKind.SIGN_UP, points=500, name="Launch welcome", priority=1)

    first = award_event(member=member, kind=RuleKind.SIGN_UP, key=str(member.pk))
    again = award_event(member=member, kind=RuleKind.SIGN_UP, key=str(member.pk))

    assert (first.entry.points, first.entry.reason) == (500, "Launch welcome")
    assert again.replayed


def test_a_bonus_handed_over_again_after_its_rule_changed_is_not_paid_twice(member):
    welcome = rule(RuleKind.SIGN_UP, points=300, name="Welcome")
    first = award_event(member=member, kind=RuleKind.SIGN_UP, key=str(member.pk))
    EarningRule.objects.filter(pk=welcome.pk).update(points=800)

    again = award_event(member=member, kind=RuleKind.SIGN_UP, key=str(member.pk))

    assert (again.replayed, again.entry.pk) == (True, first.entry.pk)
    assert LedgerEntry.objects.get().points == 300


def test_check_in_pays_once_per_day_in_the_members_own_time_zone():
    rule(RuleKind.CHECK_IN, points=5, name="Check-in")
    member = MemberFactory(timezone="Asia/Tokyo")
    evening = datetime(2027, 3, 4, 14, 0, tzinfo=UTC)  # 23:00 in Tokyo

    first = bonuses.check_in(member=member, now=evening)
    same_day = bonuses.check_in(member=member, now=evening + timedelta(minutes=30))
    next_day = bonuses.check_in(member=member, now=evening + timedelta(hours=1, minutes=5))

    assert (first.replayed, same_day.replayed, next_day.replayed) == (False, True, False)
    assert sorted(LedgerEntry.objects.values_list("source", flat=True)) == [
        "check_in:2027-03-04",
        "check_in:2027-03-05",
    ]


def test_birthdays_are_found_in_each_members_zone_and_paid_once_a_year():
    rule(RuleKind.BIRTHDAY, points=300, name="Birthday")
    tokyo = MemberFactory(timezone="Asia/Tokyo", birthday=date(1990, 3, 5))
    lima = MemberFactory(timezone="America/Lima", birthday=date(1990, 3, 5))
    leap = MemberFactory(timezone="UTC", birthday=date(1992, 2, 29))
    moment = datetime(2027, 3, 4, 16, 0, tzinfo=UTC)  # 5 March in Tokyo, 4 March in Lima

    assert [member for member, _day in bonuses.birthdays(as_of=moment)] == [tokyo]
    feb_28 = datetime(2027, 2, 28, 12, 0, tzinfo=UTC)  # not a leap year
    assert [member for member, _day in bonuses.birthdays(as_of=feb_28)] == [leap]
    first = bonuses.birthday_bonus(member=tokyo, as_of=moment)
    again = bonuses.birthday_bonus(member=tokyo, as_of=moment + timedelta(hours=2))

    assert (first.entry.source, first.entry.points, again.replayed) == ("birthday:2027", 300, True)
    assert lima not in [member for member, _day in bonuses.birthdays(as_of=feb_28)]


def test_a_new_member_gets_the_sign_up_bonus_after_commit(django_capture_on_commit_callbacks):
    rule(RuleKind.SIGN_UP, points=500, name="Welcome")

    with django_capture_on_commit_callbacks(execute=True):
        member = MemberFactory.build()
        from apps.members.services import register_member

        user = member.user
        user.save()
        created = register_member(user=user)

    assert LedgerEntry.objects.get(account__member=created).points == 500


def test_the_admin_preview_shows_awards_and_writes_nothing(admin_client, member):
    product = ProductFactory()
    double = rule(RuleKind.CAMPAIGN, multiplier=Decimal("2"), name="Double week")
    rule(RuleKind.SIGN_UP, points=500, name="Welcome")
    order = paid_order(member, [(product, "250", 1)])
    before = LedgerEntry.objects.count()

    page = admin_client.post(
        f"/admin/ledger/earningrule/preview/?rules={double.pk}",
        {"order_number": order.number, "members": member.user.email},
    ).content.decode()

    assert "500" in page  # 250 x the programme's 1 point x 2
    assert "Double week" in page
    assert LedgerEntry.objects.count() == before
