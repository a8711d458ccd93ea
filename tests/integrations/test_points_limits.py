"""Per-key points limits: an API key earns at most ``max_points_per_call`` per call and
``max_points_per_day`` per day (the installation's calendar day); above either the call is
refused with 409 ``approval_required`` (an award that large is a staff adjustment, with its
second approver) and changes nothing. Dates that make no sense are a 400 on the field."""

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from apps.integrations.models import ApiKey
from apps.ledger.models import LedgerEntry
from apps.ledger.selectors import balance

from .conftest import assert_error

pytestmark = pytest.mark.django_db


def earn(client, member, points, key, **extra):
    return client.post(
        f"/api/v1/members/{member.pk}/points/earn/",
        {"points": points, "reason": "Campaign", **extra},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


@pytest.fixture
def limited(make_key, client_for):
    """A client whose key may earn 600 points per call and 1,000 per day."""
    created = make_key()
    created.api_key.max_points_per_call, created.api_key.max_points_per_day = 600, 1_000
    created.api_key.save()
    return client_for(created.key)


def test_a_billion_points_in_one_call_needs_an_approved_adjustment(api, member):
    response = earn(api, member, 1_000_000_000, key="huge")

    body = assert_error(response, 409, "approval_required")
    assert "10000" in body["detail"].replace(",", "")  # the safe default per call
    assert not LedgerEntry.objects.exists()
    assert earn(api, member, 10_000, key="ok").status_code == 201


def test_the_refusal_is_translated(api, member):
    response = api.post(
        f"/api/v1/members/{member.pk}/points/earn/",
        {"points": 10_001, "reason": "Campaign"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="de",
        HTTP_ACCEPT_LANGUAGE="de",
    )

    body = assert_error(response, 409, "approval_required")
    assert "Punkte" in body["detail"]


def test_a_keys_earns_add_up_to_its_daily_limit(limited, api, member):
    first = earn(limited, member, 600, key="a")
    second = earn(limited, member, 400, key="b")
    over = earn(limited, member, 1, key="c")
    too_big = earn(limited, member, 601, key="d")
    repeat = earn(limited, member, 600, key="a")
    other_key = earn(api, member, 5_000, key="a")

    assert (first.status_code, second.status_code) == (201, 201)
    assert_error(over, 409, "approval_required")
    assert_error(too_big, 409, "approval_required")
    assert repeat.status_code == 201 and repeat["Idempotent-Replayed"] == "true"
    assert other_key.status_code == 201
    assert balance(member).available == 6_000


def test_spending_does_not_count_and_a_failed_earn_gives_its_points_back(limited, member):
    assert earn(limited, member, 600, key="a").status_code == 201
    reused = earn(limited, member, 300, key="a")  # the same Idempotency-Key, another body
    spend = limited.post(
        f"/api/v1/members/{member.pk}/points/spend/",
        {"points": 500, "reason": "Gift"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="s",
    )

    assert_error(reused, 409, "idempotency_conflict")
    assert spend.status_code == 201
    assert earn(limited, member, 400, key="b").status_code == 201
    assert_error(earn(limited, member, 1, key="c"), 409, "approval_required")


def test_the_days_count_is_rebuilt_from_the_database_when_redis_lost_it(limited, member):
    assert earn(limited, member, 600, key="a").status_code == 201
    cache.clear()  # e.g. Redis restarted without persistence

    assert_error(earn(limited, member, 401, key="b"), 409, "approval_required")
    assert earn(limited, member, 400, key="c").status_code == 201


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"expires_at": "2020-01-01T00:00:00Z"}, "expires_at"),
        (
            {"available_at": "2031-06-01T00:00:00Z", "expires_at": "2031-05-01T00:00:00Z"},
            "expires_at",
        ),
    ],
)
def test_an_expiry_in_the_past_or_before_availability_is_a_field_error(api, member, dates, field):
    response = earn(api, member, 10, key="k", **dates)

    body = assert_error(response, 400, "invalid")
    assert list(body["fields"]) == [field]
    assert not LedgerEntry.objects.exists()


def test_an_expiry_after_availability_is_accepted(api, member):
    later = timezone.now() + timedelta(days=30)
    response = earn(
        api,
        member,
        10,
        key="k",
        available_at=later.isoformat(),
        expires_at=(later + timedelta(days=1)).isoformat(),
    )

    assert response.status_code == 201, response.content


def test_a_key_made_in_the_admin_has_its_limits_and_acts_for_its_creator(admin_client, admin_user):
    admin_client.post(
        "/admin/integrations/apikey/add/",
        {
            "name": "CRM",
            "scopes": ["points:write"],
            "rate_limit": "",
            "max_points_per_call": "300",
            "max_points_per_day": "900",
        },
    )

    api_key = ApiKey.objects.get()
    assert (api_key.max_points_per_call, api_key.max_points_per_day) == (300, 900)
    assert api_key.created_by == admin_user


def test_the_limits_are_set_on_the_key_in_the_admin(admin_client, make_key):
    api_key = make_key().api_key

    page = admin_client.get(f"/admin/integrations/apikey/{api_key.pk}/change/").content.decode()
    response = admin_client.post(
        f"/admin/integrations/apikey/{api_key.pk}/change/",
        {
            "name": "ERP",
            "scopes": ["points:write"],
            "rate_limit": "",
            "max_points_per_call": "250",
            "max_points_per_day": "5000",
        },
    )

    assert 'name="max_points_per_call"' in page and 'name="max_points_per_day"' in page
    assert response.status_code == 302
    api_key.refresh_from_db()
    assert (api_key.max_points_per_call, api_key.max_points_per_day) == (250, 5_000)


def test_the_schema_documents_the_refusal(client):
    schema = client.get("/api/schema/?format=json").json()
    earn_operation = schema["paths"]["/api/v1/members/{member}/points/earn/"]["post"]

    assert "approval_required" in earn_operation["responses"]["409"]["description"]
    assert "max_points_per_day" in earn_operation["description"]


def test_the_command_sets_the_limits():
    out = io.StringIO()

    call_command(
        "create_api_key",
        "--name=Campaigns",
        "--scopes=points:write",
        "--max-points-per-call=50000",
        "--max-points-per-day=2000000",
        stdout=out,
    )

    api_key = ApiKey.objects.get()
    assert (api_key.max_points_per_call, api_key.max_points_per_day) == (50_000, 2_000_000)
    assert "50000 per call, 2000000 per day" in out.getvalue()


def test_positive_adjustments_count_toward_the_keys_limits_too(limited, member):
    def adjust(points, key):
        return limited.post(
            f"/api/v1/members/{member.pk}/points/adjust/",
            {"points": points, "reason": "Goodwill"},
            format="json",
            HTTP_IDEMPOTENCY_KEY=key,
        )

    assert_error(adjust(601, "big"), 409, "approval_required")  # over the 600 per call
    assert adjust(500, "a").status_code == 201
    assert adjust(-100, "b").status_code == 201  # a debit credits nothing
    assert earn(limited, member, 500, key="c").status_code == 201
    assert_error(earn(limited, member, 1, key="d"), 409, "approval_required")
    cache.clear()  # the day's count is rebuilt from earns and positive adjustments alike
    assert_error(adjust(1, "e"), 409, "approval_required")
    assert balance(member).available == 900
