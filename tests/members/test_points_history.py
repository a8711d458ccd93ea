"""Points history: an order's points are marked pending with the day they become available (in
the reader's language and the member's time zone), then available, clawed back or expired."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from apps.ledger import services
from apps.ledger.jobs import expire_due_lots, release_due_lots
from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_caches")]

# 23:30 UTC is already the next day in Tokyo.
RELEASE = datetime(2099, 1, 14, 23, 30, tzinfo=UTC)
TOKYO = ZoneInfo("Asia/Tokyo")


def in_tokyo(moment: datetime) -> str:
    """The day of ``moment`` in Tokyo, as English pages write dates ("Jan. 15, 2099")."""
    return date_format(moment.astimezone(TOKYO), "DATE_FORMAT")


@pytest.fixture
def tokyo(client):
    member = MemberFactory(timezone="Asia/Tokyo")
    client.force_login(member.user)
    return member


def order_points(member, points=120, *, available_at=RELEASE, key="order", **more):
    return services.earn(
        member=member,
        points=points,
        reason="Order ORD-1001",
        idempotency_key=key,
        source=f"{key}:1",
        available_at=available_at,
        **more,
    )


def row_of(page: str, text: str) -> str:
    """The history table's row that mentions ``text`` (tags removed, spaces squeezed)."""
    rows = re.findall(r"<tr[^>]*>.*?</tr>", page, flags=re.S)
    (row,) = [r for r in rows if text in r]
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def test_pending_order_points_say_when_they_become_available(client, tokyo):
    order_points(tokyo)
    services.earn(member=tokyo, points=500, reason="Welcome bonus", idempotency_key="welcome")

    page = client.get("/en/member/points/").content.decode()
    german = client.get("/de/member/points/").content.decode()
    arabic = client.get("/ar/member/points/").content.decode()

    assert "Pending: available on Jan. 15, 2099" in row_of(page, "ORD-1001")
    assert 'data-testid="entry-pending"' not in row_of(page, "Welcome bonus")
    assert "15. Januar 2099" in row_of(german, "ORD-1001")
    assert "2099" in row_of(arabic, "ORD-1001") and "Jan." not in row_of(arabic, "ORD-1001")
    # The overview's latest activity says the same.
    dashboard = client.get("/en/member/").content.decode()
    assert "Pending: available on Jan. 15, 2099" in row_of(dashboard, "ORD-1001")


def test_released_points_say_since_when_they_are_available(client, tokyo):
    release = timezone.now() + timedelta(days=14)
    order_points(tokyo, available_at=release)

    release_due_lots(as_of=release + timedelta(hours=1), now=timezone.now())
    row = row_of(client.get("/en/member/points/").content.decode(), "ORD-1001")

    assert "Pending" not in row
    assert f"Available since {in_tokyo(release)}" in row


def test_points_clawed_back_by_a_refund_are_shown_on_the_entry_and_as_their_own_line(client, tokyo):
    order_points(tokyo, points=300)
    services.clawback(
        member=tokyo,
        points=120,
        reason="Refund of order ORD-1001",
        idempotency_key="refund",
        source="order:1",
    )

    page = client.get("/en/member/points/").content.decode()

    earned = row_of(page, "Order ORD-1001")
    assert "120 points clawed back (refund)" in earned
    assert "Pending: available on Jan. 15, 2099" in earned  # the 180 left still wait
    assert "Clawed back · Refund of order ORD-1001" in row_of(page, "Refund of")


def test_expired_points_say_how_many_and_when(client, tokyo):
    expiry = timezone.now() + timedelta(days=30)
    services.earn(
        member=tokyo, points=1, reason="Check-in", idempotency_key="one", expires_at=expiry
    )
    services.earn(
        member=tokyo, points=250, reason="Review bonus", idempotency_key="e", expires_at=expiry
    )

    expire_due_lots(as_of=expiry + timedelta(minutes=1), now=timezone.now())
    page = client.get("/en/member/points/").content.decode()

    assert f"250 points expired on {in_tokyo(expiry)}" in row_of(page, "Review bonus")
    assert "1 point expired on" in row_of(page, "Check-in")
    assert 'data-testid="entry-expire"' in page


def test_history_lines_cost_one_query_whatever_their_number(
    client, tokyo, django_assert_max_num_queries
):
    order_points(tokyo, key="first")
    client.get("/en/member/points/")
    with django_assert_max_num_queries(30) as few:
        client.get("/en/member/points/")
    for n in range(20):
        order_points(tokyo, key=f"order{n}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/member/points/")


def test_another_members_pending_points_are_not_mine(client, tokyo):
    order_points(MemberFactory(), key="theirs")

    page = client.get("/en/member/points/").content.decode()

    assert "ORD-1001" not in page and 'data-testid="entry-pending"' not in page
