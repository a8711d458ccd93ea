"""The member 360: a member's admin page shows every domain's rows about them, in a fixed
number of queries, and the actions staff take there."""

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.roles import MANAGER
from apps.ledger import reasons
from apps.ledger import services as ledger
from apps.ledger.models import AdjustmentRequest, Programme
from apps.notifications.models import EmailStatus, Notification
from apps.tiers.models import TierChange, TierStatus
from tests.factories import MemberFactory

from .conftest import fill_history, staff_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_caches")]


# Rows each process re-reads every few seconds (a slow test run may or may not re-read them).
CACHED = ('FROM "tiers_tier"', 'FROM "ledger_programme"')


def page_queries(client, member) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/admin/members/member/{member.pk}/change/")
    assert response.status_code == 200
    counted = [q for q in queries if not any(table in q["sql"] for table in CACHED)]
    return len(counted), response.content.decode()


def test_the_page_shows_every_section_in_the_same_queries_for_a_long_history(admin_client, tiers):
    short, long = MemberFactory(), MemberFactory()
    fill_history(short, 1, tiers)
    fill_history(long, 12, tiers)

    page_queries(admin_client, short)  # caches warm (the programme, tiers, the session)
    few, _html = page_queries(admin_client, short)
    many, html = page_queries(admin_client, long)

    assert many == few, "a query per row"
    for section in (
        "Points and tier",
        "Points history",
        "Open lots",
        "Orders",
        "Redemptions",
        "Referrals",
        "Notifications sent",
        "Tier changes",
    ):
        assert f">{section}</h2>" in html
    assert 'data-testid="available"><span class="figure"><bdi dir="ltr">1,080</bdi>' in html
    assert "Reason 11" in html and "Free sample" in html


def test_the_ledger_is_newest_first_and_paged(admin_client, tiers):
    member = MemberFactory()
    for n in range(30):
        ledger.earn(member=member, points=n + 1, reason=f"Gift {n}", idempotency_key=f"g{n}")
    first = admin_client.get(f"/admin/members/member/{member.pk}/change/").content.decode()
    second = admin_client.get(
        f"/admin/members/member/{member.pk}/change/?entries=2"
    ).content.decode()
    assert first.index("Gift 29") < first.index("Gift 28") and "Gift 4<" not in first
    assert "Gift 4<" in second and "Gift 29" not in second


def test_reasons_are_shown_in_the_reader_s_language(admin_client, customer):
    ledger.earn(
        member=customer,
        points=50,
        reason=reasons.written(reasons.DEMO_POINTS),
        idempotency_key="demo",
    )
    url = f"/admin/members/member/{customer.pk}/change/"
    english = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    german = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<td>Demo points</td>" in english
    assert "<td>Demo-Punkte</td>" in german


def test_adjusting_shows_the_threshold_and_refuses_an_overdraft_on_the_form(customer):
    client = staff_client(MANAGER)
    url = f"/admin/members/member/{customer.pk}/adjust/"
    Programme.objects.update(adjustment_approval_threshold=5000)
    Programme.forget_cached()

    page = client.get(url).content.decode()
    assert 'beyond <bdi dir="ltr">5,000</bdi> points' in page

    refused = client.post(url, {"points": "-5000", "reason": "Duplicate"})
    assert refused.status_code == 200
    assert "The member has only" in refused.content.decode()
    assert not AdjustmentRequest.objects.exists()

    applied = client.post(url, {"points": "-30", "reason": "Duplicate"})
    assert applied.status_code == 302
    assert AdjustmentRequest.objects.get().status == "applied"


def test_setting_the_tier_by_hand_with_a_date(customer, tiers):
    client = staff_client(MANAGER)
    response = client.post(
        f"/admin/members/member/{customer.pk}/set-tier/",
        {"tier": tiers[1].pk, "reason": "Trade fair", "keep_until": "2099-12-31"},
    )
    assert response.status_code == 302
    status = TierStatus.objects.get(member=customer)
    assert status.tier == tiers[1] and status.set_by_hand
    assert status.pinned_until.year == 2100  # the end of the chosen day
    change = TierChange.objects.filter(member=customer).first()
    assert change.reason == "Trade fair" and change.changed_by.email == "manager@example.com"
    html = client.get(f"/admin/members/member/{customer.pk}/change/").content.decode()
    assert "set by hand, kept until" in html

    empty = client.post(f"/admin/members/member/{customer.pk}/set-tier/", {"tier": tiers[0].pk})
    assert empty.status_code == 200 and "This field is required" in empty.content.decode()


def test_resending_an_email(customer, django_capture_on_commit_callbacks):
    client = staff_client(MANAGER)
    notification = Notification.objects.get(member=customer)
    url = f"/admin/members/member/{customer.pk}/resend/{notification.pk}/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks() as callbacks:
        assert client.post(url).status_code == 302
    assert len(callbacks) == 1  # the delivery, queued after commit
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.PENDING
    logged = LogEntry.objects.get(object_id=str(notification.pk))
    assert logged.user.email == "manager@example.com"
    other = MemberFactory()
    assert (
        client.get(f"/admin/members/member/{other.pk}/resend/{notification.pk}/").status_code == 404
    )


def test_a_new_member_without_points_or_tier_has_a_page_too(admin_client):
    member = MemberFactory()
    html = admin_client.get(f"/admin/members/member/{member.pk}/change/").content.decode()
    assert "No points movements yet." in html and "No tier changes yet." in html
