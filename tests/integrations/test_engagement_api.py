"""Reviews and custom events through the API: scopes, idempotency, errors, and the ledger."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.engagement.models import MemberEvent, Review
from apps.engagement.services import approve_review
from apps.integrations.scopes import EVENTS_WRITE, MEMBERS_READ, REVIEWS_READ
from apps.ledger.models import EarningRule, RuleKind
from apps.ledger.selectors import balance
from tests.engagement.conftest import order_of, photo
from tests.factories import ProductFactory

from .conftest import assert_error

pytestmark = pytest.mark.django_db


def review_body(product, **fields):
    return {"product": product.pk, "rating": 5, "text": "Works.", "language": "de"} | fields


def test_post_a_review_for_a_buyer_once_per_key(api, member):
    product = ProductFactory()
    url = f"/api/v1/members/{member.pk}/reviews/"
    assert_error(
        api.post(url, review_body(product), format="json", HTTP_IDEMPOTENCY_KEY="r-1"),
        409,
        "not_purchased",
    )
    order_of(member, product)
    created = api.post(url, review_body(product), format="json", HTTP_IDEMPOTENCY_KEY="r-2")
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "pending" and created.json()["language"] == "de"
    again = api.post(url, review_body(product), format="json", HTTP_IDEMPOTENCY_KEY="r-2")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == created.json()["id"]
    assert_error(
        api.post(url, review_body(product), format="json", HTTP_IDEMPOTENCY_KEY="r-3"),
        409,
        "already_reviewed",
    )
    assert Review.objects.count() == 1
    invalid = api.post(
        url, review_body(product, rating=6), format="json", HTTP_IDEMPOTENCY_KEY="r-4"
    )
    assert invalid.status_code == 400
    assert_error(api.post(url, review_body(product), format="json"), 400, "idempotency_key_invalid")


def test_post_a_review_with_photos_as_a_multipart_form(api, member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    product = ProductFactory()
    order_of(member, product)
    url = f"/api/v1/members/{member.pk}/reviews/"

    def send(key, photos):
        body = review_body(product) | {"photos": photos}
        return api.post(url, body, format="multipart", HTTP_IDEMPOTENCY_KEY=key)

    not_an_image = SimpleUploadedFile("a.png", b"not an image", content_type="image/png")
    assert_error(send("p-1", [photo(), not_an_image]), 400, "invalid_photo")
    gif = photo("a.gif", kind="GIF")
    assert_error(send("p-2", [gif]), 400, "invalid_photo")
    assert send("p-3", [photo(f"{n}.png") for n in range(6)]).status_code == 400
    assert not Review.objects.exists()

    created = send("p-4", [photo("front.png"), photo("side.jpg", kind="JPEG")])
    assert created.status_code == 201, created.content
    urls = created.json()["photos"]
    assert len(urls) == 2 and all(u.startswith("/media/reviews/") for u in urls)
    review = Review.objects.get()
    assert [(p.width, p.height) for p in review.photos.all()] == [(40, 30), (40, 30)]
    again = send("p-4", [photo("front.png"), photo("side.jpg", kind="JPEG")])
    assert again["Idempotent-Replayed"] == "true" and again.json() == created.json()
    other = send("p-4", [photo("front.png", size=(50, 30)), photo("side.jpg", kind="JPEG")])
    assert_error(other, 409, "idempotency_conflict")  # the same names, another photo
    assert review.photos.count() == 2


def test_list_reviews_filtered_and_scoped(make_key, client_for, api, member):
    product = ProductFactory()
    order_of(member, product)
    api.post(
        f"/api/v1/members/{member.pk}/reviews/",
        review_body(product),
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    approve_review(review=Review.objects.get(), staff=None)
    reader = client_for(make_key([REVIEWS_READ]).key)
    listed = reader.get("/api/v1/reviews/", {"sku": product.sku, "status": "approved"})
    assert listed.status_code == 200
    assert [r["product_sku"] for r in listed.json()["results"]] == [product.sku]
    assert reader.get("/api/v1/reviews/", {"status": "pending"}).json()["results"] == []
    assert_error(
        client_for(make_key([MEMBERS_READ]).key).get("/api/v1/reviews/"), 403, "insufficient_scope"
    )


def test_post_custom_events_earn_once_per_key(make_key, client_for, member):
    EarningRule.objects.create(
        name_en="Fair visit",
        kind=RuleKind.EVENT,
        points=150,
        event_name="trade_fair_visit",
        event_conditions=[{"property": "booth", "op": "eq", "value": "A1"}],
    )
    api = client_for(make_key([EVENTS_WRITE, MEMBERS_READ]).key)
    url = f"/api/v1/members/{member.pk}/events/"
    body = {"name": "trade_fair_visit", "properties": {"booth": "A1", "minutes": 40}}
    first = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="visit-1")
    assert first.status_code == 201, first.content
    assert first.json()["points"] == 150
    replay = api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="visit-1")
    assert replay["Idempotent-Replayed"] == "true" and replay.json() == first.json()
    assert MemberEvent.objects.count() == 1
    assert balance(member).available == 150
    other = api.post(url, {**body, "properties": {}}, format="json", HTTP_IDEMPOTENCY_KEY="v-2")
    assert other.json()["points"] == 0
    assert_error(
        api.post(url, {**body, "name": "x"}, format="json", HTTP_IDEMPOTENCY_KEY="visit-1"),
        409,
        "idempotency_conflict",
    )
    bad = api.post(
        url, {"name": "visit", "properties": {"a": [1]}}, format="json", HTTP_IDEMPOTENCY_KEY="3"
    )
    assert_error(bad, 400, "invalid_event")
    assert_error(
        api.post(url, {"name": "Not A Slug"}, format="json", HTTP_IDEMPOTENCY_KEY="4"),
        400,
        "invalid",
    )
    listed = api.get(url).json()["results"]
    assert [e["name"] for e in listed] == ["trade_fair_visit", "trade_fair_visit"]
