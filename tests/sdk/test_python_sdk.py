"""The Python SDK (sdk/python) against a live server: what an integrator does first."""

import io
import json
import uuid

import httpx
import pytest
from storefront_api.api.members import members_create, members_retrieve
from storefront_api.api.orders import orders_create, orders_refunds_create
from storefront_api.api.points import (
    members_balance_retrieve,
    members_ledger_list,
    members_points_earn_create,
    members_points_spend_create,
)
from storefront_api.api.programme import members_redemptions_create
from storefront_api.api.reviews import members_reviews_create
from storefront_api.api.webhooks import webhook_endpoints_create
from storefront_api.models import (
    CurrencyEnum,
    EarnRequest,
    EventsEnum,
    MemberCreateRequest,
    OfflineOrderLineRequest,
    OfflineOrderRequest,
    PreferredLanguageEnum,
    RedeemRequest,
    RefundCreateRequest,
    ReviewWithPhotosCreateRequest,
    SpendRequest,
    WebhookEndpointRequest,
)
from storefront_api.types import File
from storefront_sdk import (
    RetryTransport,
    Storefront,
    StorefrontError,
    WebhookSignatureError,
    verify_webhook,
)

from tests.conftest import wait_until
from tests.integrations.conftest import Receiver

pytestmark = pytest.mark.worker  # a server process of its own


def png() -> io.BytesIO:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 90, 160)).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def test_an_integrators_first_session_through_the_python_sdk(live_api, sdk_key, catalogue):
    from apps.ledger.models import LedgerEntry

    product, reward = catalogue
    shop = Storefront(live_api.url, api_key=sdk_key)

    created = shop.call(
        members_create,
        body=MemberCreateRequest(email="buyer@example.com", timezone="Europe/Berlin"),
    )
    found = shop.call(members_retrieve, member="email:buyer@example.com")
    assert (found.id, found.timezone) == (created.id, "Europe/Berlin")
    member = str(created.id)

    # An earn repeated with its key (a retry after a timeout) is applied once.
    key = str(uuid.uuid4())
    first = shop.call(
        members_points_earn_create,
        member=member,
        body=EarnRequest(points=1_000, reason="Trade fair"),
        idempotency_key=key,
    )
    again = shop.call(
        members_points_earn_create,
        member=member,
        body=EarnRequest(points=1_000, reason="Trade fair"),
        idempotency_key=key,
    )
    assert again.to_dict() == first.to_dict()
    assert LedgerEntry.objects.filter(account__member_id=created.id, kind="earn").count() == 1
    # Without a key given, each call gets its own.
    for _ in range(4):
        shop.call(
            members_points_earn_create, member=member, body=EarnRequest(points=25, reason="Visit")
        )

    shop.call(
        members_points_spend_create, member=member, body=SpendRequest(points=300, reason="Discount")
    )
    with pytest.raises(StorefrontError) as refused:
        shop.call(
            members_points_spend_create,
            member=member,
            body=SpendRequest(points=10**6, reason="Too much"),
        )
    assert (refused.value.status, refused.value.code) == (409, "insufficient_points")

    balance = shop.call(members_balance_retrieve, member=member)
    assert balance.available == 1_000 + 4 * 25 - 300

    redemption = shop.call(
        members_redemptions_create, member=member, body=RedeemRequest(reward=reward.pk)
    )
    assert redemption.points == 200

    # The ledger, newest first, across cursor pages of two.
    entries = list(shop.paginate(members_ledger_list, member=member, page_size=2))
    assert [entry.points for entry in entries] == [-200, -300, 25, 25, 25, 25, 1_000]

    order = shop.call(
        orders_create,
        body=OfflineOrderRequest(
            external_id="ERP-1001",
            member=created.id,
            currency=CurrencyEnum.USD,
            lines=[OfflineOrderLineRequest(sku=product.sku, quantity=2, unit_price="150.00")],
        ),
    )
    # A review with a photo (a multipart form) of what the member bought.
    review = shop.call(
        members_reviews_create,
        member=member,
        body=ReviewWithPhotosCreateRequest(
            product=product.pk,
            rating=5,
            text="Sturdy.",
            language=PreferredLanguageEnum.EN,
            photos=[File(payload=png(), file_name="valve.png", mime_type="image/png")],
        ),
    )
    assert review.status == "pending" and len(review.photos) == 1
    refund = shop.call(
        orders_refunds_create, id=order.id, body=RefundCreateRequest(reason="Damaged", full=True)
    )
    assert str(refund.amount.amount) == "300.00"

    with pytest.raises(StorefrontError) as missing:
        shop.call(members_retrieve, member="email:nobody@example.com")
    assert (missing.value.status, missing.value.code) == (404, "not_found")


