"""The member import (upload, preview, confirm) and the Export CSV of the ledger entries list in
Chromium: on a desktop in English and on a phone in Arabic."""

from pathlib import Path

import pytest
from django.test import Client

from apps.ledger.services import earn
from apps.members.models import Member
from tests.e2e.conftest import PHONE, accessibility_problems, screenshot, too_wide
from tests.factories import MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FILE = (
    "email,first_name,company,country,points,points_expire_at\n"
    "anna@example.com,Anna,Berg GmbH,DE,1200,2030-12-31\n"
    "not-an-email,Bob,,US,10,\n"
    "chen@example.com,Chen,Chen Ltd,CN,abc,\n"
    "dina@example.com,Dina,,EG,300,\n"
)


def signed_in(page, user, base: str) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )


@pytest.mark.parametrize(
    ("viewport", "locale", "name"), [(None, "en-US", "desktop-en"), (PHONE, "ar", "phone-ar")]
)
def test_import_preview_then_confirm(
    live_server, page_factory, admin_user, tmp_path, viewport, locale, name
):
    upload = tmp_path / "members.csv"
    upload.write_text(FILE, encoding="utf-8")
    page = page_factory(viewport=viewport, locale=locale) if viewport else page_factory()
    signed_in(page, admin_user, live_server.url)
    page.goto(f"{live_server.url}/admin/backoffice/memberimport/add/")
    screenshot(page, f"member-import-upload-{name}")
    page.set_input_files("input[type=file]", str(upload))
    page.click("input[type=submit]")
    assert page.locator("#import-errors tbody tr").count() == 2
    assert not Member.objects.exists()
    assert too_wide(page) == []
    assert accessibility_problems(page) == []
    screenshot(page, f"member-import-preview-{name}")
    page.click("input[name=_confirm], .submit-row input[type=submit]")
    page.wait_for_url("**/change/")
    screenshot(page, f"member-import-done-{name}")
    assert Member.objects.count() == 2


def test_the_ledger_list_exports_what_it_shows(live_server, page_factory, admin_user):
    member = MemberFactory()
    earn(member=member, points=120, reason="Welcome", idempotency_key="a")
    page = page_factory()
    signed_in(page, admin_user, live_server.url)
    page.goto(f"{live_server.url}/admin/ledger/ledgerentry/?kind__exact=earn")
    screenshot(page, "ledger-entries-export-button-desktop-en")
    with page.expect_download() as download:
        page.click("text=Export CSV")
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert len(exported) == 2 and ",120," in exported[1]
