"""Every kind of page still works in Chromium under the Content-Security-Policy: the storefront,
the member center, cart and checkout, allauth's sign-in and two-factor pages (the TOTP set-up
with its QR code), the admin (modeltranslation's tabs, a change form) and the API docs (Swagger
UI from the sidecar's files). The browser reports each blocked script, style, image or form
target on the console and as a ``securitypolicyviolation`` event; none may happen."""

import pytest
from django.test import Client

from apps.accounts import two_factor
from apps.catalog.models import Product
from tests.conftest import seed_demo
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, StaffFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Recorded by the page itself from the first moment (an init script is not subject to the
# page's policy), so that violations in any frame or from any source are caught.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@pytest.fixture
def demo_catalogue(db):
    seed_demo()


class Browser:
    """A Chromium page that keeps the policy violations and script errors it sees."""

    def __init__(self, page, base: str):
        self.page, self.base, self.problems = page, base, []
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(message.text)

    def sign_in_as(self, user) -> None:
        """Share a session made by Django's test client (password and, if needed, TOTP)."""
        client = Client()
        client.force_login(user)
        self.page.context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": self.base}]
        )

    def visit(self, path: str, *, ready: str = "body") -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_selector(ready)
        self.page.wait_for_load_state("networkidle")
        self.problems += self.page.evaluate("window.__violations")


@pytest.fixture
def browser_for(live_server, page_factory):
    def open_browser() -> Browser:
        return Browser(page_factory(), live_server.url)

    return open_browser


def test_the_storefront_and_member_center_work_under_the_policy(browser_for, demo_catalogue):
    product = Product.objects.filter(is_active=True).first()
    browser = browser_for()
    for path in ("/en/", "/ar/", f"/en/products/{product.slug}/", "/en/accounts/login/"):
        browser.visit(path)
    browser.page.fill("input[name=login]", "hans@example.de")
    browser.page.fill("input[name=password]", "demo-member-2026")
    browser.page.click("main form[action$='/accounts/login/'] button[type=submit]")
    browser.page.wait_for_url("**/member/**")
    for path in ("/de/member/", "/de/member/history/"):
        browser.visit(path)
    browser.visit(f"/de/products/{product.slug_de}/")
    browser.page.click("form.add-to-cart button[type=submit]")
    browser.page.wait_for_url("**/cart/")
    browser.visit("/de/checkout/", ready="main form")
    screenshot(browser.page, "csp-checkout")

    assert browser.problems == []


def test_the_admin_works_under_the_policy(browser_for, demo_catalogue, admin_user):
    browser = browser_for()
    browser.sign_in_as(admin_user)
    product = Product.objects.first()

    browser.visit("/admin/", ready="#content")
    browser.visit(f"/admin/catalog/product/{product.pk}/change/", ready="#product_form")
    # modeltranslation's language tabs exist only if its script and jQuery UI ran
    browser.page.locator(".ui-tabs-nav li:nth-child(2) a").first.click()
    browser.visit("/admin/ledger/pointsaccount/", ready="#changelist")
    browser.visit("/en/accounts/2fa/", ready="main")
    screenshot(browser.page, "csp-admin-two-factor")

    assert browser.problems == []


def test_the_totp_set_up_with_its_qr_code_works_under_the_policy(browser_for):
    staff = StaffFactory(email="new.staff@example.com")
    link = two_factor.create_invitation(user=staff)
    client = Client()
    client.post("/en/accounts/login/", {"login": staff.email, "password": PASSWORD})
    client.get(link.split("localhost:8000", 1)[1])
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    browser = browser_for()
    browser.page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": browser.base}]
    )

    browser.visit("/en/accounts/2fa/totp/activate/", ready="img")
    qr_width = browser.page.evaluate("document.querySelector('main img').naturalWidth")
    screenshot(browser.page, "csp-totp-activate")

    assert qr_width > 0  # the data: QR code is shown
    assert browser.problems == []


def test_the_api_docs_render_swagger_ui_under_the_policy(browser_for):
    browser = browser_for()

    browser.visit("/api/docs/", ready="#swagger-ui .info")
    title = browser.page.inner_text("#swagger-ui .info .title")
    screenshot(browser.page, "csp-api-docs")

    assert "Export Storefront API" in title
    assert browser.page.locator("#swagger-ui .opblock").count() > 5  # the operations are listed
    assert browser.problems == []


def test_a_violation_would_be_seen(browser_for, live_server):
    """The watcher works: an inline script the policy forbids is reported."""
    browser = browser_for()
    browser.visit("/en/")

    browser.page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
        " document.body.appendChild(s); }"
    )
    browser.page.wait_for_timeout(200)
    browser.problems += browser.page.evaluate("window.__violations")

    assert any("script-src" in problem for problem in browser.problems)


def test_the_two_factor_sign_in_step_works_under_the_policy(browser_for, admin_user):
    """allauth's second sign-in step (the TOTP code form)."""
    browser = browser_for()
    browser.visit("/en/accounts/login/")
    browser.page.fill("input[name=login]", admin_user.email)
    browser.page.fill("input[name=password]", PASSWORD)
    browser.page.click("main form[action$='/accounts/login/'] button[type=submit]")
    browser.page.wait_for_url("**/2fa/authenticate/**")
    browser.visit("/en/accounts/2fa/authenticate/", ready="input[name=code]")

    assert browser.problems == []
