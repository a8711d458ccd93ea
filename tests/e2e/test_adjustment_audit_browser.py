"""The adjustment audit list in Chromium: requester and approver shown, the requester filter and
the CSV export of the filtered list, on a desktop in English and on a phone in Arabic."""

from pathlib import Path

import pytest
from django.test import Client

from apps.ledger.adjustments import approve_adjustment, request_adjustment
from tests.e2e.conftest import PHONE, screenshot
from tests.factories import MemberFactory, StaffFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def signed_in(page, user, base: str) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )


def test_the_audit_list_filters_and_exports(live_server, page_factory, admin_user):
    member = MemberFactory()
    alice, bob = StaffFactory(email="alice@example.com"), StaffFactory(email="bob@example.com")
    request_adjustment(member=member, points=300, reason="Late delivery", requested_by=alice)
    waiting = request_adjustment(member=member, points=20_000, reason="CRM", requested_by=bob)
    approve_adjustment(request=waiting, approver=alice)
    request_adjustment(member=member, points=15_000, reason="Again", requested_by=bob)

    page = page_factory()
    signed_in(page, admin_user, live_server.url)
    page.goto(f"{live_server.url}/admin/ledger/adjustmentrequest/")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 3
    screenshot(page, "adjustment-audit-desktop-en")
    page.click(f"#changelist-filter a[href*='requested_by__id__exact={bob.pk}']")
    page.wait_for_url(f"**requested_by__id__exact={bob.pk}**")
    assert rows.count() == 2
    with page.expect_download() as download:
        page.click("text=Export CSV")
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()

    assert len(exported) == 3 and all("bob@example.com" in line for line in exported[1:])
    assert "Awaiting approval" in exported[1] and "alice@example.com" in exported[2]

    phone = page_factory(viewport=PHONE, locale="ar")
    signed_in(phone, admin_user, live_server.url)
    phone.goto(f"{live_server.url}/admin/ledger/adjustmentrequest/")
    screenshot(phone, "adjustment-audit-phone-ar")
    assert phone.locator("#result_list tbody tr").count() == 3
