"""Ledger reasons are stored as source text and read in each reader's language: staff see one
language on a list of members who speak Arabic, Chinese and Portuguese; each member sees theirs.
Entries written before (in the member's language) are converted when read: the ledger is
immutable, so they are never rewritten."""

import importlib
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from apps.ledger import reasons
from apps.ledger import services as ledger
from apps.ledger.lock_objects import lock_account
from apps.ledger.models import EarningRule, LedgerEntry, RuleKind
from apps.ledger.purchases import award_purchase_points
from apps.orders.services import mark_paid
from apps.rewards.ledger_reasons import forget_reward_names
from apps.rewards.models import Reward
from apps.rewards.services import decide, redeem
from apps.tiers.models import Tier, TierChange
from tests.factories import MemberFactory, make_order
from tests.text import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_reward_names():
    forget_reward_names()
    yield
    forget_reward_names()


@pytest.fixture
def welcome_rule(db):
    return EarningRule.objects.create(
        kind=RuleKind.PURCHASE_RATE,
        rate=Decimal("1"),
        name_en="Purchase points",
        name_de="Kaufpunkte",
        name_ar="نقاط الشراء",
        name_zh_hans="购物积分",
        name_pt="Pontos de compra",
    )


def in_language(language: str, text: str, **values) -> str:
    with translation.override(language):
        return gettext(text) % values if values else gettext(text)


def paid_order_for(language: str):
    member = MemberFactory(preferred_language=language)
    order = make_order(member=member, language=language)
    with translation.override(language):  # the buyer's request
        mark_paid(order=order, amount=order.total, actor_label="test")
        order.refresh_from_db()
        award_purchase_points(order)
    return member, order


def test_a_new_reason_is_stored_as_source_text(welcome_rule):
    member, order = paid_order_for("ar")

    entry = LedgerEntry.objects.get(account__member=member)

    assert entry.reason == f"Order {order.number} · Purchase points"


def test_staff_read_every_member_s_reasons_in_their_own_language(admin_client, welcome_rule):
    orders = [paid_order_for(language)[1] for language in ("ar", "zh-hans", "pt")]

    page = admin_client.get("/admin/ledger/ledgerentry/", HTTP_ACCEPT_LANGUAGE="de").content
    page = page.decode()

    for order in orders:
        german = in_language("de", reasons.ORDER, number=order.number) + " · Kaufpunkte"
        assert german in page
    assert "نقاط الشراء" not in page and "购物积分" not in page and "Pontos de compra" not in page
    assert in_language("de", reasons.ORDER, number="") != "Order "  # the catalogue has it


def test_each_member_reads_the_reason_in_the_page_s_language(client, welcome_rule):
    member, order = paid_order_for("zh-hans")
    client.force_login(member.user)

    chinese = page_text(client.get("/zh-hans/member/points/"))
    arabic = page_text(client.get("/ar/member/points/"))

    assert in_language("zh-hans", reasons.ORDER, number=order.number) + " · 购物积分" in chinese
    assert in_language("ar", reasons.ORDER, number=order.number) + " · نقاط الشراء" in arabic


def write_as_before(database_owner, member, reason: str, points: int = 100, rule=None):
    """An entry as the ledger wrote it before: its reason in the member's language (forged as the
    tables' owner: the application's role may not write ledger rows)."""
    account = lock_account(member, now=timezone.now())
    with database_owner.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source, rule_id,"
            " idempotency_key, fingerprint, created_at)"
            " VALUES (%s, %s, 'earn', %s, '', %s, %s, 'before', now()) RETURNING id",
            [account.pk, points, reason, rule.pk if rule else None, f"before:{reason}"],
        )
        (entry_id,) = cursor.fetchone()
    return LedgerEntry.objects.get(pk=entry_id)


