"""Script in Chromium at 390 px: Arabic pages keep amounts, currency codes and signed numbers in
their order (US$ not $US, +500 not 500+), and Chinese and Japanese headlines break between
words, never inside one. Screenshots go to test-artifacts/screenshots."""

import pytest

from apps.catalog.models import Product
from apps.checkout.models import Cart, CartLine
from apps.ledger import services as ledger
from apps.members.models import Member
from tests.conftest import seed_demo
from tests.e2e.conftest import PHONE, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Each character's position on screen, for the text nodes under an element.
CHARACTERS = """(root) => {
  const found = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (box.width > 0) found.push([node.data[i], box.left, box.top]);
    }
  }
  return found;
}"""


@pytest.fixture
def demo_catalogue(db):
    seed_demo()


def sign_in(page, base_url: str, language: str, email: str) -> None:
    page.goto(f"{base_url}/{language}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", "demo-member-2026")
    page.click("main form[action$='/accounts/login/'] button[type=submit]")
    page.wait_for_url(f"**/{language}/member/")


def runs_out_of_order(page, needles: tuple[str, ...]) -> list[str]:
    """Every occurrence of each needle in the main content whose characters are not shown from
    left to right (what the bidi algorithm does to an unisolated "US$" in Arabic text)."""
    characters = page.locator("main").evaluate(CHARACTERS)
    text = "".join(character for character, _left, _top in characters)
    wrong = []
    for needle in needles:
        start = text.find(needle)
        while start != -1:
            lefts = [left for _c, left, _top in characters[start : start + len(needle)]]
            if lefts != sorted(lefts):
                wrong.append(needle)
            start = text.find(needle, start + 1)
    return wrong


def assert_amounts_read_left_to_right(page, name: str) -> None:
    page.set_viewport_size(PHONE)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert runs_out_of_order(page, ("US$", "+2,500", "VLV-BALL-DN50")) == [], name
    screenshot(page, f"arabic-{name}-phone")


def test_arabic_pages_keep_amounts_codes_and_signs_in_order(
    live_server, page_factory, demo_catalogue
):
    member = Member.objects.get(user__email="fatima@example.ae")  # Arabic, US dollars
    ledger.earn(member=member, points=2500, reason="Welcome", idempotency_key="e2e-welcome")
    cart, _created = Cart.objects.get_or_create(member=member)
    CartLine.objects.create(
        cart=cart, product=Product.objects.get(sku="VLV-BALL-DN50"), quantity=20
    )
    page = page_factory(viewport=PHONE, locale="ar")
    sign_in(page, live_server.url, "ar", member.user.email)
    product = Product.objects.get(sku="VLV-BALL-DN50")

    with_amounts = {
        "product": f"/ar/products/{product.slug_ar or product.slug_en}/",
        "cart": "/ar/cart/",
        "member-center": "/ar/member/",
        "points-history": "/ar/member/points/",
    }
    for name, path in with_amounts.items():
        page.goto(f"{live_server.url}{path}")
        assert "US$" in page.locator("main").inner_text() or name.startswith(("member", "points"))
        assert_amounts_read_left_to_right(page, name)

    assert "+2,500" in page.locator("main").inner_text().replace("\u200e", "")


def line_breaks(page, selector: str) -> list[tuple[str, list[int]]]:
    """For each element: its text and the positions where a new line starts."""
    found = []
    for element in page.locator(selector).all():
        characters = element.evaluate(CHARACTERS)
        text = "".join(character for character, _left, _top in characters)
        tops = [top for _c, _left, top in characters]
        starts = [i for i in range(1, len(tops)) if tops[i] > tops[i - 1] + 2]
        found.append((text, starts))
    return found


def breaks_inside(words: tuple[str, ...], text: str, starts: list[int]) -> list[str]:
    broken = []
    for word in words:
        at = text.find(word)
        while at != -1:
            if any(at < start < at + len(word) for start in starts):
                broken.append(word)
            at = text.find(word, at + 1)
    return broken


WORDS = {
    "ja": ("ステンレス", "ボールバルブ", "ゲートバルブ", "サニタリー", "ポンプ", "包装機", "旋盤"),
    "zh-hans": (
        "不锈钢",
        "球阀",
        "铸铁",
        "闸阀",
        "卫生级",
        "机组",
        "离心泵",
        "潜水泵",
        "千瓦",
        "包装机",
    ),
}


@pytest.fixture
def long_names(demo_catalogue):
    """A product whose name fills more than a line on a phone, as sanitary pumps' names do."""
    pump = Product.objects.get(sku="PMP-CENT-7K5")
    pump.name_zh_hans = "离心泵 不锈钢卫生级机组 15 千瓦 DN80 铸铁底座"
    pump.name_ja = "ステンレス製サニタリー遠心ポンプ 15 kW DN80"
    pump.save(update_fields=["name_zh_hans", "name_ja"])


@pytest.mark.parametrize("language", ["ja", "zh-hans"])
def test_chinese_and_japanese_headlines_break_between_words(
    live_server, page_factory, long_names, language
):
    page = page_factory(viewport=PHONE)
    broken, wrapped = [], 0
    for product in Product.objects.order_by("sku"):
        slug = getattr(product, f"slug_{language.replace('-', '_')}") or product.slug_en
        page.goto(f"{live_server.url}/{language}/products/{slug}/")
        for text, starts in line_breaks(page, "main h1"):
            wrapped += bool(starts)
            broken += breaks_inside(WORDS[language], text, starts)
        screenshot(page, f"headline-{language}-{product.sku}-phone")
    page.goto(f"{live_server.url}/{language}/products/")
    for text, starts in line_breaks(page, ".product-name"):
        broken += breaks_inside(WORDS[language], text, starts)
    screenshot(page, f"headline-{language}-listing-phone")

    assert wrapped, "no headline was long enough to wrap at 390 px"
    assert broken == []
