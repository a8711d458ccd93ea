"""The member 360 and the members list in Chromium: desktop in English, a 390 px phone in
Arabic (right to left; tables scroll inside their own box, not the page), axe-core clean."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP

from apps.accounts.roles import MANAGER, create_staff
from tests.backoffice.conftest import fill_history, tiers  # noqa: F401 - the fixture
from tests.conftest import TOTP_SECRET
from tests.e2e.conftest import PHONE, accessibility_problems, screenshot, too_wide
from tests.e2e.test_adjustment_audit_browser import signed_in
from tests.factories import MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def manager(db):
    """The Programme manager: reads the profile (not editable: its form has no inputs) and
    acts."""
    user, _password = create_staff(email="manager@example.com", role=MANAGER)
    TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def member(tiers):  # noqa: F811 - the fixture imported above
    member = MemberFactory(company_name="Nordic Valves AB", country="SE", customer_type="oem")
    fill_history(member, 3, tiers)
    MemberFactory.create_batch(4)
    return member


def outside_tables(page) -> list[str]:
    return [name for name in too_wide(page) if not name.startswith(("TABLE", "T", "A."))]


@pytest.mark.parametrize(
    ("locale", "viewport", "name"), [("en-US", None, "desktop-en"), ("ar", PHONE, "phone-ar")]
)
def test_the_360_and_the_list(live_server, page_factory, manager, member, locale, viewport, name):
    page = page_factory(locale=locale, **({"viewport": viewport} if viewport else {}))
    signed_in(page, manager, live_server.url)

    page.goto(f"{live_server.url}/admin/members/member/{member.pk}/change/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
    assert page.locator(".member-360 h2").count() == 10
    assert page.locator(".member-360-scroll tbody tr").count() >= 8
    screenshot(page, f"member-360-{name}")
    problems = accessibility_problems(page)
    assert problems == [], problems
    assert outside_tables(page) == []

    page.goto(f"{live_server.url}/admin/members/member/")
    assert page.locator("#result_list tbody tr").count() == 5 + 3  # and the referred members
    screenshot(page, f"members-list-{name}")
    assert accessibility_problems(page) == []

    page.goto(f"{live_server.url}/admin/members/member/{member.pk}/adjust/")
    page.fill("#id_points", "-999999")
    page.fill("#id_reason", "Duplicate")
    page.locator("input[type=submit]").click()
    assert page.locator(".errorlist").count() == 1
    screenshot(page, f"member-adjust-{name}")
    assert accessibility_problems(page) == []
