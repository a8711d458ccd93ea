"""Two buyers of one company at once (#20): real threads with their own connections, on
committed data. The company's account is the row both lock, so the balance never goes negative
and a repeated key has one effect."""

import pytest

from apps.companies import services as companies
from apps.ledger import services
from apps.ledger.errors import InsufficientPoints
from apps.ledger.models import EntryKind, LedgerEntry, PointsAccount, Programme, WhoEarns
from apps.ledger.selectors import discrepancies
from tests.factories import MemberFactory
from tests.ledger.test_concurrency import in_threads

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def company_buyers():
    Programme.objects.update_or_create(pk=1, defaults={"who_earns": WhoEarns.COMPANY})
    Programme.forget_cached()
    company = companies.create_company(legal_name="Müller Import GmbH", country="DE")
    buyers = [MemberFactory(), MemberFactory()]
    for buyer in buyers:
        companies.add_member(company=company, member=buyer)
    yield company, buyers
    Programme.forget_cached()


def test_two_buyers_spending_at_once_never_overdraw_the_company(company_buyers):
    company, buyers = company_buyers
    services.earn(member=buyers[0], points=100, reason="seed", idempotency_key="seed")

    outcomes = in_threads(
        20,
        lambda i: services.spend(
            member=buyers[i % 2], points=10, reason="race", idempotency_key=f"spend-{i}"
        ),
    )

    succeeded = [o for o in outcomes if isinstance(o, services.LedgerResult)]
    refused = [o for o in outcomes if isinstance(o, InsufficientPoints)]
    assert (len(succeeded), len(refused)) == (10, 10), outcomes
    account = PointsAccount.objects.get(company=company)
    assert account.available == 0
    assert discrepancies(account) == []
    spenders = set(
        LedgerEntry.objects.filter(account=account, kind=EntryKind.SPEND).values_list(
            "member_id", flat=True
        )
    )
    assert spenders <= {buyers[0].pk, buyers[1].pk}


def test_a_repeated_earn_of_one_buyer_has_one_effect(company_buyers):
    company, buyers = company_buyers

    outcomes = in_threads(
        10,
        lambda i: services.earn(
            member=buyers[0], points=25, reason="webhook", idempotency_key="erp-evt-1"
        ),
    )

    assert all(isinstance(o, services.LedgerResult) for o in outcomes), outcomes
    assert sum(not o.replayed for o in outcomes) == 1
    assert PointsAccount.objects.get(company=company).available == 25


def test_first_earns_of_two_buyers_race_to_one_company_account(company_buyers):
    company, buyers = company_buyers

    outcomes = in_threads(
        10,
        lambda i: services.earn(
            member=buyers[i % 2], points=5, reason="order", idempotency_key=f"e-{i}"
        ),
    )

    assert all(isinstance(o, services.LedgerResult) for o in outcomes), outcomes
    assert PointsAccount.objects.filter(company=company).count() == 1
    assert PointsAccount.objects.get(company=company).available == 50
