"""One error shape everywhere, translated; rate limits; keys shown once (admin and command)."""

import io

import pytest
from django.core.management import call_command

from apps.integrations.keys import hash_key
from apps.integrations.models import ApiKey

from .conftest import assert_error

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_caches")]


def test_unknown_api_paths_are_json_404s(api):
    assert_error(api.get("/api/v1/nothing-here/"), 404, "not_found")
    assert_error(api.post("/api/v2/members/", {}, format="json"), 404, "not_found")


def test_wrong_method_is_405(api):
    response = api.put("/api/v1/tiers/", {}, format="json")

    assert_error(response, 405, "method_not_allowed")


def test_a_body_that_is_not_json_is_415_and_broken_json_is_400(api, member):
    url = f"/api/v1/members/{member.pk}/points/earn/"
    form = api.post(url, "points=5", content_type="application/x-www-form-urlencoded")
    broken = api.post(url, "{not json", content_type="application/json")

    assert_error(form, 415, "unsupported_media_type")
    assert_error(broken, 400, "parse_error")


def test_error_texts_follow_accept_language(api, member):
    response = api.post(
        f"/api/v1/members/{member.pk}/points/spend/",
        {"points": 5, "reason": "x"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k",
        HTTP_ACCEPT_LANGUAGE="de",
    )

    body = assert_error(response, 409, "insufficient_points")
    assert body["detail"] != "Not enough points: 0 available, 5 requested."


def test_a_key_over_its_rate_limit_gets_429_with_retry_after(make_key, client_for):
    client = client_for(make_key(rate_limit=3).key)

    statuses = [client.get("/api/v1/ping/").status_code for _i in range(4)]
    limited = client.get("/api/v1/ping/")

    assert statuses == [200, 200, 200, 429]
    assert_error(limited, 429, "throttled")
    assert 1 <= int(limited["Retry-After"]) <= 60


def test_a_request_is_counted_once_when_its_key_changed_in_between(make_key, client_for):
    created = make_key(rate_limit=2)
    client = client_for(created.key)
    assert client.get("/api/v1/ping/").status_code == 200  # remembered by this process

    created.api_key.name = "Renamed"
    created.api_key.save()  # a new key generation: the next request reads the key again

    assert client.get("/api/v1/ping/").json()["name"] == "Renamed"
    assert client.get("/api/v1/ping/").status_code == 429


def test_rate_limits_are_per_key(make_key, client_for):
    first, second = client_for(make_key(rate_limit=1).key), client_for(make_key().key)

    first.get("/api/v1/ping/")

    assert first.get("/api/v1/ping/").status_code == 429
    assert second.get("/api/v1/ping/").status_code == 200


def test_ping_tells_the_key_its_name_and_scopes(make_key, client_for):
    created = make_key(scopes=["members:read"], name="CRM")

    body = client_for(created.key).get("/api/v1/ping/").json()

    assert body == {"name": "CRM", "prefix": created.api_key.prefix, "scopes": ["members:read"]}


def test_keys_are_stored_hashed_and_last_use_is_recorded(make_key, client_for):
    created = make_key()

    client_for(created.key).get("/api/v1/ping/")

    stored = ApiKey.objects.get()
    assert stored.hashed_key == hash_key(created.key) != created.key
    assert created.key not in str(ApiKey.objects.values())
    assert stored.last_used_at is not None


def test_the_command_prints_the_key_last(client_for):
    out = io.StringIO()

    call_command(
        "create_api_key", "--name", "ERP", "--scopes", "members:read,points:write", stdout=out
    )

    key = out.getvalue().strip().splitlines()[-1].split()[-1]
    assert client_for(key).get("/api/v1/ping/").json()["scopes"] == ["members:read", "points:write"]


def test_the_command_refuses_unknown_scopes():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown scope"):
        call_command("create_api_key", "--name", "ERP", "--scopes", "everything:write")


def test_the_admin_shows_a_new_key_once(admin_client, client_for):
    response = admin_client.post(
        "/admin/integrations/apikey/add/",
        {
            "name": "Shop ERP",
            "scopes": ["orders:read", "orders:write"],
            "rate_limit": "",
            "max_points_per_call": "10000",  # the form's initial values
            "max_points_per_day": "100000",
        },
    )

    page = response.content.decode()
    api_key = ApiKey.objects.get()
    key = page.split('id="api-key"')[1].split(">")[1].split("<")[0]
    assert response.status_code == 200
    assert key.startswith(f"sfk_{api_key.prefix}_")
    assert client_for(key).get("/api/v1/ping/").status_code == 200
    change = admin_client.get(f"/admin/integrations/apikey/{api_key.pk}/change/").content
    assert key.encode() not in change


def test_the_admin_revokes_keys(admin_client, make_key, client_for):
    created = make_key()

    admin_client.post(
        "/admin/integrations/apikey/",
        {"action": "revoke", "_selected_action": [created.api_key.pk]},
    )

    assert_error(client_for(created.key).get("/api/v1/ping/"), 401, "authentication_failed")


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    docs = client.get("/api/docs/")

    assert schema.status_code == 200 and b"openapi: 3" in schema.content
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content and b"cdn" not in docs.content.lower()


def test_unknown_query_parameters_are_400(api, member):
    response = api.get(f"/api/v1/members/{member.pk}/ledger/?kinds=earn")

    assert assert_error(response, 400, "invalid")["fields"] == {
        "kinds": ["Unknown query parameter."]
    }


def test_a_known_key_is_checked_without_the_database(
    make_key, client_for, django_assert_num_queries
):
    client = client_for(make_key().key)
    client.get("/api/v1/ping/")  # first use: read from the database (and last use recorded)

    with django_assert_num_queries(0):
        assert client.get("/api/v1/ping/").status_code == 200


def test_a_revocation_applies_to_the_next_request_of_a_key_in_use(
    admin_client, make_key, client_for
):
    created = make_key()
    client = client_for(created.key)
    assert client.get("/api/v1/ping/").status_code == 200  # now remembered by this process

    admin_client.post(
        "/admin/integrations/apikey/",
        {"action": "revoke", "_selected_action": [created.api_key.pk]},
    )

    assert_error(client.get("/api/v1/ping/"), 401, "authentication_failed")


def test_a_scope_change_applies_to_the_next_request_of_a_key_in_use(make_key, client_for):
    created = make_key(scopes=["members:read"])
    client = client_for(created.key)
    assert client.get("/api/v1/members/").status_code == 200

    created.api_key.scopes = ["orders:read"]
    created.api_key.save()  # as the admin's change form does

    assert_error(client.get("/api/v1/members/"), 403, "insufficient_scope")
    assert client.get("/api/v1/ping/").json()["scopes"] == ["orders:read"]
