"""Fuzzing what a client controls on the storefront and in the API: hostile values (NUL,
overlong, deeply nested, huge, wrong types, out-of-range numbers, odd Unicode) in every path
parameter, query parameter, form field and JSON field we read. No answer may be a 5xx.

The API's operations are also fuzzed from the OpenAPI schema by schemathesis
(``tests/integrations/test_schema_conformance.py``); this test covers the storefront, which has
no schema, and the values a schema-driven generator rarely tries (a NUL in a path, 3,000-deep
JSON, a 5 MB field). Examples are derandomized (the same on every run) and bounded, so the
test takes well under a minute; ``INPUT_FUZZ_RANDOM=1`` explores new ones.
"""

import json
import os
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.integrations.keys import create_api_key
from apps.integrations.scopes import ALL_SCOPES
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=os.environ.get("INPUT_FUZZ_RANDOM") != "1",
    suppress_health_check=list(HealthCheck),
)

NASTY = [
    "\x00",
    "a\x00b",
    "%00",
    "x" * 10_000,
    "-1",
    "0",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999.999",
    "1e309",
    "NaN",
    "-Infinity",
    "¹²³",  # superscript digits: isdigit() but not int()
    "٣",
    "\u202e\u200f",
    "😀",
    "\ufeff",
    " ",
    "../../etc/passwd",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "email:",
    "external:",
    "2026-13-45T25:61:00Z",
]
# Text a client could send (lone surrogates cannot be encoded, so no client sends them).
text = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
)
json_scalar = st.one_of(
    text,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
json_value = st.recursive(
    json_scalar,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(text, children, max_size=3)
    ),
    max_leaves=8,
)
language = st.sampled_from(["en", "de", "ar", "ja"])

PAGE_PATHS = [
    "products/{}/",
    "categories/{}/",
    "orders/{}/",
    "orders/{}/pay/",
    "payments/paypal/return/{}/",
    "r/{}/",
    "unsubscribe/{}/",
    "accounts/two-factor/invitation/{}/",
    "pages/{}/",
    "member/rewards/redemptions/{}/",
]
PAGE_QUERIES = {
    "search/": ["q", "page"],
    "products/": ["page", "sort", "is_new", "in_stock", "max_lead_time", "is_custom_made"],
    "member/points/": ["page", "kind"],
    "member/orders/": ["page"],
    "member/inbox/": ["page"],
    "checkout/": ["coupon"],
    "quick-order/skus/": ["q"],
}
FORMS = {
    "/{language}/cart/add/": ["product", "quantity"],
    "/{language}/cart/update/": ["line", "quantity"],
    "/currency/": ["currency", "next"],
    "/i18n/setlang/": ["language", "next"],
}


def assert_no_server_error(response, request: str) -> None:
    assert response.status_code < 500, f"{response.status_code} for {request!r}"


@pytest.fixture
def shopper(client, member):
    client.force_login(member.user)
    ProductFactory(slug="valve", sku="VALVE-DN50")
    return client


@FUZZ
@given(language=language, path=st.sampled_from(PAGE_PATHS), value=text)
def test_storefront_path_parameters(shopper, language, path, value):
    url = f"/{language}/" + path.format(quote(value, safe=""))

    assert_no_server_error(shopper.get(url), url)


@FUZZ
@given(
    language=language,
    page=st.sampled_from(sorted(PAGE_QUERIES)),
    values=st.lists(text, min_size=1, max_size=6),
)
def test_storefront_query_parameters(shopper, language, page, values):
    names = PAGE_QUERIES[page]
    query = urlencode([(names[index % len(names)], value) for index, value in enumerate(values)])
    url = f"/{language}/{page}?{query}"

    assert_no_server_error(shopper.get(url), url)


@FUZZ
@given(language=language, form=st.sampled_from(sorted(FORMS)), values=st.lists(text, max_size=4))
def test_storefront_forms(shopper, language, form, values):
    names = FORMS[form]
    data = urlencode([(names[index % len(names)], value) for index, value in enumerate(values)])
    url = form.format(language=language)

    response = shopper.post(url, data, content_type="application/x-www-form-urlencoded")

    assert_no_server_error(response, f"{url} {data}")


API_PATHS = [
    "/api/v1/members/{}/",
    "/api/v1/members/{}/balance/",
    "/api/v1/members/{}/ledger/",
    "/api/v1/orders/{}/",
]
API_QUERIES = {
    "/api/v1/members/": [
        "email",
        "external_id",
        "segment",
        "rfm_segment",
        "created_after",
        "page",
        "page_size",
    ],
    "/api/v1/orders/": ["external_id", "status", "page"],
    "/api/v1/redemptions/": ["member", "reward", "status", "created_before"],
    "/api/v1/members/{member}/ledger/": ["cursor", "kind", "page_size", "created_after"],
}
API_WRITES = {
    "/api/v1/members/": ["email", "external_id", "country", "preferred_language"],
    "/api/v1/members/{member}/points/earn/": ["points", "reason", "expires_at", "available_at"],
    "/api/v1/members/{member}/points/spend/": ["points", "reason", "reference"],
    "/api/v1/orders/": ["external_id", "member", "currency", "lines", "shipping_amount"],
    "/api/v1/webhook-endpoints/": ["url", "events"],
}
deep_json = st.integers(min_value=50, max_value=3000).map(lambda depth: "[" * depth + "]" * depth)
huge_json = st.just(json.dumps({"email": "buyer@example.com", "notes": "x" * 3_000_000}))


@pytest.fixture
def integrator(client, member):
    key = create_api_key(name="Fuzz", scopes=list(ALL_SCOPES), rate_limit=1_000_000)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key.key}"
    return client, member


@FUZZ
@given(path=st.sampled_from(API_PATHS), value=text, query=st.lists(text, max_size=4))
def test_api_paths_and_queries(integrator, path, value, query):
    client, member = integrator
    targets = [path.format(quote(value, safe=""))]
    for listing, names in API_QUERIES.items():
        pairs = [(names[index % len(names)], item) for index, item in enumerate(query)]
        targets.append(listing.format(member=member.pk) + "?" + urlencode(pairs))

    for url in targets:
        assert_no_server_error(client.get(url), url)


@FUZZ
@given(
    endpoint=st.sampled_from(sorted(API_WRITES)),
    values=st.lists(json_value, max_size=5),
    raw=st.one_of(st.none(), deep_json, huge_json, text),
)
def test_api_json_bodies(integrator, endpoint, values, raw):
    client, member = integrator
    names = API_WRITES[endpoint]
    body = {names[index % len(names)]: value for index, value in enumerate(values)}
    url = endpoint.format(member=member.pk)

    for content in (json.dumps(body), raw):
        if content is None:
            continue
        response = client.post(
            url, content, content_type="application/json", HTTP_IDEMPOTENCY_KEY="fuzz-1"
        )
        assert_no_server_error(response, f"{url} {content[:200]}")
