"""The points accounting report in Chromium: the table on a desktop in English and on a phone
in Arabic (right to left, the table scrolling inside its own box, not the page), axe-core clean,
and the CSV download."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.ledger import services
from tests.e2e.conftest import PHONE, accessibility_problems, screenshot, too_wide
from tests.e2e.test_adjustment_audit_browser import signed_in
from tests.factories import MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

URL = "/admin/reports/points-accounting/"


@pytest.fixture
def closed_days(db):
    member = MemberFactory()
    services.earn(member=member, points=1_250, reason="Order", idempotency_key="a")
    services.spend(member=member, points=200, reason="Order", idempotency_key="b")
    yesterday = timezone.localdate() - timedelta(days=1)
    call_command("close_reporting_day", backfill=True, first=str(yesterday - timedelta(days=3)))


def test_the_report_on_a_desktop_and_on_an_arabic_phone(
    live_server, page_factory, admin_user, closed_days
):
    page = page_factory()
    signed_in(page, admin_user, live_server.url)
    page.goto(f"{live_server.url}{URL}")
    rows = page.locator(".accounting-table tbody tr")
    assert rows.count() == 30
    assert "1,050" in rows.last.inner_text()  # today, live: 1,250 earned - 200 spent
    screenshot(page, "points-accounting-desktop-en")
    assert accessibility_problems(page) == []
    with page.expect_download() as download:
        page.click("text=Download CSV")
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 31 and lines[0].startswith("Period,Opening balance")

    phone = page_factory(viewport=PHONE, locale="ar")
    signed_in(phone, admin_user, live_server.url)
    phone.goto(f"{live_server.url}{URL}")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.locator("h1").inner_text() == "محاسبة النقاط"
    screenshot(phone, "points-accounting-phone-ar")
    outside_the_table = [name for name in too_wide(phone) if "accounting" not in name]
    assert outside_the_table == [], outside_the_table
    assert accessibility_problems(phone) == []
