"""No storefront or member-center page scrolls sideways on a phone, in any language.

One signed-in member with data (orders, a coupon, inbox messages, a full cart) and one visitor
walk through every kind of page in all nine languages at 390 and 320 px: the page may not be
wider than the screen and no element may stick out of it (content inside a scrolling box, such
as a wide table's wrapper, is that box's business), and in the cart no product name may be
squeezed into more than two lines. One browser and one seeded database serve the whole walk;
each page is loaded once and measured at both widths.
"""

import pytest
from django.conf import settings
from django.utils import translation

from apps.catalog.models import Category, Product
from apps.members.models import Member
from apps.orders.models import Order
from tests.conftest import seed_demo
from tests.e2e.conftest import fill_shipping, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 320)
LANGUAGES = [code for code, _name in settings.LANGUAGES]
MEMBER_EMAIL = "hans@example.de"
PASSWORD = "demo-member-2026"  # seed_demo's
# Pages photographed at both widths in these languages (test-artifacts/screenshots).
PHOTOGRAPHED_LANGUAGES = {"en", "de", "ar", "ja"}
PHOTOGRAPHED_PAGES = {"category", "product", "cart", "checkout", "order", "faq", "membership"}

# What sticks out of the screen. Elements inside a box that scrolls or clips on its own count
# only through that box; elements hidden by clipping (skip link, visually hidden text) are 1px.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== 'visible') return true;
    }
    return false;
  };
  const offenders = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if ((box.left < -1 || box.right > width + 1) && !clipped(element)) {
      const name = element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
        + (element.className && typeof element.className === 'string'
           ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
      offenders.push(`${name} [${Math.round(box.left)}, ${Math.round(box.right)}]`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, offenders};
}"""


# Lines a product name takes in the cart (distinct line tops: an Arabic name with a number is
# several boxes on one line). Squeezed into a narrow column, names took 3-5 lines, a word or a
# few characters each.
NAME_LINES = """() => [...document.querySelectorAll('.cart-table tbody th a')].map((name) => [
  name.textContent.trim(),
  new Set([...name.getClientRects()].map((box) => Math.round(box.top))).size,
])"""
MAX_NAME_LINES = 2


@pytest.fixture
def member_with_data(live_server, browser):
    """The demo shop and Hans (a German distributor) with an order, a coupon, inbox messages
    and four products in his cart; returns a signed-in browser page and the order's address."""
    from apps.rewards.models import COUPON_KINDS, Reward
    from apps.rewards.services import redeem

    seed_demo()
    member = Member.objects.get(user__email=MEMBER_EMAIL)
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 844})
    page = context.new_page()
    base = live_server.url
    page.goto(f"{base}/en/accounts/login/")
    page.fill("input[name=login]", MEMBER_EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form[action$='/accounts/login/'] button[type=submit]")
    page.wait_for_url("**/en/member/")

    # An order placed at checkout (its page, the orders list, the inbox's confirmation).
    add_every_product_to_cart(page, base)
    page.goto(f"{base}/en/checkout/")
    fill_shipping(
        page,
        company="Müller Armaturen GmbH & Co. KG",
        city="Mönchengladbach",
        postal_code="41061",
        country="DE",
        payment="bank_transfer",
    )
    page.click(".checkout-form button[type=submit]")
    page.wait_for_url("**/en/orders/**")
    assert Order.objects.filter(member=member).count() == 1
    order_path = page.url.split("/en/", 1)[1]  # orders/<token>/

    # A coupon to show on the rewards page, and a full cart again for the cart and checkout.
    coupon = Reward.objects.filter(kind__in=COUPON_KINDS).order_by("points_cost").first()
    redeem(member=member, reward=coupon, idempotency_key="width-test")
    add_every_product_to_cart(page, base)
    yield page, order_path
    context.close()


def add_every_product_to_cart(page, base: str) -> None:
    for product in Product.objects.filter(is_active=True).order_by("pk"):
        page.goto(f"{base}/en/products/{product.slug_en}/")
        page.click(".add-to-cart button")
        page.wait_for_url("**/en/cart/")


def signed_in_pages(language: str, order_path: str) -> dict[str, str]:
    """Every page a member sees, by name: path in ``language``."""
    with translation.override(language):
        category = Category.objects.get(slug_en="pumps").get_absolute_url()
        longest_name = max(Product.objects.filter(is_active=True), key=lambda p: len(p.name))
        products = {
            f"product-{product.sku}": product.get_absolute_url()
            for product in {longest_name, Product.objects.get(sku="PMP-CENT-7K5")}
        }
    prefix = f"/{language}"
    return {
        "home": f"{prefix}/",
        "products": f"{prefix}/products/",
        "category": category,
        "search": f"{prefix}/search/?q=DN50",
        **products,
        "cart": f"{prefix}/cart/",
        "checkout": f"{prefix}/checkout/",
        "order": f"{prefix}/{order_path}",
        "dashboard": f"{prefix}/member/",
        "history": f"{prefix}/member/points/",
        "rewards": f"{prefix}/member/rewards/",
        "orders": f"{prefix}/member/orders/",
        "referrals": f"{prefix}/member/referrals/",
        "membership": f"{prefix}/member/membership/",
        "profile": f"{prefix}/member/profile/",
        "inbox": f"{prefix}/member/inbox/",
        "channels": f"{prefix}/member/channels/",
        "delete-account": f"{prefix}/member/privacy/delete/",
        "sign-in-and-security": f"{prefix}/accounts/email/",
        "password-change": f"{prefix}/accounts/password/change/",
    }


def visitor_pages(language: str) -> dict[str, str]:
    """The pages of someone not signed in: entrance pages and the merchant's legal pages."""
    prefix = f"/{language}"
    return {
        "sign-in": f"{prefix}/accounts/login/",
        "sign-up": f"{prefix}/accounts/signup/",
        "password-reset": f"{prefix}/accounts/password/reset/",
        "referral-landing": f"{prefix}/r/{referral_code()}/",
        **{
            slug.replace("loyalty-", ""): f"{prefix}/pages/{slug}/"
            for slug in ("imprint", "terms-of-sale", "privacy", "programme-terms", "loyalty-faq")
        },
    }


def referral_code() -> str:
    return Member.objects.get(user__email=MEMBER_EMAIL).referral_code


def photographed(language: str, name: str, width: int) -> bool:
    """A selection: some pages at 390 px, the cart and checkout (the widest) at both widths."""
    kind = name.split("-")[0]
    if language not in PHOTOGRAPHED_LANGUAGES or kind not in PHOTOGRAPHED_PAGES:
        return False
    return width == WIDTHS[0] or kind in ("cart", "checkout")


def too_wide(page, base: str, language: str, name: str, path: str) -> list[str]:
    """Load ``path`` once and measure it at each width; screenshots of a selection."""
    response = page.goto(f"{base}{path}")
    assert response.ok, f"{path}: HTTP {response.status}"
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        found = page.evaluate(OVERFLOW)
        if found["scrollWidth"] > width or found["offenders"]:
            problems.append(
                f"{language} {name} at {width}px: page {found['scrollWidth']}px wide; "
                f"sticking out: {found['offenders'][:4]}"
            )
        if name == "cart":
            problems += [
                f"{language} cart at {width}px: {product!r} takes {lines} lines"
                for product, lines in page.evaluate(NAME_LINES)
                if lines > MAX_NAME_LINES
            ]
        if photographed(language, name, width):
            screenshot(page, f"phone-{width}-{language}-{name}")
    page.set_viewport_size({"width": WIDTHS[0], "height": 844})
    return problems


def test_no_page_scrolls_sideways_on_a_phone_in_any_language(
    live_server, browser, member_with_data
):
    page, order_path = member_with_data
    visitor = browser.new_context(viewport={"width": WIDTHS[0], "height": 844}).new_page()
    problems = []
    visited = 0
    for language in LANGUAGES:
        for name, path in signed_in_pages(language, order_path).items():
            problems += too_wide(page, live_server.url, language, name, path)
            visited += 1
        for name, path in visitor_pages(language).items():
            problems += too_wide(visitor, live_server.url, language, name, path)
            visited += 1
    visitor.context.close()

    assert visited == len(LANGUAGES) * 30
    assert problems == [], "\n".join(problems)
