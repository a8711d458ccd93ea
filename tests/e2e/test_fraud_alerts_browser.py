"""The fraud alert queue in Chromium: a manager reads an alert's evidence and clears it with a
note, on a desktop in English; the queue and the decision page on a phone in Arabic."""

import pytest
from django.test import Client
from django.utils import timezone

from apps.ledger import holds
from apps.risk import detection
from apps.risk.models import Alert, AlertThresholds
from tests.e2e.conftest import PHONE, accessibility_problems, screenshot, too_wide
from tests.factories import MemberFactory, make_order

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def signed_in(page, user, base: str) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )


@pytest.fixture
def alert(db):
    AlertThresholds.forget_cached()
    AlertThresholds.objects.update_or_create(pk=1, defaults={"accounts_per_address": 3})
    members = [MemberFactory() for _ in range(3)]
    for member in members:
        order = make_order(member=member)
        order.paid_at = timezone.now()
        order.save(update_fields=["paid_at"])
    detection.scan()
    yield Alert.objects.get()
    AlertThresholds.forget_cached()


def test_a_manager_reads_an_alert_and_clears_it(live_server, page_factory, admin_user, alert):
    page = page_factory()
    signed_in(page, admin_user, live_server.url)
    page.goto(f"{live_server.url}/admin/risk/alert/")
    assert page.locator("#result_list tbody tr").count() == 1
    screenshot(page, "fraud-alerts-desktop-en")
    page.click("#result_list tbody tr a")
    page.wait_for_url(f"**/admin/risk/alert/{alert.pk}/change/")
    assert page.get_by_text("3 accounts share it.").first.is_visible()
    screenshot(page, "fraud-alert-desktop-en")
    page.click("text=Decide")
    assert accessibility_problems(page) == []
    page.check("input[value='clear']")
    page.fill("textarea[name='note']", "One office, three buyers")
    page.click("input[type='submit']")
    page.wait_for_url(f"**/admin/risk/alert/{alert.pk}/change/")

    alert.refresh_from_db()
    assert alert.status == "cleared" and alert.note == "One office, three buyers"
    assert not any(holds.is_held(member) for member in alert.members.all())


def test_the_queue_and_the_decision_on_a_phone_in_arabic(
    live_server, page_factory, admin_user, alert
):
    phone = page_factory(viewport=PHONE, locale="ar")
    signed_in(phone, admin_user, live_server.url)
    phone.goto(f"{live_server.url}/admin/risk/alert/")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    screenshot(phone, "fraud-alerts-phone-ar")
    phone.goto(f"{live_server.url}/admin/risk/alert/{alert.pk}/decide/")
    assert phone.get_by_text("القرار").first.is_visible()
    assert too_wide(phone) == []
    assert accessibility_problems(phone) == []
    screenshot(phone, "fraud-decide-phone-ar")
