"""Input no page or API call can accept is refused before any view runs, with a translated
4xx, never a 500 (``apps.core.input_limits``)."""

import pytest

from apps.checkout.models import CartLine
from apps.core.input_limits import RefusedInput, check_json_shape, has_escaped_nul
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

NUL = "\x00"


@pytest.mark.parametrize(
    "path",
    [
        f"/en/search/?q=valve{NUL}",
        "/en/search/?q=valve%00",
        f"/en/products/val{NUL}ve/",
        f"/en/orders/tok{NUL}en/",
        f"/en/payments/paypal/return/tok{NUL}en/",
        f"/en/r/CODE{NUL}/",
    ],
)
def test_a_nul_in_a_page_address_is_a_translated_400(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 400
    page = response.content.decode()
    assert "NUL" in page and "<html" in page


def test_the_refusal_page_is_in_the_language_of_the_address(client):
    response = client.get(f"/ar/products/val{NUL}ve/")

    assert response.status_code == 400
    page = response.content.decode()
    assert 'lang="ar" dir="rtl"' in page
    assert "يحتوي الطلب على محرف NUL" in page and 'href="/ar/"' in page


def test_a_nul_in_a_cookie_or_header_is_a_400(client):
    client.cookies["sessionid"] = f"abcdefghij{NUL}"
    assert client.get("/en/").status_code == 400

    client.cookies.clear()
    response = client.get("/api/v1/ping/", HTTP_AUTHORIZATION=f"Bearer sfk_{NUL}abc")
    assert (response.status_code, response.json()["code"]) == (400, "null_character")


def test_a_nul_in_a_form_is_a_400_and_changes_nothing(client):
    product = ProductFactory()

    response = client.post(
        "/en/cart/add/",
        f"product={product.pk}&quantity=1&note=a%00b",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert not CartLine.objects.exists()


def test_a_5_mb_form_on_a_page_is_a_413_in_the_visitor_language(client):
    response = client.post(
        "/fr/cart/add/",
        "quantity=" + "1" * 5_000_000,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 413
    assert 'lang="fr"' in response.content.decode()


def test_depth_counts_brackets_outside_strings_only(settings):
    settings.JSON_MAX_DEPTH = 3

    check_json_shape(b'{"a": [[1]]}')
    check_json_shape(b'{"a": "[[[[[[\\"[[[["}')
    check_json_shape(b"[" + b"[]," * 1000 + b"[]]")
    with pytest.raises(RefusedInput):
        check_json_shape(b'{"a": [[[1]]]}')
    with pytest.raises(RefusedInput):
        check_json_shape(b'[[[["]]]]"]]]]')  # brackets in a string close nothing


def test_json_with_too_many_arrays_and_objects_is_refused(settings):
    settings.JSON_MAX_CONTAINERS = 1000

    check_json_shape(b"[" + b"{}," * 998 + b"{}]")
    with pytest.raises(RefusedInput) as refused:
        check_json_shape(b"[" + b"{}," * 999 + b"{}]")
    assert (refused.value.status, refused.value.code) == (400, "parse_error")


def test_an_escaped_nul_is_found_unless_its_backslash_is_escaped():
    assert has_escaped_nul(b'{"a": "x\\u0000"}')
    assert has_escaped_nul(b'{"a": "x\\\\\\u0000"}')
    assert not has_escaped_nul(b'{"a": "x\\\\u0000"}')
    assert not has_escaped_nul(b'{"a": "u0000"}')


@pytest.mark.parametrize("switcher", ["/currency/", "/i18n/setlang/"])
def test_a_switcher_sent_back_to_a_name_that_is_no_address_goes_home(client, switcher):
    response = client.post(switcher, {"next": "%00", "currency": "EUR", "language": "de"})

    assert response.status_code == 302
    assert response["Location"] in {"/", "/de/"}


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", ""])
def test_a_payment_webhook_nested_too_deep_is_a_400_whatever_its_content_type(client, content_type):
    body = "[" * 3000 + "]" * 3000

    response = client.post("/payments/webhooks/paypal/", body, content_type=content_type)

    assert response.status_code == 400
