"""The programme dashboard in Chromium: the admin opens on it, charts drawn from our static
files, tables behind each chart, the CSV download; in English on a desktop, in Arabic on a
desktop and a 390 px phone (right to left, no sideways scroll), axe-core clean."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from apps.analytics import stored
from apps.analytics.models import DailyFigures, ReportingDay, StoredDashboard
from apps.ledger import services
from apps.tiers.models import Tier, TierChange, TierStatus
from tests.e2e.conftest import PHONE, accessibility_problems, screenshot, too_wide
from tests.factories import MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def signed_in(page, user, base: str) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )


@pytest.fixture
def programme():
    """Sixty closed days of figures in two currencies, members in three tiers, one earning
    today."""
    today = timezone.localdate()
    for back in range(1, 61):
        day = today - timedelta(days=back)
        ReportingDay.objects.create(day=day, closed_at=timezone.now())
        DailyFigures.objects.create(
            day=day,
            currency="USD",
            country="DE",
            members_joined=back % 7 + 3,
            member_orders=back % 5 + 1,
            member_sales=Decimal(120 * (back % 5 + 1)),
            guest_orders=back % 3,
            guest_sales=Decimal(90 * (back % 3)),
            points_earned_available=1500 + 40 * back,
            points_spent_checkout=600 + 10 * (back % 9),
            points_expired=50 * (back % 4),
            closing_available=250_000 + 900 * back,
        )
        DailyFigures.objects.create(
            day=day,
            currency="EUR",
            country="FR",
            members_joined=back % 3,
            member_orders=1,
            member_sales=Decimal("80.00"),
            points_earned_available=300,
            closing_available=40_000,
        )
    tiers = [
        Tier.objects.create(name=name, rank=rank)
        for rank, name in enumerate(["Member", "Silver", "Gold"], start=1)
    ]
    for n in range(9):
        member = MemberFactory(country="DE")
        tier = tiers[n % 3]
        TierStatus.objects.create(member=member, tier=tier, since=timezone.now())
        TierChange.objects.create(
            member=member, to_tier=tier, reason="Qualified", created_at=timezone.now()
        )
    services.earn(member=member, points=700, reason="Welcome", idempotency_key="today")


def charts_drawn(page) -> int:
    return page.evaluate(
        "[...document.querySelectorAll('canvas[data-chart]')].filter(c => Chart.getChart(c)).length"
    )


def test_the_dashboard_in_english_and_arabic(live_server, page_factory, admin_user, programme):
    page = page_factory()
    signed_in(page, admin_user, live_server.url)
    page.goto(f"{live_server.url}/admin/")
    page.select_option("#id_period", "30")
    page.click(".dashboard-filters button[type=submit]")
    page.wait_for_url("**period=30**")
    assert page.get_by_role("heading", name="Key figures").is_visible()
    assert charts_drawn(page) == 3
    assert page.locator("[data-testid=table-figures] tbody tr").count() == 14
    page.get_by_text("Data as a table").first.click()
    assert page.locator("[data-testid=table-enrolment] tbody tr").count() == 30
    assert accessibility_problems(page) == []
    screenshot(page, "programme-dashboard-desktop-en")
    with page.expect_download() as download:
        page.click("text=Download CSV")
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Key figures" in exported and "Enrolment" in exported

    # From here on the figures are the background job's, shown "as of" its moment.
    stored.compute()
    arabic = page_factory(locale="ar")
    signed_in(arabic, admin_user, live_server.url)
    arabic.goto(f"{live_server.url}/admin/?period=90")
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    assert arabic.get_by_test_id("refresh-figures").is_visible()
    assert charts_drawn(arabic) == 3
    assert arabic.evaluate(
        "Chart.getChart(document.querySelector('canvas')).options.scales.x.reverse"
    )
    assert accessibility_problems(arabic) == []
    screenshot(arabic, "programme-dashboard-desktop-ar")

    phone = page_factory(viewport=PHONE, locale="ar")
    signed_in(phone, admin_user, live_server.url)
    phone.goto(f"{live_server.url}/admin/?period=365")
    assert charts_drawn(phone) == 3
    assert too_wide(phone) == []
    assert accessibility_problems(phone) == []
    screenshot(phone, "programme-dashboard-phone-ar")
    before = StoredDashboard.objects.get().as_of
    phone.get_by_test_id("refresh-figures").click()  # the job, run at once in tests
    phone.wait_for_url("**/admin/?period=365")
    assert StoredDashboard.objects.get().as_of > before
    assert too_wide(phone) == []
