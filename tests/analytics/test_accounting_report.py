"""The points accounting report in the admin: permission, rows per day or per month, values
per currency, bad ranges, and the streamed CSV."""

from datetime import date

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Permission
from django.core.management import call_command

from apps.currencies.services import set_exchange_rate
from apps.ledger import services
from tests.analytics.test_rollups import at
from tests.conftest import TOTP_SECRET
from tests.factories import MemberFactory, StaffFactory

pytestmark = pytest.mark.django_db

URL = "/admin/reports/points-accounting/"


@pytest.fixture
def finance(client):
    """A staff member (two-factor set up) with only the report's permission."""
    user = StaffFactory(is_superuser=False)
    user.user_permissions.add(Permission.objects.get(codename="view_points_accounting"))
    TOTP.activate(user, TOTP_SECRET)
    client.force_login(user)
    return client


@pytest.fixture
def two_months(clock):
    """500 points earned on 30 April (closed), 200 spent on 1 May (closed), today 2 May."""
    clock.set(at(date(2026, 4, 30), 10))
    member = MemberFactory()
    services.earn(member=member, points=500, reason="r", idempotency_key="a")
    clock.set(at(date(2026, 5, 1), 10))
    services.spend(member=member, points=200, reason="r", idempotency_key="b", source="order:1")
    clock.set(at(date(2026, 5, 2), 9))
    call_command("close_reporting_day", backfill=True, first="2026-04-30")
    set_exchange_rate(currency="EUR", value="0.5")


def test_staff_without_the_permission_are_refused(client, clock):
    user = StaffFactory(is_superuser=False)
    TOTP.activate(user, TOTP_SECRET)
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_rows_per_day_with_values(finance, two_months):
    page = finance.get(URL, {"first": "2026-04-30", "last": "2026-05-02", "period": "day"})

    assert page.status_code == 200
    rows = [[cell for cell in row["values"]] for row in page.context["table"]]
    # opening, earned pending, earned available, released, checkout, rewards, clawed back,
    # expired, adjusted up, adjusted down, returned, closing, of which pending
    assert rows == [
        [0, 0, 500, 0, 0, 0, 0, 0, 0, 0, 0, 500, 0],
        [500, 0, 0, 0, 200, 0, 0, 0, 0, 0, 0, 300, 0],
        [300, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 300, 0],
    ]
    assert [row["live"] for row in page.context["table"]] == [False, False, True]
    assert "3.00" in str(page.context["table"][1]["money"][0])  # 300 points = USD 3.00


def test_rows_per_month(finance, two_months):
    page = finance.get(URL, {"first": "2026-04-30", "last": "2026-05-02", "period": "month"})
    table = page.context["table"]
    assert [row["period"] for row in table] == ["2026-04", "2026-05"]
    assert table[1]["values"][0] == 500  # May opens with April's closing
    assert table[1]["values"][4] == 200
    assert table[1]["values"][11] == 300


def test_a_reversed_range_is_an_error_on_the_page(finance, two_months):
    page = finance.get(URL, {"first": "2026-05-02", "last": "2026-04-30", "period": "day"})
    assert page.status_code == 200
    assert page.context["table"] == []
    assert "The first day must be on or before the last day." in page.content.decode()


def test_the_csv_is_streamed_with_every_column(finance, two_months):
    response = finance.get(
        URL, {"first": "2026-04-30", "last": "2026-05-01", "period": "day", "format": "csv"}
    )
    assert response.streaming
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("\ufeffPeriod,Opening balance,Earned (pending)")
    assert lines[0].endswith("Closing value (CAD)")
    assert lines[2].startswith("2026-05-01,500,0,0,0,200,0,0,0,0,0,0,300,0,3.00,1.50,")
