"""Redis down (a server of the test's own, stopped): what does not need it keeps working, the
cache failing open with a log line; what needs it answers 503 with ``Retry-After`` and changes
nothing."""

import pytest
from djmoney.money import Money

from apps.catalog.caching import forget_local_fragments
from apps.core import cache as redis_cache
from apps.integrations.keys import revoke_api_key
from apps.integrations.models import ApiKey
from apps.ledger.models import LedgerEntry
from tests.factories import PASSWORD, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(private_redis, settings, exchange_rates):
    """The cache on the private Redis server, which is then stopped (request it last: what
    other fixtures set up needs Redis)."""
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": private_redis.url}}
    forget_local_fragments()
    private_redis.stop()
    yield
    redis_cache._Outage.until = 0.0
    forget_local_fragments()


def test_pages_sign_in_and_api_earns_keep_working_with_redis_down(
    api, member, client, caplog, redis_down
):
    product = ProductFactory(name_en="Ball valve", price=Money("185.00", "USD"))

    assert client.get("/en/").status_code == 200
    page = client.get(product.get_absolute_url())
    assert page.status_code == 200 and "Ball valve" in page.content.decode()
    signed_in = client.post(
        "/en/accounts/login/", {"login": member.user.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 302  # allauth's rate limit failed open
    assert member.user.email in client.get("/en/member/").content.decode()  # session kept
    earned = api.post(
        f"/api/v1/members/{member.pk}/points/earn/",
        {"points": 70, "reason": "Order 9"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="order-9",
    )
    assert earned.status_code == 201, earned.content  # the rate limit failed open
    assert LedgerEntry.objects.filter(account__member=member).count() == 1
    assert "Redis unavailable" in caplog.text


@pytest.fixture
def limited_client(make_key, client_for):
    """A client whose key may earn 600 points per call and 1,000 per day (made while Redis is
    up: creating a key invalidates the cache, which Redis down refuses)."""
    created = make_key()
    created.api_key.max_points_per_call, created.api_key.max_points_per_day = 600, 1_000
    created.api_key.save()
    return client_for(created.key)


def test_an_api_key_s_daily_points_limit_holds_with_redis_down(limited_client, member, redis_down):
    client = limited_client

    def earn(points, key):
        return client.post(
            f"/api/v1/members/{member.pk}/points/earn/",
            {"points": points, "reason": "Campaign"},
            format="json",
            HTTP_IDEMPOTENCY_KEY=key,
        )

    assert earn(600, "a").status_code == 201
    refused = earn(401, "b")  # the day's count, from the database
    assert (refused.status_code, refused.json()["code"]) == (409, "approval_required")
    assert earn(400, "c").status_code == 201
    assert sum(LedgerEntry.objects.values_list("points", flat=True)) == 1_000


def test_what_needs_redis_answers_503_with_retry_after_and_changes_nothing(
    admin_client, exchange_rates, redis_down
):
    response = admin_client.post(
        "/admin/currencies/exchangerate/add/", {"currency": "JPY", "value": "150"}
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "briefly unavailable" in response.content.decode()
    assert not exchange_rates.rates.filter(currency="JPY", value=150).exists()


def test_a_key_revocation_is_refused_rather_than_lost_with_redis_down(api_key, redis_down):
    with pytest.raises(redis_cache.CacheUnavailable):
        revoke_api_key(api_key=api_key.api_key)

    assert (
        ApiKey.objects.get(pk=api_key.api_key.pk).revoked_at is None
    )  # not revoked behind a cache
