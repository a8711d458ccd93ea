"""Random sequences of ledger operations against a simple model of lots.

After every step: balances equal the sum of entries, lots equal balances, nothing is negative,
and every lot holds exactly what the model says (so spends took the soonest-expiring points
first, clawbacks the order's own points first, expiry all of a due lot).
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from apps.ledger import services
from apps.ledger.errors import InsufficientPoints
from apps.ledger.jobs import expire_due_lots, release_due_lots
from apps.ledger.models import PointsAccount, PointsLot
from apps.ledger.selectors import discrepancies
from tests.factories import MemberFactory

FAR = timedelta(days=10_000)


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.member = MemberFactory()
        self.now = timezone.now()
        self.lots = {}  # lot id -> {"expires": datetime|None, "remaining", "released", "source"}
        self.keys = 0

    def key(self) -> str:
        self.keys += 1
        return f"k{self.keys}"

    def spendable(self):
        lots = [
            (lot["expires"] or self.now + FAR, lot_id)
            for lot_id, lot in self.lots.items()
            if lot["released"] and lot["remaining"] > 0
        ]
        return [lot_id for _expires, lot_id in sorted(lots)]

    def take(self, lot_ids, points):
        for lot_id in lot_ids:
            portion = min(points, self.lots[lot_id]["remaining"])
            self.lots[lot_id]["remaining"] -= portion
            points -= portion

    @rule(
        points=st.integers(1, 500),
        days=st.integers(1, 400) | st.none(),
        pending=st.booleans(),
        order=st.integers(1, 3) | st.none(),
    )
    def earn(self, points, days, pending, order):
        expires = None if days is None else self.now + timedelta(days=days)
        available_at = self.now + timedelta(days=14) if pending else None
        source = f"order:{order}" if order else ""
        result = services.earn(
            member=self.member,
            points=points,
            reason="earn",
            idempotency_key=self.key(),
            expires_at=expires,
            available_at=available_at,
            source=source,
        )
        lot = PointsLot.objects.get(entry=result.entry)
        self.lots[lot.pk] = {
            "expires": expires,
            "remaining": points,
            "released": not pending,
            "source": source,
        }

    @rule(points=st.integers(1, 600))
    def spend(self, points):
        available = sum(self.lots[i]["remaining"] for i in self.spendable())
        try:
            services.spend(
                member=self.member, points=points, reason="spend", idempotency_key=self.key()
            )
        except InsufficientPoints:
            assert points > available
            return
        assert points <= available
        self.take(self.spendable(), points)

    @rule(days=st.integers(1, 30))
    def release(self, days):
        as_of = self.now + timedelta(days=days)
        release_due_lots(as_of=as_of, now=as_of)
        if days >= 14:
            for lot in self.lots.values():
                lot["released"] = True

    @rule(days=st.integers(1, 500))
    def expire(self, days):
        as_of = self.now + timedelta(days=days)
        expire_due_lots(as_of=as_of, now=as_of)
        for lot in self.lots.values():
            if lot["released"] and lot["expires"] is not None and lot["expires"] <= as_of:
                lot["remaining"] = 0

    @rule(points=st.integers(1, 300), order=st.integers(1, 3))
    def clawback(self, points, order):
        source = f"order:{order}"
        own = sorted(
            i for i, lot in self.lots.items() if lot["source"] == source and lot["remaining"] > 0
        )
        others = [i for i in self.spendable() if self.lots[i]["source"] != source]
        services.clawback(
            member=self.member,
            points=points,
            reason="refund",
            idempotency_key=self.key(),
            source=source,
        )
        self.take(own + others, points)

    @rule(points=st.integers(1, 200))
    def replay_last_key(self, points):
        """Re-sending the last earn or spend changes nothing (same key, same arguments)."""
        before = {
            lot.pk: lot.remaining for lot in PointsLot.objects.filter(account__member=self.member)
        }
        account = PointsAccount.objects.filter(member=self.member).first()
        if account is not None:
            entry = account.entries.filter(idempotency_key=f"k{self.keys}").first()
            if entry is not None and entry.kind == "earn":
                lot = entry.lots.get()
                services.earn(
                    member=self.member,
                    points=entry.points,
                    reason="earn",
                    idempotency_key=entry.idempotency_key,
                    expires_at=lot.expires_at,
                    available_at=lot.available_at
                    if not lot.released or lot.available_at > entry.created_at
                    else None,
                    source=entry.source,
                )
        after = {
            lot.pk: lot.remaining for lot in PointsLot.objects.filter(account__member=self.member)
        }
        assert before == after

    @invariant()
    def books_balance(self):
        account = PointsAccount.objects.filter(member=self.member).first()
        if account is None:
            return
        assert discrepancies(account) == []
        assert account.available >= 0 and account.pending >= 0
        actual = dict(PointsLot.objects.filter(account=account).values_list("pk", "remaining"))
        assert actual == {lot_id: lot["remaining"] for lot_id, lot in self.lots.items()}


@pytest.mark.django_db
def test_random_ledger_histories_always_add_up():
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=40,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
