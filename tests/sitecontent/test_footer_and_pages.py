"""The merchant's company details in every page's footer and the content pages it links to:
edited in the admin, translated, cached until changed."""

import re

import pytest
from django.contrib.sites.models import Site
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from apps.sitecontent.models import ContentPage, ContentSection, PageKind
from tests.factories import ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_caches")]


def footer_of(response) -> str:
    return re.search(r"<footer.*</footer>", response.content.decode(), re.DOTALL).group(0)


def test_every_page_s_footer_shows_the_company_details_in_the_reader_s_language(
    client, company, legal_pages
):
    german = footer_of(client.get("/de/"))

    assert "Harbour Valves Ltd" in german
    assert "Vereinigtes Königreich" in german  # the address as translated in the admin
    assert "01234567" in german and "GB 987 6543 21" in german
    assert 'href="tel:+441174960000"' in german
    assert 'href="https://wa.me/447700900456"' in german
    assert 'href="mailto:sales@harbour-valves.example"' in german
    # The pages, titled in the reader's language (English where not translated).
    assert '<a href="/de/pages/imprint/">Impressum</a>' in german
    assert '<a href="/de/pages/terms/">Terms of sale</a>' in german
    english = footer_of(client.get("/en/accounts/login/"))
    assert "United Kingdom" in english and '<a href="/en/pages/imprint/">Imprint</a>' in english


def test_an_address_line_keeps_its_own_direction_on_an_arabic_page(client, company):
    footer = footer_of(client.get("/ar/"))

    assert '<span dir="auto">1 Quay Street</span><br><span dir="auto">Bristol BS1 4XX</span>' in (
        footer
    )


def test_footer_is_read_from_the_cache_until_the_merchant_changes_it(
    client, company, legal_pages, django_capture_on_commit_callbacks
):
    client.get("/en/accounts/login/")
    with CaptureQueriesContext(connection) as seen:
        client.get("/en/accounts/login/")
    assert not any("sitecontent" in query["sql"] for query in seen.captured_queries)

    with django_capture_on_commit_callbacks(execute=True):
        company.phone = "+44 117 496 0999"
        company.save()

    assert "+44 117 496 0999" in footer_of(client.get("/en/accounts/login/"))


def test_cached_catalogue_pages_show_the_changed_company_details_at_once(
    company, exchange_rates, django_capture_on_commit_callbacks
):
    """Anonymous visitors get whole cached pages; the footer is part of them."""
    ProductFactory(name_en="Ball valve")
    visitor = Client()
    assert "Harbour Valves Ltd" in footer_of(visitor.get("/en/products/"))

    with django_capture_on_commit_callbacks(execute=True):
        company.name_en = "Harbour Valves Group Ltd"
        company.save()
        page = ContentPage.objects.create(kind=PageKind.OTHER, slug="shipping", title_en="Shipping")

    footer = footer_of(visitor.get("/en/products/"))
    assert "Harbour Valves Group Ltd" in footer
    assert f'href="{page.get_absolute_url()}"' in footer


def test_unpublished_pages_and_pages_kept_out_of_the_footer(client, legal_pages):
    legal_pages[PageKind.FAQ].is_published = False
    legal_pages[PageKind.FAQ].save()
    legal_pages[PageKind.IMPRINT].show_in_footer = False
    legal_pages[PageKind.IMPRINT].save()

    footer = footer_of(client.get("/en/"))

    assert "/en/pages/faq/" not in footer and "/en/pages/imprint/" not in footer
    assert client.get("/en/pages/faq/").status_code == 404
    assert client.get("/en/pages/imprint/").status_code == 200
    assert client.get("/en/pages/no-such-page/").status_code == 404


def test_a_page_shows_its_sections_in_the_reader_s_language_with_english_fallback(
    client, legal_pages
):
    terms = legal_pages[PageKind.TERMS_OF_SALE]
    ContentSection.objects.create(
        page=terms,
        position=1,
        heading_en="2. Prices",
        heading_de="2. Preise",
        body_en="Net.\n\nNo VAT.",
    )

    page = client.get("/de/pages/terms/").content.decode()

    assert "<h1>Terms of sale</h1>" in page  # no German title yet: English
    assert "<h2>2. Preise</h2>" in page
    assert "<p>Net.</p>" in page and "<p>No VAT.</p>" in page  # paragraphs, no HTML stored
    assert "Zuletzt aktualisiert:" in page


def test_the_faq_shows_questions_that_open_without_javascript(client, legal_pages):
    page = client.get("/en/pages/faq/").content.decode()

    assert re.search(
        r"<details class=\"faq-item\" open>\s*<summary>Loyalty FAQ: first</summary>", page
    )


def test_the_imprint_shows_the_company_details(client, company, legal_pages):
    page = client.get("/en/pages/imprint/").content.decode()
    main = page.split("<footer")[0]

    assert "Companies House, England and Wales" in main
    assert "GB 987 6543 21" in main and "sales@harbour-valves.example" in main


def test_sign_up_links_the_programme_terms_and_the_privacy_policy(client, legal_pages):
    page = client.get("/fr/accounts/signup/").content.decode()
    note = re.search(r'<p class="legal-note" data-testid="signup-terms">.*?</p>', page, re.DOTALL)

    assert note, "no terms under the sign-up form"
    assert 'href="/fr/pages/programme-terms/"' in note.group(0)
    assert 'href="/fr/pages/privacy/"' in note.group(0)
    assert "En adhérant, vous acceptez" in note.group(0)


def test_checkout_links_the_terms_of_sale_next_to_place_order(client, legal_pages, exchange_rates):
    product = ProductFactory()
    client.post("/en/cart/add/", {"product": product.pk, "quantity": 1})

    page = client.get("/en/checkout/").content.decode()

    place_order = page.index("Place order")
    note = page.index('data-testid="checkout-terms"')
    assert 0 < note - place_order < 300  # right under the button
    terms = page[note : page.index("</p>", note)]
    assert 'href="/en/pages/terms/" target="_blank"' in terms
    assert 'href="/en/pages/privacy/"' in terms
    assert 'href="/en/pages/programme-terms/"' in terms  # a guest may join here


def test_without_pages_the_layout_still_renders(client):
    page = client.get("/en/").content.decode()

    assert "<footer" in page and "legal-note" not in page


def test_the_sitemap_lists_the_pages_in_every_language(client, legal_pages, settings):
    domain = Site.objects.get_current().domain

    sitemap = client.get("/sitemap.xml").content.decode()

    for code, _name in settings.LANGUAGES:
        assert f"<loc>http://{domain}/{code}/pages/privacy/</loc>" in sitemap


def test_page_titles_come_from_the_active_language(legal_pages):
    with translation.override("de"):
        assert str(legal_pages[PageKind.IMPRINT]) == "Impressum"
