"""Storefront catalogue pages: listing, filters, search, product detail, hreflang, sitemap."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from djmoney.money import Money

from apps.catalog import caching
from tests.factories import CategoryFactory, ProductFactory, ProductPriceFactory
from tests.text import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_caches")]


def names_on(response) -> list[str]:
    return re.findall(
        r'class="product-name"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


@pytest.fixture
def pumps(exchange_rates):
    pumps = CategoryFactory(name_en="Pumps", slug_en="pumps", name_de="Pumpen", slug_de="pumpen")
    small = CategoryFactory(name_en="Small pumps", slug_en="small-pumps", parent=pumps)
    ProductFactory(
        category=pumps,
        name_en="Centrifugal pump",
        name_de="Kreiselpumpe",
        slug_de="kreiselpumpe",
        description_en="Cast iron centrifugal pump.",
        description_de="Kreiselpumpe aus Gusseisen.",
        price=Decimal("1290"),
        is_new=True,
    )
    ProductFactory(
        category=small,
        name_en="Submersible pump",
        price=Decimal("640"),
        stock_quantity=0,
        is_custom_made=True,
        lead_time_days=40,
    )
    ProductFactory(name_en="Ball valve", price=Decimal("185"))
    return pumps


def test_category_page_lists_its_products_and_its_subcategories_products(client, pumps):
    response = client.get("/en/categories/pumps/")

    assert response.status_code == 200
    assert sorted(names_on(response)) == ["Centrifugal pump", "Submersible pump"]


def test_category_slug_of_another_language_redirects_to_the_translated_address(client, pumps):
    response = client.get("/de/categories/pumps/")

    assert response.status_code == 301
    assert response["Location"] == "/de/categories/pumpen/"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("is_new=on", ["Centrifugal pump"]),
        ("is_custom_made=on", ["Submersible pump"]),
        ("in_stock=on", ["Ball valve", "Centrifugal pump"]),
        ("max_lead_time=30", ["Ball valve", "Centrifugal pump"]),
        ("sort=-price", ["Centrifugal pump", "Submersible pump", "Ball valve"]),
        ("sort=price", ["Ball valve", "Submersible pump", "Centrifugal pump"]),
    ],
)
def test_filters_and_sorting(client, pumps, query, expected):
    response = client.get(f"/en/products/?{query}")

    names = names_on(response)
    assert names == expected if "sort" in query else sorted(names) == expected


def test_invalid_filter_values_show_an_error_instead_of_failing(client, pumps):
    response = client.get("/en/products/?max_lead_time=soon&sort=cheapest")

    assert response.status_code == 200
    assert "Enter a number." in response.content.decode()


def test_search_uses_the_active_language_with_stemming(client, pumps):
    german = client.get("/de/search/?q=Kreiselpumpen")  # plural finds the singular
    english = client.get("/en/search/?q=pumps")

    assert names_on(german) == ["Kreiselpumpe"]
    assert sorted(names_on(english)) == ["Centrifugal pump", "Submersible pump"]


def test_search_by_sku_and_substring_for_languages_without_word_breaks(client, exchange_rates):
    product = ProductFactory(
        sku="PMP-9000", name_en="Pump", name_ja="遠心ポンプ", slug_ja="pump-ja"
    )

    assert names_on(client.get("/en/search/?q=PMP-9000")) == ["Pump"]
    assert names_on(client.get("/ja/search/?q=ポンプ")) == ["遠心ポンプ"]
    assert product.pk


def test_product_page_shows_breaks_in_the_chosen_currency_and_hreflang_alternates(
    client, exchange_rates
):
    product = ProductFactory(
        name_en="Valve",
        slug_en="valve",
        name_de="Ventil",
        slug_de="ventil",
        price=Decimal("185.00"),
        minimum_order_quantity=10,
    )
    ProductPriceFactory(product=product, min_quantity=100, price=Money("169.00", "USD"))
    client.post("/currency/", {"currency": "JPY"})

    response = client.get("/de/products/ventil/")

    html = response.content.decode()
    text = page_text(response)
    assert response.status_code == 200
    assert "10–99" in text and "ab 100" in text
    assert "27.972" in text and "25.553" in text  # 185 and 169 USD at 151.20, German grouping
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/en/products/valve/">' in html
    )
    assert 'hreflang="de" href="http://testserver/de/products/ventil/"' in html
    assert 'hreflang="x-default" href="http://testserver/en/products/valve/"' in html


def test_product_slug_from_another_language_redirects_to_the_canonical_address(
    client, exchange_rates
):
    ProductFactory(slug_en="valve", slug_de="ventil")

    response = client.get("/de/products/valve/")

    assert response.status_code == 301
    assert response["Location"] == "/de/products/ventil/"


def test_inactive_and_unknown_products_are_not_found(client, exchange_rates):
    ProductFactory(slug_en="old-valve", is_active=False)

    assert client.get("/en/products/old-valve/").status_code == 404
    assert client.get("/en/products/nothing-here/").status_code == 404


def test_sitemap_lists_every_product_in_every_language_with_alternates(client, settings):
    from django.contrib.sites.models import Site

    product = ProductFactory(slug_en="valve", slug_de="ventil")
    domain = Site.objects.get_current().domain

    xml = client.get("/sitemap.xml").content.decode()

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            assert f"<loc>http://{domain}{product.get_absolute_url()}</loc>" in xml
    assert f'hreflang="de" href="http://{domain}/de/products/ventil/"' in xml
    assert 'hreflang="x-default"' in xml


def queries_for(client, url) -> int:
    client.get(url)  # warm caches (exchange rates, session) so both sizes measure the same work
    caching._bump()  # but render the page itself again, not from the fragment cache
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/en/products/", "/en/categories/bulk/", "/en/search/?q=pump"])
def test_listing_queries_do_not_grow_with_the_catalogue(client, exchange_rates, path):
    category = CategoryFactory(slug_en="bulk")
    counts = []
    for total in (5, 200):
        existing = category.products.count()
        for product in ProductFactory.create_batch(
            total - existing, category=category, name_en="Pump"
        ):
            ProductPriceFactory(product=product, min_quantity=10, price=Money("80", "USD"))
            ProductPriceFactory(product=product, min_quantity=1, price=Money("70", "EUR"))
        client.post("/currency/", {"currency": "EUR"})
        counts.append(queries_for(client, path))

    assert counts[0] == counts[1]


def test_product_page_queries_do_not_grow_with_breaks_or_catalogue(client, exchange_rates):
    counts = []
    for total in (5, 200):
        product = ProductFactory(slug_en=f"product-with-{total}")
        ProductFactory.create_batch(total)
        for quantity in range(2, total + 2):
            ProductPriceFactory(product=product, min_quantity=quantity, price=Money("50", "USD"))
        counts.append(queries_for(client, f"/en/products/product-with-{total}/"))

    assert counts[0] == counts[1]


def test_cached_pages_show_price_and_stock_changes_at_once(
    client, exchange_rates, django_capture_on_commit_callbacks
):
    product = ProductFactory(slug_en="valve", price=Decimal("100.00"), stock_quantity=5)
    assert "$100.00" in client.get("/en/products/valve/").content.decode()
    assert "$100.00" in client.get("/en/products/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        product.price = Decimal("120.00")
        product.stock_quantity = 3
        product.save(update_fields=["price", "stock_quantity"])

    detail = page_text(client.get("/en/products/valve/"))
    assert "$120.00" in detail and "3 pcs in stock" in detail
    assert "$120.00" in client.get("/en/products/").content.decode()


def test_cached_product_pages_still_carry_a_working_csrf_token_per_visitor(exchange_rates):
    from django.test import Client

    product = ProductFactory(slug_en="valve")
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    for visitor in (Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)):
        page = visitor.get("/en/products/valve/").content.decode()
        response = visitor.post(
            "/en/cart/add/",
            {
                "product": product.pk,
                "quantity": 1,
                "csrfmiddlewaretoken": token.search(page).group(1),
            },
        )

        assert response.status_code == 302  # 403 if the form carried someone else's token


def test_anonymous_visitors_share_one_cached_page_with_their_own_cart_count(exchange_rates):
    from django.test import Client

    from tests.factories import MemberFactory

    product = ProductFactory(slug_en="valve")
    buyer, newcomer, member_client = Client(), Client(), Client()
    buyer.post("/en/cart/add/", {"product": product.pk, "quantity": 3})
    count = re.compile(r'data-testid="cart-count">(\d+)<')

    buyer_page = buyer.get("/en/products/valve/").content.decode()
    with CaptureQueriesContext(connection) as captured:
        newcomer_page = newcomer.get("/en/products/valve/").content.decode()
    member = MemberFactory()
    member_client.force_login(member.user)
    member_page = member_client.get("/en/products/valve/").content.decode()

    assert count.search(buyer_page).group(1) != "0"
    assert count.search(newcomer_page).group(1) == "0"
    assert len(captured) == 0  # served from the shared page: no template work, no queries
    assert member.user.email in member_page and member.user.email not in newcomer_page
