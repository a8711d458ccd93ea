"""The company journey of #20 in Chromium, in English and German: a company admin invites a
buyer, the buyer orders at the company's price list, the company earns (the programme says the
company earns), reaches the next tier, and the company admin redeems company points for a
reward. Phone width for the buyer, desktop for the admin; screenshots in
test-artifacts/screenshots (company-journey-*)."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation
from djmoney.money import Money

from apps.catalog.models import Product
from apps.companies import services
from apps.companies.models import CompanyRole
from apps.currencies.selectors import convert
from apps.ledger.models import EntryKind, LedgerEntry, PointsAccount, Programme, WhoEarns
from apps.members.models import Member
from apps.orders.models import Order
from apps.orders.services import mark_paid
from apps.pricelists.models import PriceList, PriceListAssignment, PriceListItem
from apps.rewards.models import Redemption
from apps.tiers.selectors import member_tier
from tests.conftest import seed_demo
from tests.e2e.conftest import DESKTOP, PHONE, fill_shipping, screenshot, too_wide
from tests.e2e.test_tier_shipping_browser import signed_in
from tests.factories import MemberFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "Export-Buyer-2026!"


@pytest.fixture
def company(db):
    seed_demo()
    Programme.objects.filter(pk=1).update(who_earns=WhoEarns.COMPANY, pending_days=0)
    Programme.forget_cached()
    anna = MemberFactory(user=UserFactory(email="anna@armaturen-import.de", first_name="Anna"))
    company = services.create_company(
        legal_name="Armaturen Import GmbH", country="DE", vat_id="DE136695976", admin=anna
    )
    valves = Product.objects.get(sku="VLV-BALL-DN50")
    price_list = PriceList.objects.create(
        name_en="Armaturen Import", name_de="Armaturen Import", currency=valves.price.currency
    )
    PriceListItem.objects.create(
        price_list=price_list, product=valves, price=valves.price.amount * Decimal("0.8")
    )
    PriceListAssignment.objects.create(price_list=price_list, company=company)
    yield company
    Programme.forget_cached()


def fits(page, name: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} is {overflow}px too wide: {too_wide(page)}"
    screenshot(page, f"company-journey-{name}")


@pytest.mark.parametrize(("language", "locale"), [("en", "en-US"), ("de", "de-DE")])
def test_a_company_buys_at_its_price_earns_climbs_and_redeems(
    live_server, browser, company, language, locale
):
    base = live_server.url
    admin = company.memberships.get().member
    email = f"buyer-{language}@armaturen-import.de"

    # The company admin invites a buyer from the member center.
    admin_context = signed_in(browser, live_server, admin, viewport=DESKTOP, locale=locale)
    admin_page = admin_context.new_page()
    admin_page.goto(f"{base}/{language}/member/company/")
    admin_page.fill("#id_email", email)
    admin_page.select_option("#id_role", CompanyRole.BUYER)
    admin_page.select_option("#id_language", language)
    admin_page.click("[data-testid=invite-form] button[type=submit]")
    admin_page.wait_for_load_state()
    (message,) = [m for m in mail.outbox if email in m.to]
    path = re.search(r"https?://[^/\s]+(/\S+/company/invitation/\S+/)", message.body).group(1)

    # The buyer signs up through the link (phone).
    buyer_context = browser.new_context(viewport=PHONE, locale=locale)
    buyer = buyer_context.new_page()
    buyer.goto(f"{base}{path}")
    buyer.click("main a.button[href*='/accounts/signup/']")
    buyer.fill("#id_password1", PASSWORD)
    buyer.fill("#id_password2", PASSWORD)
    buyer.click("main form button[type=submit]")
    buyer.wait_for_url(f"**/{language}/member/company/")
    member = Member.objects.get(user__email=email)
    tier_before = member_tier(member)

    # The product page shows the company's price and says so.
    valves = Product.objects.get(sku="VLV-BALL-DN50")
    with translation.override(language):
        buyer.goto(f"{base}{valves.get_absolute_url()}")
        assert (
            translation.gettext("Your company price")
            in buyer.get_by_test_id("price-source").first.inner_text()
        )
    fits(buyer, f"{language}-product")
    buyer.fill("#quantity", "100")
    buyer.click(".add-to-cart button")
    buyer.wait_for_url(f"**/{language}/cart/")
    buyer.goto(f"{base}/{language}/checkout/")
    fill_shipping(
        buyer,
        company="Armaturen Import GmbH",
        city="Hamburg",
        postal_code="20457",
        country="DE",
        payment="bank_transfer",
    )
    buyer.click("button.place-order")
    buyer.wait_for_url(f"{base}/{language}/orders/**")
    order = Order.objects.get(member=member)
    line = order.lines.get()
    # The list's price (in dollars), in the order's currency at the merchant's rate.
    listed = convert(Money(valves.price.amount * Decimal("0.8"), "USD"), str(order.total.currency))
    assert abs(line.unit_price - listed.amount) <= Decimal("0.01")
    assert order.company == company

    # Staff record the bank transfer: the company earns, and climbs.
    mark_paid(order=order, amount=order.total, actor_label="bank transfer")
    account = PointsAccount.objects.get(company=company)
    assert account.available > 0
    earned = LedgerEntry.objects.filter(reason__contains=order.number, kind=EntryKind.EARN)
    # The order's points are the company's, attributed to the buyer who ordered.
    assert [(e.account_id, e.member_id) for e in earned] == [(account.pk, member.pk)]
    tier_after = member_tier(member)
    assert tier_after.rank > (tier_before.rank if tier_before else -1)
    assert member_tier(admin) == tier_after  # one tier for all the company's buyers

    # The admin sees the company's account and tier, and redeems company points.
    admin_page.goto(f"{base}/{language}/member/")
    with translation.override(language):
        assert "Armaturen Import GmbH" in admin_page.get_by_test_id("points-account").inner_text()
        assert admin_page.get_by_test_id("tier-name").inner_text() == str(tier_after.name)
    fits(admin_page, f"{language}-admin-dashboard")
    admin_page.goto(f"{base}/{language}/member/rewards/")
    admin_page.locator(".reward-card").get_by_test_id("redeem").first.click()
    admin_page.get_by_test_id("confirm-redeem").click()
    admin_page.get_by_test_id("coupon-code").wait_for()
    fits(admin_page, f"{language}-admin-redeemed")
    redemption = Redemption.objects.get(member=admin)
    account.refresh_from_db()
    assert account.available == account.lifetime_earned - redemption.points
    buyer_context.close()
    admin_context.close()
