"""Outbound webhooks to a local receiver: signed, one event id per happening, retried with
backoff by a real worker, logged, resent from the admin, and endpoints that keep failing
disabled."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.integrations.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from apps.integrations.webhooks.endpoints import create_endpoint
from apps.integrations.webhooks.signing import verify
from apps.ledger import jobs
from apps.ledger.models import LedgerEntry, PointsLot
from apps.rewards.models import Reward
from apps.tiers.models import Tier
from tests.conftest import wait_until
from tests.factories import ProductFactory

from .conftest import Receiver

EVERY_EVENT = [
    "member.created",
    "points.earned",
    "points.spent",
    "points.expired",
    "tier.changed",
    "reward.redeemed",
    "order.paid",
    "order.refunded",
    "company.created",
    "company.member_added",
]


def post(api, url, body, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    response = api.post(url, body, format="json", **headers)
    assert response.status_code == 201, response.content
    return response.json()


def assert_signed(delivery: dict, secret: str) -> None:
    assert verify(
        secret=secret, body=delivery["body"], header=delivery["headers"]["Storefront-Signature"]
    )


@pytest.mark.django_db
def test_every_event_reaches_the_receiver_signed(
    api, receiver, django_capture_on_commit_callbacks, exchange_rates
):
    Tier.objects.create(name_en="Member", rank=0)
    Tier.objects.create(name_en="Silver", rank=1, qualifying_spend=Decimal("100"))
    reward = Reward.objects.create(name_en="Sample", kind="free_sample", points_cost=10)
    sku = ProductFactory().sku

    def step(url, body, key=None):  # each call commits, and its events go out, on its own
        with django_capture_on_commit_callbacks(execute=True):
            return post(api, url, body, key)

    endpoint = step("/api/v1/webhook-endpoints/", {"url": receiver.url})
    member = step("/api/v1/members/", {"email": "buyer@example.net"})
    base = f"/api/v1/members/{member['id']}"
    step(f"{base}/points/earn/", {"points": 50, "reason": "Fair"}, key="e")
    step(f"{base}/points/spend/", {"points": 5, "reason": "Gift"}, key="s")
    step(f"{base}/redemptions/", {"reward": reward.pk}, key="r")
    order = step(
        "/api/v1/orders/",
        {
            "external_id": "ERP-1",
            "member": member["id"],
            "currency": "USD",
            "lines": [{"sku": sku, "quantity": 2, "unit_price": "100.00"}],
        },
    )
    step(f"/api/v1/orders/{order['id']}/refunds/", {"reason": "Damaged", "full": True}, key="f")
    company = step("/api/v1/companies/", {"legal_name": "Acme", "country": "FR"})
    step(f"/api/v1/companies/{company['id']}/members/", {"member": member["id"], "role": "admin"})
    # the daily expiry job, the day after the first lots expire
    later = PointsLot.objects.order_by("expires_at").first().expires_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.release_due_lots(as_of=later, now=later)
        jobs.expire_due_lots(as_of=later, now=later)

    assert sorted({e["type"] for e in receiver.events()}) == sorted(EVERY_EVENT)
    for delivery in receiver.received:
        assert_signed(delivery, endpoint["secret"])
    earned = receiver.events("points.earned")
    assert any(e["data"]["entry"]["points"] == 50 for e in earned)
    paid = receiver.events("order.paid")[0]["data"]["order"]
    assert (paid["external_id"], paid["total"]) == (
        "ERP-1",
        {"amount": "200.00", "currency": "USD"},
    )
    refund = receiver.events("order.refunded")[0]["data"]
    assert refund["fully_refunded"] is True
    assert receiver.events("tier.changed")[0]["data"]["to_tier"]["name"] == "Silver"
    assert receiver.events("member.created")[0]["data"]["member"]["email"] == "buyer@example.net"
    assert receiver.events("company.created")[0]["data"]["company"]["legal_name"] == "Acme"
    joined = receiver.events("company.member_added")[0]["data"]
    assert (joined["company"]["id"], joined["member"]["id"], joined["role"]) == (
        company["id"],
        member["id"],
        "admin",
    )
    ids = [e["id"] for e in receiver.events()]
    assert len(ids) == len(set(ids))


@pytest.mark.django_db
def test_an_endpoint_gets_only_the_events_it_subscribed_to(
    api, member, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(api, "/api/v1/webhook-endpoints/", {"url": receiver.url, "events": ["points.spent"]})
        base = f"/api/v1/members/{member.pk}"
        post(api, f"{base}/points/earn/", {"points": 50, "reason": "Fair"}, key="e")
        post(api, f"{base}/points/spend/", {"points": 5, "reason": "Gift"}, key="s")

    assert [e["type"] for e in receiver.events()] == ["points.spent"]


@pytest.mark.worker
def test_receiver_down_is_retried_until_it_answers_with_one_ledger_entry(
    webhook_worker, api, client_for
):
    from tests.factories import MemberFactory

    member = MemberFactory()
    with Receiver(script=[503, 503]) as receiver:
        endpoint = create_endpoint(url=receiver.url, events=["points.earned"])
        url = f"/api/v1/members/{member.pk}/points/earn/"
        for _retry in range(3):  # the integrator retries too: same key, same body
            post(api, url, {"points": 70, "reason": "Order 9"}, key="order-9")

        delivery = wait_until(
            lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).first(),
            timeout=60,
        )

    assert [r["answered"] for r in receiver.received] == [503, 503, 200]
    bodies = {r["body"] for r in receiver.received}
    assert len(bodies) == 1  # the same event every time, each attempt freshly signed
    assert json.loads(bodies.pop())["id"] == delivery.event_id
    for attempt in receiver.received:
        assert_signed(attempt, endpoint.secret)
    assert list(delivery.log.values_list("number", "status_code")) == [(1, 503), (2, 503), (3, 200)]
    assert WebhookDelivery.objects.count() == 1
    assert LedgerEntry.objects.filter(account__member=member).count() == 1


@pytest.mark.django_db
def test_an_endpoint_that_keeps_failing_is_disabled_and_flagged(
    api, member, settings, admin_client, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 3
    with Receiver(script=[500] * 10) as receiver:
        endpoint = create_endpoint(url=receiver.url, events=[])
        for n in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                post(
                    api,
                    f"/api/v1/members/{member.pk}/points/earn/",
                    {"points": 10, "reason": f"Earn {n}"},
                    key=f"k{n}",
                )

    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert endpoint.disabled_at is not None
    assert len(receiver.received) == 3  # 2 attempts, then 1 more and the endpoint is off
    assert WebhookDelivery.objects.count() == 2  # nothing recorded for a disabled endpoint
    page = admin_client.get("/admin/integrations/webhookendpoint/").content.decode()
    assert "⚠" in page and "3 failed deliveries in a row" in page


@pytest.fixture
def delivered(api, member, receiver, django_capture_on_commit_callbacks) -> WebhookDelivery:
    """An earn's webhook, delivered to the local receiver."""
    create_endpoint(url=receiver.url, events=[])
    with django_capture_on_commit_callbacks(execute=True):
        post(api, f"/api/v1/members/{member.pk}/points/earn/", {"points": 5, "reason": "x"}, "k")
    return WebhookDelivery.objects.get()


