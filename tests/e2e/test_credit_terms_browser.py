"""Payment terms in Chromium: an Arabic company buyer on a 390 px phone sees an order on net
terms overdue in the member center and on the order page (due date, outstanding amount), and
pays it by card: Stripe's page asks for exactly what is outstanding."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from djmoney.money import Money

from apps.companies.models import PaymentTerms
from apps.companies.services import add_member, create_company
from apps.credit.models import CreditTerms
from apps.orders.models import Order
from apps.orders.receipts import record_bank_transfer
from apps.payments.models import Payment
from tests.e2e.conftest import DESKTOP, PHONE, accessibility_problems, screenshot, too_wide
from tests.e2e.test_tier_shipping_browser import signed_in
from tests.factories import MemberFactory, make_order

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits(page, name: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} is {overflow}px too wide: {too_wide(page)}"
    assert accessibility_problems(page) == []
    screenshot(page, name)


def test_a_buyer_sees_an_overdue_order_on_terms_and_pays_the_rest_by_card(
    live_server, browser, fake_stripe
):
    member = MemberFactory(country="AE")
    company = create_company(legal_name="Gulf Trading", country="AE", payment_terms="net_30")
    CreditTerms.objects.create(company=company, credit_limit=Money("10000", "USD"))
    add_member(company=company, member=member)
    order = make_order(member=member, language="ar", lines=[(Decimal("1200.00"), 1)])
    record_bank_transfer(order=order, amount=Money("200.00", "USD"))
    Order.objects.filter(pk=order.pk).update(due_date=timezone.localdate() - timedelta(days=2))
    assert order.payment_terms == PaymentTerms.NET_30

    context = signed_in(browser, live_server, member, viewport=PHONE, locale="ar-AE")
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/member/orders/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_test_id("order-overdue").inner_text() == "متأخر"
    fits(page, "credit-member-orders-ar-phone")

    page.goto(f"{live_server.url}/ar/orders/{order.access_token}/")
    assert page.get_by_test_id("order-overdue").is_visible()
    assert "1,000.00" in page.get_by_test_id("order-outstanding").inner_text()
    fits(page, "credit-order-overdue-ar-phone")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "credit-order-overdue-ar-desktop")

    page.get_by_test_id("pay-due-stripe").click()
    page.wait_for_url(f"{fake_stripe.api_base}/**")

    payment = Payment.objects.get(order=order)
    assert (payment.provider, payment.amount) == ("stripe", Decimal("1000.00"))
