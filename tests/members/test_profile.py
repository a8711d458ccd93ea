"""Profile: completion meter with its one-off bonus, consent records, data export."""

import json
from datetime import date

import pytest

from apps.ledger import services
from apps.ledger.models import EarningRule, LedgerEntry, RuleKind
from apps.members.models import ConsentRecord
from tests.factories import MemberFactory, make_order
from tests.text import page_text

pytestmark = pytest.mark.django_db


def complete_profile(**overrides) -> dict:
    data = {
        "company_name": "Müller Armaturen GmbH",
        "vat_id": "DE136695976",
        "country": "DE",
        "phone": "+49 40 123",
        "whatsapp": "",
        "customer_type": "distributor",
        "purchasing_needs": "Ball valves DN50",
        "birthday": "1980-04-02",
        "preferred_language": "de",
        "preferred_currency": "EUR",
        "timezone": "Europe/Berlin",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def signed_in(client):
    member = MemberFactory(company_name="", country="", phone="")
    client.force_login(member.user)
    return member


def test_completing_the_profile_pays_the_bonus_once(
    client, signed_in, django_capture_on_commit_callbacks
):
    EarningRule.objects.create(
        name_en="Complete profile", name="Complete profile", kind=RuleKind.PROFILE, points=200
    )
    page = page_text(client.get("/en/member/profile/"))
    assert "Complete it to earn 200 points." in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/member/profile/", complete_profile())
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/member/profile/", complete_profile(phone="+49 40 999"))

    signed_in.refresh_from_db()
    assert response.status_code == 302
    assert (signed_in.preferred_language, signed_in.timezone) == ("de", "Europe/Berlin")
    assert signed_in.birthday == date(1980, 4, 2)
    assert [e.points for e in LedgerEntry.objects.filter(account__member=signed_in)] == [200]


def test_invalid_input_is_refused_with_a_message_and_saves_nothing(client, signed_in):
    response = client.post(
        "/en/member/profile/", complete_profile(birthday="not a date", preferred_currency="XYZ")
    )

    signed_in.refresh_from_db()
    errors = response.context["form"].errors
    assert "birthday" in errors and "preferred_currency" in errors
    assert signed_in.company_name == ""


def test_consent_changes_are_recorded_with_time_and_source(client, signed_in):
    client.post("/en/member/profile/", complete_profile(marketing_consent="on"))
    client.post("/en/member/profile/", complete_profile())

    records = list(
        ConsentRecord.objects.filter(member=signed_in)
        .order_by("id")
        .values_list("purpose", "granted", "source")
    )
    assert records == [("marketing", True, "member center"), ("marketing", False, "member center")]


def test_download_my_data_has_my_profile_points_and_orders_only(
    client, signed_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.earn(member=signed_in, points=50, reason="Welcome", idempotency_key="w")
    mine = make_order(member=signed_in)
    theirs = make_order(member=MemberFactory())

    response = client.get("/en/member/privacy/export/")

    data = json.loads(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    assert data["profile"]["email"] == signed_in.user.email
    assert data["points"]["available"] == 50
    assert [o["number"] for o in data["orders"]] == [mine.number]
    assert theirs.number not in response.content.decode()
    assert {"redemptions", "referrals", "product_views", "notifications"} <= set(data)
    assert [n["kind"] for n in data["notifications"]] == ["points_earned"]


def test_deleting_my_account_erases_me_forfeits_points_and_keeps_orders(client, signed_in):
    from datetime import timedelta

    from django.utils import timezone

    from apps.ledger.selectors import balance, discrepancies, liability
    from tests.factories import PASSWORD

    services.earn(member=signed_in, points=300, reason="Welcome", idempotency_key="w")
    services.earn(
        member=signed_in,
        points=200,
        reason="Order",
        idempotency_key="o",
        available_at=timezone.now() + timedelta(days=14),
    )
    client.post("/en/member/profile/", complete_profile(marketing_consent="on"))
    order = make_order(member=signed_in)
    email = signed_in.user.email

    wrong = client.post("/en/member/privacy/delete/", {"password": "nope", "confirm": "on"})
    assert "The password is not correct." in wrong.content.decode()
    assert balance(signed_in).available > 0

    page = page_text(client.get("/en/member/privacy/delete/"))
    assert "Your 500 points are forfeited" in page
    response = client.post("/en/member/privacy/delete/", {"password": PASSWORD, "confirm": "on"})

    signed_in.refresh_from_db()
    user = signed_in.user
    assert response.status_code == 302
    assert client.get("/en/member/").status_code == 302  # signed out
    assert (balance(signed_in).available, balance(signed_in).pending) == (0, 0)
    assert liability().outstanding_points == 0
    assert discrepancies(signed_in.points_account) == []
    assert signed_in.closed_at is not None
    assert (signed_in.company_name, signed_in.vat_id, signed_in.phone) == ("", "", "")
    assert signed_in.birthday is None and not signed_in.marketing_consent
    assert user.email != email and not user.is_active and not user.has_usable_password()
    assert not client.login(email=email, password=PASSWORD)
    assert ConsentRecord.objects.filter(member=signed_in).latest("id").granted is False
    order.refresh_from_db()
    assert order.member_id == signed_in.pk  # the invoice stays
    forfeit = LedgerEntry.objects.get(account__member=signed_in, source="account-closed")
    assert forfeit.points == -500


def test_staff_cannot_delete_their_account_from_the_member_center(client, staff):
    from tests.factories import PASSWORD

    client.force_login(staff)
    response = client.post(
        "/en/member/privacy/delete/", {"password": PASSWORD, "confirm": "on"}, follow=True
    )

    staff.refresh_from_db()
    assert "Staff accounts are removed by an administrator." in response.content.decode()
    assert staff.is_active
