"""The member center and the member 360 when the company earns (#20): the company's balance,
whose account it is, and which buyer earned or spent each entry; in English and Arabic."""

import pytest

from apps.ledger import services
from tests.text import page_text, text_with_testid

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_caches")]


@pytest.fixture
def history(company_earns, buyers):
    first, second = buyers
    first.user.first_name, first.user.last_name = "Anna", "Weber"
    first.user.save()
    services.earn(member=first, points=300, reason="Order", idempotency_key="o1")
    services.spend(member=second, points=120, reason="Checkout", idempotency_key="s1")
    return first, second


def test_the_dashboard_shows_the_company_balance_and_who_earned(client, history):
    _first, second = history
    client.force_login(second.user)

    response = client.get("/en/member/")

    assert text_with_testid(response, "points-account") == "Company account: Müller Import GmbH"
    assert text_with_testid(response, "points-available") == "180"
    assert "by Anna Weber" in page_text(response)


def test_the_history_in_arabic_says_whose_account(client, history):
    first, _second = history
    client.force_login(first.user)

    response = client.get("/ar/member/points/")

    assert response.status_code == 200
    assert "Müller Import GmbH" in text_with_testid(response, "points-account")
    assert "حساب الشركة" in text_with_testid(response, "points-account")


def test_a_member_of_no_company_sees_no_company_account(client, member, company_earns):
    client.force_login(member.user)
    response = client.get("/en/member/")
    assert 'data-testid="points-account"' not in response.content.decode()


def test_the_member_360_says_which_account(admin_client, history):
    first, _second = history
    response = admin_client.get(f"/admin/members/member/{first.pk}/change/")
    assert response.status_code == 200
    assert "Company account: Müller Import GmbH" in response.content.decode()