@pytest.mark.django_db
def test_staff_resend_a_delivery_from_the_admin(
    delivered, receiver, admin_client, django_capture_on_commit_callbacks
):
    delivery = delivered

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/integrations/webhookdelivery/",
            {"action": "resend_deliveries", "_selected_action": [delivery.pk]},
        )

    assert response.status_code == 302
    assert len(receiver.received) == 2
    assert receiver.received[0]["body"] == receiver.received[1]["body"]
    assert delivery.log.count() == 2
    detail = admin_client.get(f"/admin/integrations/webhookdelivery/{delivery.pk}/change/")
    assert detail.status_code == 200


@pytest.mark.django_db
def test_delivery_list_shows_status_and_attempts_before_the_long_columns(delivered, admin_client):
    page = admin_client.get("/admin/integrations/webhookdelivery/").content.decode()

    # On a laptop screen the long URL and event id columns scroll out of view: what a merchant
    # looks for (did it arrive, how many tries) comes right after the event.
    headers = ["event_type", "status", "attempts", "endpoint", "event_id"]
    columns = [page.index(f'<th scope="col" class="sortable column-{name}') for name in headers]
    assert columns == sorted(columns)
    assert '<td class="field-status">Delivered</td>' in page  # not just the filter's label


@pytest.mark.django_db
def test_webhook_endpoints_api_shows_the_secret_once_and_deletes(api, receiver):
    created = post(api, "/api/v1/webhook-endpoints/", {"url": receiver.url})

    listed = api.get("/api/v1/webhook-endpoints/").json()["results"]
    deleted = api.delete(f"/api/v1/webhook-endpoints/{created['id']}/")

    assert created["secret"].startswith("whsec_")
    assert "secret" not in listed[0]
    assert deleted.status_code == 204
    assert api.get("/api/v1/webhook-endpoints/").json()["results"] == []
    assert not WebhookEndpoint.objects.get().is_active


@pytest.mark.django_db
def test_private_addresses_are_refused_outside_development(api, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = False

    response = api.post(
        "/api/v1/webhook-endpoints/", {"url": "http://127.0.0.1:9/hook"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "webhook_url_refused"


def test_a_tier_change_handed_over_twice_is_one_webhook_event(
    member, receiver, django_capture_on_commit_callbacks
):
    """The event id comes from the tier change itself (it was a random one per delivery)."""
    from apps.core import events
    from apps.tiers.events import TierChanged
    from apps.tiers.models import Tier, TierChange

    create_endpoint(url=receiver.url, events=["tier.changed"])
    silver = Tier.objects.create(name_en="Silver", rank=1)
    change = TierChange.objects.create(member=member, to_tier=silver, created_at=timezone.now())
    event = TierChanged(
        change_id=change.pk, member_id=member.pk, from_tier=None, to_tier=silver.pk, upgrade=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        events.publish_many([event, event])

    (delivery,) = WebhookDelivery.objects.all()
    assert receiver.events("tier.changed")[0]["id"] == delivery.event_id
