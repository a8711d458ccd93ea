"""What shoppers read, in their script: amounts, codes and signed numbers kept whole in Arabic
(isolated from the right-to-left text around them), numbers grouped and units pluralised in
every language, addresses in their country's order."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation
from djmoney.money import Money

from apps.checkout.models import Cart, CartLine
from apps.ledger import services as ledger
from apps.orders.emails import send_order_email
from apps.rewards.models import Reward
from tests.factories import MemberFactory, ProductFactory, make_order
from tests.text import page_text, visible

pytestmark = pytest.mark.django_db

# An amount (currency symbol or code), or a number with a sign before or after it.
EXPOSED = re.compile(
    r"US\$|€|£|¥|\b(?:USD|EUR|GBP|JPY|CNY|AUD|CAD)\b|[+\-−]\s?\d[\d,.]*|\d[\d,.]*\s?[+\-−](?![\d\w])"
)
ISOLATED = (
    re.compile(r'<bdi dir="ltr">.*?</bdi>', re.DOTALL),
    re.compile(r'<code dir="ltr"[^>]*>.*?</code>', re.DOTALL),
    re.compile(r"<(select|textarea)\b.*?</\1>|<input[^>]*>", re.DOTALL),
)


def exposed(markup: str) -> list[str]:
    """Amounts and signed numbers in the page's main content that are not isolated."""
    main = re.search(r"<main\b.*?</main>", markup, re.DOTALL).group(0)
    for pattern in ISOLATED:
        main = pattern.sub(" ", main)
    text = re.sub("\u2066.*?\u2069", " ", main, flags=re.DOTALL)  # isolated in plain text
    return EXPOSED.findall(visible(text))


@pytest.fixture
def arabic_member(client, exchange_rates):
    member = MemberFactory(preferred_language="ar", preferred_currency="EUR")
    ledger.earn(member=member, points=2500, reason="Welcome", idempotency_key="w")
    ledger.spend(member=member, points=700, reason="Reward", idempotency_key="s")
    Reward.objects.create(name_en="Sample valve", kind="free_sample", points_cost=800)
    client.force_login(member.user)
    client.post("/currency/", {"currency": "EUR", "next": "/ar/"})
    return member


@pytest.fixture
def valve(db):
    product = ProductFactory(
        name_en="Ball valve",
        slug_en="ball-valve",
        sku="VLV-BALL-DN50",
        hs_code="8481.80",
        price=Decimal("185.00"),
        minimum_order_quantity=10,
        stock_quantity=2400,
    )
    product.prices.create(min_quantity=100, price=Money("169.00", "USD"))
    return product


def test_arabic_storefront_and_member_pages_isolate_every_amount_code_and_signed_number(
    client, arabic_member, valve
):
    cart = Cart.objects.create(member=arabic_member)
    CartLine.objects.create(cart=cart, product=valve, quantity=120)
    order = make_order(member=arabic_member, currency="EUR", rate="0.92", language="ar")
    pages = [
        "/ar/products/",
        "/ar/products/ball-valve/",
        "/ar/cart/",
        "/ar/checkout/",
        "/ar/member/",
        "/ar/member/points/",
        "/ar/member/orders/",
        "/ar/member/rewards/",
        f"/ar/orders/{order.access_token}/",
    ]

    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert exposed(html) == [], path
        assert '<bdi dir="ltr">' in html, path

    history = client.get("/ar/member/points/").content.decode()
    assert '<bdi dir="ltr">\u200e+2,500</bdi>' in history  # CLDR's Arabic plus sign has an LRM
    assert '<bdi dir="ltr">-700</bdi>' in history


def test_the_checker_sees_an_amount_that_is_not_isolated():
    assert exposed("<main><p>المجموع US$ 35.00 و 500+ نقطة</p></main>") == ["US$", "500+"]
    assert exposed('<main><p>المجموع <bdi dir="ltr">US$ 35.00</bdi></p></main>') == []


def test_an_arabic_order_email_isolates_amounts_and_the_order_number_in_both_parts(
    django_capture_on_commit_callbacks,
):
    order = make_order(currency="USD", language="ar", lines=((Decimal("35.00"), 1),))

    send_order_email(order_id=order.pk, kind="placed")

    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert '<html lang="ar" dir="rtl">' in html
    assert exposed(f"<main>{html}</main>") == []
    with translation.override("ar"):
        total = str(Money("35.00", "USD"))
    assert f"\u2066{total}\u2069" in message.body
    assert f"\u2066{order.number}\u2069" in message.subject


def test_german_pages_group_numbers_and_pluralise_units(client, valve):
    pump = ProductFactory(
        name_en="Pump", slug_en="pump", unit="set", minimum_order_quantity=2, price=640
    )

    product_page = page_text(client.get("/de/products/ball-valve/"))
    listing = page_text(client.get("/de/products/"))

    assert "2.400 Stk. auf Lager" in product_page
    assert "10 Stk." in product_page  # the minimum order
    assert "Mindestmenge 2 Sätze" in listing
    assert pump.unit == "set"


def test_english_units_are_pluralised(client, valve):
    ProductFactory(name_en="Pump", slug_en="pump", unit="set", minimum_order_quantity=2)
    ProductFactory(name_en="Lathe", slug_en="lathe", unit="set", minimum_order_quantity=1)

    listing = page_text(client.get("/en/products/"))

    assert "MOQ 2 sets" in listing and "MOQ 1 set " in listing + " "
    assert "MOQ 10 pcs" in listing


def test_the_member_center_groups_points_in_the_reader_s_language(client):
    member = MemberFactory()
    ledger.earn(member=member, points=1495, reason="Welcome", idempotency_key="w")
    client.force_login(member.user)

    german = page_text(client.get("/de/member/"))
    french = client.get("/fr/member/").content.decode()

    assert "1.495" in german
    assert '<bdi dir="ltr">1\u202f495</bdi>' in french


def test_the_profile_lists_missing_fields_with_chinese_punctuation(client):
    member = MemberFactory(company_name="", country="")
    client.force_login(member.user)

    page = page_text(client.get("/zh-hans/member/profile/"))

    assert re.search(r"尚未填写：\S+(、\S+)+和\S+。", page), page  # noqa: RUF001


def test_an_order_shows_a_japanese_address_in_japanese_order(client):
    order = make_order(language="ja")
    order.ship_to_name, order.ship_to_company = "田中 優", "田中エンジニアリング"
    order.ship_to_line1, order.ship_to_line2 = "丸の内1-1-1", ""
    order.ship_to_city, order.ship_to_region = "千代田区", "東京都"
    order.ship_to_postal_code, order.ship_to_country = "100-0005", "JP"
    order.save()

    page = client.get(f"/ja/orders/{order.access_token}/").content.decode()

    address = re.search(r"<address>(.*?)</address>", page, re.DOTALL).group(1)
    lines = [visible(line) for line in address.split("<br>")]
    assert lines == [
        "〒100-0005",
        "東京都",
        "千代田区丸の内1-1-1",
        "田中エンジニアリング",
        "田中 優",
        "日本",
    ]
