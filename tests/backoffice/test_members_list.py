"""The members list: points, tier, country, customer type, segment and last activity in one
query for the page; filters and search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.ledger import services as ledger
from apps.members.models import CustomerType
from apps.tiers.models import TierStatus
from tests.factories import MemberFactory, UserFactory, make_order

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_caches")]


def members(count: int, tiers) -> list:
    made = []
    for n in range(count):
        member = MemberFactory(country="DE" if n % 2 else "FR", customer_type=CustomerType.OEM)
        ledger.earn(member=member, points=100 + n, reason="Gift", idempotency_key="g")
        TierStatus.objects.create(member=member, tier=tiers[n % 2], since=timezone.now())
        made.append(member)
    return made


def list_queries(client, query: str = "") -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/admin/members/member/{query}")
    assert response.status_code == 200
    cached = ('FROM "tiers_tier"', 'FROM "ledger_programme"')  # re-read every few seconds
    counted = [q for q in queries if not any(table in q["sql"] for table in cached)]
    return len(counted), response.content.decode()


def test_fifty_rows_take_the_queries_of_five(admin_client, tiers):
    members(5, tiers)
    list_queries(admin_client)  # caches warm
    few, _html = list_queries(admin_client)
    members(45, tiers)
    many, html = list_queries(admin_client)

    assert html.count('<tr><td class="action-checkbox">') == 50
    assert many == few, "a query per row"
    assert "Gold" in html and ">144<" in html and "Points" in html and "Last activity" in html


def test_filters_and_search(admin_client, tiers):
    made = members(4, tiers)
    vat = MemberFactory(vat_id="NL999888777B01", external_id="ERP-42", company_name="Acme BV")
    by_email = MemberFactory(user=UserFactory(email="buyer@acme.example"))
    make_order(member=made[0])

    gold = list_queries(admin_client, f"?tier_status__tier__id__exact={tiers[1].pk}")[1]
    assert gold.count('<tr><td class="action-checkbox">') == 2
    german = list_queries(admin_client, "?country__exact=DE&customer_type__exact=oem")[1]
    assert german.count('<tr><td class="action-checkbox">') == 2
    for query, found in (
        ("NL999888777B01", vat),
        ("ERP-42", vat),
        ("Acme BV", vat),
        ("buyer@acme.example", by_email),
    ):
        html = list_queries(admin_client, f"?q={query}")[1]
        assert f"/admin/members/member/{found.pk}/change/" in html, query
