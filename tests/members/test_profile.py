"""Profile: completion meter with its one-off bonus, consent records, data export."""

import json
from datetime import date

import pytest

from apps.ledger import services
from apps.ledger.models import EarningRule, LedgerEntry, RuleKind
from apps.members.models import ConsentRecord
from tests.factories import MemberFactory, make_order

pytestmark = pytest.mark.django_db


def complete_profile(**overrides) -> dict:
    data = {
        "company_name": "Müller Armaturen GmbH",
        "vat_id": "DE123",
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
    page = client.get("/en/member/profile/").content.decode()
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


def test_download_my_data_has_my_profile_points_and_orders_only(client, signed_in):
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
