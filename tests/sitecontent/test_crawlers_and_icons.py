"""robots.txt keeps crawlers out of personal pages and points to the sitemap; favicons exist in
the sizes browsers ask for and every page links them."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db


def test_robots_txt_disallows_private_paths_and_names_the_sitemap(client):
    response = client.get("/robots.txt", HTTP_HOST="localhost")
    lines = response.content.decode().splitlines()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/api/", "/payments/"):
        assert f"Disallow: {path}" in lines
    for code, _name in settings.LANGUAGES:
        for private in ("member/", "checkout/", "cart/", "accounts/", "orders/"):
            assert f"Disallow: /{code}/{private}" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    # Shop pages stay crawlable.
    assert not any(line in ("Disallow: /", "Disallow: /en/") for line in lines)
    assert not any("products" in line or "pages" in line for line in lines)


def test_favicon_ico_at_the_root_leads_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.ico"


@pytest.mark.parametrize(
    ("name", "sizes"),
    [
        ("favicon.ico", {(16, 16), (32, 32), (48, 48)}),
        ("favicon-32.png", {(32, 32)}),
        ("icon-192.png", {(192, 192)}),
        ("icon-512.png", {(512, 512)}),
        ("apple-touch-icon.png", {(180, 180)}),
    ],
)
def test_icons_exist_in_their_sizes(name, sizes):
    path = finders.find(f"img/{name}")

    assert path, name
    with Image.open(path) as icon:
        found = set(icon.ico.sizes()) if name.endswith(".ico") else {icon.size}
    assert found == sizes
    assert Path(finders.find("img/favicon.svg")).read_text().startswith("<svg")


def test_every_page_links_the_icons(client):
    page = client.get("/en/").content.decode()

    assert '<link rel="icon" href="/static/img/favicon.ico" sizes="48x48">' in page
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page
    assert 'rel="icon" href="/static/img/icon-192.png" type="image/png" sizes="192x192"' in page
    assert '<link rel="apple-touch-icon" href="/static/img/apple-touch-icon.png">' in page