def test_a_webhook_the_shop_signed_passes_the_sdks_check_and_a_tampered_one_fails(
    live_api, sdk_key, celery_worker_process
):
    shop = Storefront(live_api.url, api_key=sdk_key)
    member = shop.call(members_create, body=MemberCreateRequest(email="hooks@example.com"))
    with Receiver() as receiver:
        endpoint = shop.call(
            webhook_endpoints_create,
            body=WebhookEndpointRequest(url=receiver.url, events=[EventsEnum.POINTS_EARNED]),
        )
        shop.call(
            members_points_earn_create,
            member=str(member.id),
            body=EarnRequest(points=40, reason="Survey"),
        )
        delivery = wait_until(lambda: receiver.received and receiver.received[0], timeout=60)

    body, signature = delivery["body"], delivery["headers"]["Storefront-Signature"]
    verify_webhook(secret=endpoint.secret, signature=signature, body=body)
    assert json.loads(body)["type"] == "points.earned"
    with pytest.raises(WebhookSignatureError):
        verify_webhook(secret=endpoint.secret, signature=signature, body=body.replace(b"40", b"41"))
    with pytest.raises(WebhookSignatureError):
        verify_webhook(secret="whsec_other", signature=signature, body=body)
    with pytest.raises(WebhookSignatureError):  # a delivery replayed an hour later
        timestamp = int(signature.split(",")[0].removeprefix("t="))
        verify_webhook(secret=endpoint.secret, signature=signature, body=body, now=timestamp + 3600)


class ScriptedServer(httpx.BaseTransport):
    """The provider side of the wire for the retry rules: answers from a script, records what
    it was sent (httpx's transport interface, below the SDK's own code)."""

    def __init__(self, *answers: httpx.Response) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answers.pop(0)


def test_429_and_503_are_retried_after_retry_after_with_the_same_idempotency_key():
    busy = httpx.Response(503, headers={"Retry-After": "2"}, json={"code": "service_unavailable"})
    limited = httpx.Response(429, headers={"Retry-After": "1"}, json={"code": "throttled"})
    created = httpx.Response(201, json={"ok": True})
    server = ScriptedServer(busy, limited, created)
    waits: list[float] = []
    transport = RetryTransport(server, sleep=waits.append)
    with httpx.Client(transport=transport, base_url="http://shop.test") as client:
        response = client.post("/api/v1/x/", headers={"Idempotency-Key": "k-1"}, json={})
    assert response.status_code == 201
    assert waits == [2.0, 1.0]
    assert [request.headers["Idempotency-Key"] for request in server.requests] == ["k-1"] * 3


def test_retries_stop_after_the_limit_and_the_last_answer_is_returned():
    answers = [httpx.Response(503, headers={"Retry-After": "1"}) for _ in range(3)]
    server = ScriptedServer(*answers)
    transport = RetryTransport(server, max_retries=2, sleep=lambda seconds: None)
    with httpx.Client(transport=transport, base_url="http://shop.test") as client:
        assert client.get("/api/v1/ping/").status_code == 503
    assert len(server.requests) == 3


def test_a_write_without_a_key_is_not_repeated_after_a_lost_connection():
    class Unreachable(httpx.BaseTransport):
        calls = 0

        def handle_request(self, request):
            Unreachable.calls += 1
            raise httpx.ConnectError("refused", request=request)

    transport = RetryTransport(Unreachable(), sleep=lambda seconds: None)
    with httpx.Client(transport=transport, base_url="http://shop.test") as client:
        with pytest.raises(httpx.ConnectError):
            client.post("/api/v1/webhook-endpoints/", json={})
        assert Unreachable.calls == 1  # might have been applied: not sent twice
        with pytest.raises(httpx.ConnectError):
            client.get("/api/v1/ping/")
    assert Unreachable.calls == 1 + 4  # a read: first try and three retries
