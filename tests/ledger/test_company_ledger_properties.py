"""The ledger's random histories (``test_ledger_properties``) on a company's account (#20):
two buyers take turns earning, spending and being refunded on it; after every step the books
balance and every lot holds what the model says."""

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule, run_state_machine_as_test

from apps.companies import services as companies
from apps.ledger import services
from apps.ledger.models import PointsAccount, PointsLot, Programme, WhoEarns
from apps.ledger.selectors import discrepancies
from tests.factories import MemberFactory
from tests.ledger.test_ledger_properties import LedgerMachine


class CompanyLedgerMachine(LedgerMachine):
    def __init__(self):
        Programme.objects.update_or_create(pk=1, defaults={"who_earns": WhoEarns.COMPANY})
        Programme.forget_cached()
        self.company = companies.create_company(legal_name="Müller Import GmbH", country="DE")
        self.buyers = [MemberFactory(), MemberFactory()]
        for buyer in self.buyers:
            companies.add_member(company=self.company, member=buyer)
        self.turn = 0
        super().__init__()

    @property
    def member(self):
        """The buyer acting now: the two take turns, step by step."""
        self.turn += 1
        return self.buyers[self.turn % 2]

    @member.setter
    def member(self, _value):  # the base machine's own member is not used
        pass

    @rule(points=st.integers(1, 200))
    def replay_last_key(self, points):
        """Re-sending a buyer's last earn changes nothing (same key and arguments)."""
        account = PointsAccount.objects.filter(company=self.company).first()
        before = dict(PointsLot.objects.filter(account=account).values_list("pk", "remaining"))
        entry = account.entries.filter(kind="earn").order_by("-id").first() if account else None
        if entry is not None:
            lot = entry.lots.get()
            buyer = next(b for b in self.buyers if b.pk == entry.member_id)
            services.earn(
                member=buyer,
                points=entry.points,
                reason="earn",
                idempotency_key=entry.idempotency_key.split(":", 2)[2],  # the buyer's own key
                expires_at=lot.expires_at,
                available_at=lot.available_at
                if not lot.released or lot.available_at > entry.created_at
                else None,
                source=entry.source,
            )
        after = dict(PointsLot.objects.filter(account=account).values_list("pk", "remaining"))
        assert before == after

    @invariant()
    def books_balance(self):
        assert not PointsAccount.objects.filter(member__in=self.buyers).exists()
        account = PointsAccount.objects.filter(company=self.company).first()
        if account is None:
            return
        assert discrepancies(account) == []
        assert account.available >= 0 and account.pending >= 0
        actual = dict(PointsLot.objects.filter(account=account).values_list("pk", "remaining"))
        assert actual == {lot_id: lot["remaining"] for lot_id, lot in self.lots.items()}

    def teardown(self):
        Programme.forget_cached()


@pytest.mark.django_db
def test_random_company_ledger_histories_always_add_up():
    run_state_machine_as_test(
        CompanyLedgerMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
