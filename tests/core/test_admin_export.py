"""The admin lists' "Export CSV": the list's rows and columns, streamed, masked, translated."""

import csv
import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Permission
from django.test import Client

from apps.accounts.roles import FINANCE, MANAGER, SUPPORT, create_staff
from apps.ledger.services import earn, spend
from tests.conftest import TOTP_SECRET
from tests.factories import MemberFactory, UserFactory, make_order

EMAIL = "hans.meier@example.de"


def staff_client(role: str, **headers) -> Client:
    user, _password = create_staff(email=f"{role}@example.com", role=role)
    TOTP.activate(user, TOTP_SECRET)
    client = Client(**headers)
    client.force_login(user)
    return client


def rows_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # UTF-8 with a byte order mark, for Excel
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def entries(db):
    member = MemberFactory(user=UserFactory(email=EMAIL), company_name="")
    earn(member=member, points=120, reason="Welcome", idempotency_key="a")
    earn(member=member, points=30, reason="Survey", idempotency_key="b")
    spend(member=member, points=50, reason="Mug", idempotency_key="c")
    return member


@pytest.mark.django_db
def test_finance_exports_the_ledger_list_with_its_filters_headers_in_their_language(entries):
    client = staff_client(FINANCE, HTTP_ACCEPT_LANGUAGE="de")
    page = client.get("/admin/ledger/ledgerentry/?kind__exact=earn").content.decode()
    assert "/admin/ledger/ledgerentry/export/?kind__exact=earn" in page  # the button

    response = client.get("/admin/ledger/ledgerentry/export/?kind__exact=earn")

    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = rows_of(response)
    assert header[0] == "Am" and header[2] == "Punkte"  # the list's columns, in German
    assert sorted(row[2] for row in rows) == ["120", "30"]  # spent entry filtered out
    assert {row[3] for row in rows} == {"Gesammelt"}  # the kind's label
    assert rows[0][0].startswith("20") and "T" in rows[0][0]  # ISO 8601
    assert rows[0][1] == EMAIL  # Finance sees personal data in full


@pytest.mark.django_db
def test_search_narrows_the_export_as_it_narrows_the_list(entries):
    MemberFactory()  # a member the search leaves out
    client = staff_client(FINANCE)
    header, *rows = rows_of(client.get("/admin/members/member/export/?q=hans.meier"))
    assert len(rows) == 1 and rows[0][0] == EMAIL
    # Columns the list sets after its query (the last activity) are in the file too.
    last_activity = rows[0][header.index("Last activity")]
    assert last_activity.startswith("20") and "T" in last_activity


@pytest.mark.django_db
def test_money_is_an_amount_and_a_currency_column(exchange_rates, shipping_method):
    order = make_order(currency="EUR", rate="0.92")
    header, *rows = rows_of(staff_client(FINANCE).get("/admin/orders/order/export/"))
    assert header[4:6] == ["Total", "Total currency"]
    assert rows[0][0] == order.number
    assert rows[0][4:6] == [str(order.total_amount), "EUR"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [SUPPORT, MANAGER])
def test_roles_without_the_export_permission_get_neither_button_nor_file(entries, role):
    client = staff_client(role)
    for model in ("members/member", "ledger/ledgerentry", "orders/order", "rewards/redemption"):
        page = client.get(f"/admin/{model}/").content.decode()
        assert "Export CSV" not in page, model
        assert client.get(f"/admin/{model}/export/").status_code == 403, model


@pytest.mark.django_db
def test_an_export_is_masked_as_the_list_is(entries):
    """Staff allowed to export but not to see personal data get what the list shows them."""
    user, _password = create_staff(email="export@example.com", role=SUPPORT)
    user.user_permissions.add(Permission.objects.get(codename="export_data"))
    TOTP.activate(user, TOTP_SECRET)
    client = Client()
    client.force_login(user)
    for url in ("/admin/members/member/export/", "/admin/ledger/ledgerentry/export/"):
        body = "\n".join(",".join(row) for row in rows_of(client.get(url)))
        assert EMAIL not in body and "h***@example.de" in body, url


@pytest.mark.django_db
def test_redemptions_export(entries):
    _header, *rows = rows_of(staff_client(FINANCE).get("/admin/rewards/redemption/export/"))
    assert rows == []
