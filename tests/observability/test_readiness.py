"""/readyz (the outbox's lag), and the ledger's invariants (balances = entries = lots) as a
metric and `manage.py check_ledger`."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from apps.core.models import OutboxEvent
from apps.ledger import services as ledger
from apps.ledger.selectors import accounts_not_adding_up
from tests.factories import MemberFactory

from .conftest import value


def earn_and_spend(member) -> None:
    ledger.earn(member=member, points=300, reason="Order", idempotency_key=f"e-{member.pk}")
    ledger.spend(member=member, points=120, reason="Reward", idempotency_key=f"s-{member.pk}")


@pytest.mark.django_db
def test_readyz_is_ok_when_everything_adds_up(client, member):
    earn_and_spend(member)

    response = client.get("/readyz")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] is True
    assert body["checks"]["redis"] is True
    assert body["checks"]["outbox"]["ok"] is True
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_fails_when_the_outbox_lags(client, settings):
    settings.READYZ_MAX_OUTBOX_LAG = 60
    OutboxEvent.objects.create(
        name="order.paid", payload={}, created_at=timezone.now() - timedelta(minutes=3)
    )

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["outbox"]["ok"] is False
    assert response.json()["checks"]["outbox"]["lag_seconds"] >= 180


def break_the_balance(database_owner, member, points: int = 5) -> None:
    """What no service can do: a balance changed without an entry (as the tables' owner)."""
    with database_owner.cursor() as cursor:
        cursor.execute(
            "UPDATE ledger_pointsaccount SET available = available + %s WHERE member_id = %s",
            [points, member.pk],
        )


def test_a_broken_ledger_is_an_alert_not_unreadiness(client, member, database_owner, scrape):
    """A ledger that does not add up is the same on every instance: were it a readiness check,
    every instance would leave the load balancer at once. It is a metric to alert on."""
    earn_and_spend(member)
    assert value(scrape(), "storefront_ledger_accounts_not_adding_up") == 0

    break_the_balance(database_owner, member)

    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert "ledger" not in response.json()["checks"]
    metrics = scrape()
    assert value(metrics, "storefront_ledger_accounts_checked") == 1
    assert value(metrics, "storefront_ledger_accounts_not_adding_up") == 1
    assert value(metrics, "storefront_scrape_source_up", source="ledger_invariants") == 1


def test_check_ledger_checks_every_account_in_batches(member, database_owner, capsys):
    others = [MemberFactory() for _ in range(4)]
    for each in [member, *others]:
        earn_and_spend(each)

    call_command("check_ledger", batch=2)
    assert "The ledger adds up" in capsys.readouterr().out

    break_the_balance(database_owner, others[-1], points=-3)
    with pytest.raises(CommandError, match="1 points accounts do not add up"):
        call_command("check_ledger", batch=2)
    problem = capsys.readouterr().err
    account = others[-1].points_account.pk
    assert f"account {account}: entries 180 != available+pending 177" in problem
    assert "released lots 180 != available 177" in problem


def test_expiry_entries_must_match_what_their_lots_recorded(member, database_owner):
    ledger.earn(member=member, points=50, reason="Order", idempotency_key="e")
    account = member.points_account.pk
    with database_owner.cursor() as cursor:
        # An expiry entry that took points no lot records (balances, entries and lots agree).
        cursor.execute(
            "INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source, "
            "idempotency_key, fingerprint, created_at) VALUES "
            "(%s, -10, 'expire', 'x', '', 'forged', '', now())",
            [account],
        )
        cursor.execute(
            "UPDATE ledger_pointsaccount SET available = available - 10 WHERE id = %s", [account]
        )
        cursor.execute(
            "UPDATE ledger_pointslot SET remaining = remaining - 10 WHERE account_id = %s",
            [account],
        )

    (found,) = accounts_not_adding_up(account_ids=[account])

    assert found.expiry_breaks == 1
    assert "1 expiry entries != what their lots recorded" in str(found)