def test_entries_written_in_the_member_s_language_before_are_converted_when_read(
    welcome_rule, database_owner
):
    member = MemberFactory(preferred_language="ar")
    arabic = in_language("ar", reasons.ORDER, number="4W5UMK2CEB") + " · نقاط الشراء"
    entry = write_as_before(database_owner, member, arabic, rule=welcome_rule)
    deleted = write_as_before(
        database_owner, member, in_language("pt", reasons.ACCOUNT_DELETED), points=-5
    )

    entry = LedgerEntry.objects.select_related("rule").get(pk=entry.pk)
    with translation.override("de"):
        german = entry.shown_reason
    with translation.override("en"):
        english = entry.shown_reason
        account_deleted = deleted.shown_reason

    assert german == in_language("de", reasons.ORDER, number="4W5UMK2CEB") + " · Kaufpunkte"
    assert english == "Order 4W5UMK2CEB · Purchase points"
    assert account_deleted == "Account deleted"
    assert LedgerEntry.objects.get(pk=entry.pk).reason == arabic  # never rewritten


def test_reward_reasons_name_the_reward_in_the_reader_s_language(admin_user):
    member = MemberFactory(preferred_language="ar")
    ledger.earn(member=member, points=1000, reason="Welcome", idempotency_key="w")
    reward = Reward.objects.create(
        kind="free_sample",
        points_cost=500,
        name_en="Sample valve",
        name_de="Musterventil",
        name_ar="صمام عينة",
    )
    redemption = redeem(member=member, reward=reward, idempotency_key="r1")
    decide(redemption=redemption, status="rejected", staff=admin_user)

    spent, restored = LedgerEntry.objects.filter(kind__in=["spend", "restore"]).order_by("pk")
    with translation.override("de"):
        shown = [spent.shown_reason, restored.shown_reason]

    assert spent.reason == "Reward: Sample valve"
    assert shown == [
        in_language("de", "Reward: %(reward)s", reward="Musterventil"),
        in_language("de", "Reward rejected: %(reward)s", reward="Musterventil"),
    ]


def test_a_partial_clawback_s_note_is_translated_too(database_owner):
    member = MemberFactory(preferred_language="ru")
    stored = (
        reasons.written(reasons.REFUND, number="X1")
        + " "
        + reasons.written(reasons.NOT_TAKEN_BACK, missing=40)
    )
    entry = write_as_before(database_owner, member, stored, points=-60)

    with translation.override("ja"):
        assert entry.shown_reason == (
            in_language("ja", reasons.REFUND, number="X1")
            + " "
            + in_language("ja", reasons.NOT_TAKEN_BACK, missing="40")
        )


def test_what_staff_or_integrators_typed_is_shown_as_typed(database_owner):
    entry = write_as_before(database_owner, MemberFactory(), "Goodwill after the late delivery")

    with translation.override("ar"):
        assert entry.shown_reason == "Goodwill after the late delivery"


def test_order_cancelled_is_not_read_as_an_order_number(database_owner):
    entry = write_as_before(database_owner, MemberFactory(), "Order SO-7 cancelled")

    with translation.override("de"):
        assert entry.shown_reason == in_language("de", reasons.ORDER_CANCELLED, number="SO-7")


def test_tier_changes_are_shown_in_the_reader_s_language(admin_client):
    member = MemberFactory()
    gold = Tier.objects.create(name_en="Gold", rank=2)
    TierChange.objects.create(
        member=member, to_tier=gold, reason="Qualified", created_at=timezone.now()
    )

    page = admin_client.get("/admin/tiers/tierchange/", HTTP_ACCEPT_LANGUAGE="ja").content

    assert in_language("ja", "Qualified") in page.decode()


def test_tier_change_reasons_written_translated_become_source_text_again():
    migration = importlib.import_module(
        "apps.tiers.migrations.0003_tier_change_reasons_as_source_text"
    )
    member = MemberFactory()
    gold = Tier.objects.create(name_en="Gold", rank=2)
    arabic = TierChange.objects.create(
        member=member,
        to_tier=gold,
        reason=in_language("ar", "Qualified"),
        created_at=timezone.now(),
    )

    from django.apps import apps

    migration.reasons_as_source_text(apps, None)

    arabic.refresh_from_db()
    assert arabic.reason == "Qualified"
