import pytest

from apps.companies import services as companies
from apps.ledger.models import Programme, WhoEarns
from tests.factories import MemberFactory


def set_who_earns(value: str) -> None:
    Programme.objects.update_or_create(pk=1, defaults={"who_earns": value})
    Programme.forget_cached()


@pytest.fixture
def company_earns(db):
    set_who_earns(WhoEarns.COMPANY)
    yield
    Programme.forget_cached()


@pytest.fixture
def company(db):
    return companies.create_company(legal_name="Müller Import GmbH", country="DE")


@pytest.fixture
def buyers(company):
    """Two buyers of ``company``."""
    first, second = MemberFactory(), MemberFactory()
    companies.add_member(company=company, member=first)
    companies.add_member(company=company, member=second)
    return first, second
