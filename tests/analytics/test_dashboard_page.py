"""The dashboard page in the admin: who sees it (the admin opens on it for staff with
``view_programme_dashboard``, the list of sections stays reachable), the filters and their
errors, the CSV of what is shown, numbers in the reader's language, the link to the members at
risk, and the chart library served from our own static files."""

import csv
import io
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.staticfiles import finders

from apps.analytics.models import DailyFigures, ReportingDay
from apps.ledger import services
from tests.conftest import TOTP_SECRET
from tests.factories import MemberFactory, StaffFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/"
CSV = "/admin/dashboard.csv"


def staff_member(*permissions: str):
    from allauth.mfa.totp.internal.auth import TOTP

    user = StaffFactory(is_superuser=False)
    TOTP.activate(user, TOTP_SECRET)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def week(clock):
    """Closed 10-19 March with enrolments on the 15th (1,234 members) and the 11th."""
    clock.set(datetime(2026, 3, 20, 12, tzinfo=UTC))
    for day in range(10, 20):
        ReportingDay.objects.create(day=date(2026, 3, day), closed_at=clock())
    DailyFigures.objects.create(
        day=date(2026, 3, 15),
        currency="USD",
        country="DE",
        members_joined=1234,
        points_earned_available=5000,
        points_spent_rewards=1000,
    )
    DailyFigures.objects.create(
        day=date(2026, 3, 11), currency="USD", country="DE", members_joined=617
    )


def test_the_admin_opens_on_the_dashboard_for_staff_allowed_to_see_it(client, week):
    client.force_login(staff_member("view_programme_dashboard"))

    page = client.get(DASHBOARD, {"period": "7"})

    assert page.status_code == 200
    assert page.templates[0].name == "admin/analytics/dashboard.html"
    html = page.content.decode()
    assert 'href="/admin/sections/"' in html
    figures = {table.key: table for table in page.context["tables"]}["figures"]
    assert figures.rows[1][1:] == [1234, 617, 1234 - 617]
    assert client.get("/admin/sections/").templates[0].name == "admin/index.html"


def test_staff_without_the_permission_get_the_list_of_sections_and_no_figures(client, week):
    client.force_login(staff_member("view_member"))

    index = client.get(DASHBOARD)

    assert index.status_code == 200
    assert index.templates[0].name == "admin/index.html"
    assert "1,234" not in index.content.decode()
    assert client.get(CSV).status_code == 403


def test_a_superuser_sees_the_dashboard(admin_client, week):
    assert admin_client.get(DASHBOARD).templates[0].name == "admin/analytics/dashboard.html"


def test_a_wrong_custom_range_is_refused_with_a_reason_and_the_default_period_shown(
    admin_client, week
):
    page = admin_client.get(
        DASHBOARD, {"period": "custom", "start": "2026-03-19", "end": "2026-03-10"}
    )

    assert page.status_code == 200
    assert "The first day must not be after the last day." in page.content.decode()
    assert page.context["period"].days == 30
    future = admin_client.get(
        DASHBOARD, {"period": "custom", "start": "2026-03-19", "end": "2026-04-10"}
    )
    assert "The last day cannot be in the future." in future.content.decode()


def test_a_custom_range_is_compared_with_the_same_number_of_days_before(admin_client, week):
    page = admin_client.get(
        DASHBOARD, {"period": "custom", "start": "2026-03-13", "end": "2026-03-16"}
    )

    assert (page.context["period"].first, page.context["period"].last) == (
        date(2026, 3, 13),
        date(2026, 3, 16),
    )
    assert (page.context["previous"].first, page.context["previous"].last) == (
        date(2026, 3, 9),
        date(2026, 3, 12),
    )
    figures = {table.key: table for table in page.context["tables"]}["figures"]
    assert figures.rows[1][1:] == [1234, 617, 1234 - 617]


def test_the_csv_holds_the_figures_the_page_shows(admin_client, week):
    response = admin_client.get(CSV, {"period": "7"})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('2026-03-14-2026-03-20.csv"')
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["Period", "2026-03-14", "2026-03-20"] in rows
    assert ["New members", "1234", "617", "617"] in rows
    assert ["Points redeemed", "1000", "0", "1000"] in rows
    assert ["Redemption rate (redeemed / issued)", "20.0", "", ""] in rows
    enrolment = rows.index(["Enrolment"])
    assert rows[enrolment + 1] == ["Day", "New members"]
    assert rows[enrolment + 3] == ["Mar 15, 2026", "1234"]


def test_numbers_and_dates_are_in_the_reader_s_language_and_kept_whole(admin_client, week):
    page = admin_client.get(DASHBOARD, {"period": "7"}, HTTP_ACCEPT_LANGUAGE="de")
    html = page.content.decode()
    assert '<bdi dir="ltr">1.234</bdi>' in html
    assert '<bdi dir="ltr">20,0\xa0%</bdi>' in html
    charts = json.loads(
        html.split('id="dashboard-charts" type="application/json">')[1].split("<")[0]
    )
    assert charts["enrolment"]["labels"][1] == "15.03.2026"
    assert charts["enrolment"]["series"][0] == {
        "label": "Neue Mitglieder",
        "data": [0, 1234, 0, 0, 0, 0, 0],
    }

    arabic = admin_client.get(DASHBOARD, {"period": "7"}, HTTP_ACCEPT_LANGUAGE="ar")
    assert 'dir="rtl"' in arabic.content.decode()
    # Arabic's plus sign carries a left-to-right mark (CLDR); the change stays one isolate.
    assert re.search(r'<bdi dir="ltr">\u200e?\+617</bdi>', arabic.content.decode())


def test_the_members_at_risk_link_opens_the_filtered_list(admin_client, clock):
    clock.set(datetime(2025, 11, 1, tzinfo=UTC))
    quiet, busy = MemberFactory(country="FR"), MemberFactory(country="FR")
    services.earn(member=quiet, points=2500, reason="seed", idempotency_key="q")
    clock.set(datetime(2026, 3, 20, 12, tzinfo=UTC))
    services.earn(member=busy, points=2500, reason="seed", idempotency_key="b")

    page = admin_client.get(DASHBOARD, {"country": "FR"})
    link = page.context["at_risk_url"]
    assert link == "/admin/ledger/pointsaccount/?at_risk=yes&member__country__exact=FR"
    assert "1 member at risk" in page.content.decode()

    listed = admin_client.get(link)
    assert listed.status_code == 200
    assert list(listed.context["cl"].result_list) == [quiet.points_account]


def test_the_chart_library_is_served_from_our_static_files_at_the_pinned_version():
    pinned = json.loads(Path(settings.BASE_DIR, "package.json").read_text())["dependencies"]
    served = Path(finders.find("vendor/chart.js/chart.umd.min.js")).read_text()
    assert served.startswith(f"/*!\n * Chart.js v{pinned['chart.js']}\n")
    installed = Path(settings.BASE_DIR, "node_modules/chart.js/dist/chart.umd.min.js")
    if installed.exists():  # after `npm ci`: the copy is the installed file
        assert installed.read_text() == served
