"""RFM scoring (``analytics.segments``): quintiles computed by hand on a small data set with
ties, members without orders, a closed account, the programme's "at risk" rule, and a second
run that changes nothing."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command

from apps.analytics.segments import GRID, members_by_segment, score_members, segment_for
from apps.ledger import services as ledger
from apps.members.models import Member, RfmSegment
from apps.orders.models import Order, OrderStatus
from tests.factories import MemberFactory, make_order

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
JOINED = NOW - timedelta(days=700)

# Ten buyers: (days since each paid order, amount of each order in USD).
BUYERS = {
    "b0": [(300, "100")],
    "b1": [(200, None)],  # one order of 10,000 EUR at 2 EUR per USD: 5,000 in the base currency
    "b2": [(2, "50")],
    "b3": [(100, "700")],
    "b4": [(50, "150"), (60, "150")],
    "b5": [(50, "100"), (70, "200")],  # ties b4 on recency and spend
    "b6": [(150, "300"), (160, "300"), (170, "300")],
    "b7": [(10, "1000"), (20, "500"), (30, "500")],
    "b8": [(30, "500"), (40, "500"), (50, "500")],
    "b9": [(5, "2500"), (15, "2500"), (25, "2500"), (35, "2500")],
}
# By hand, n = 10, score = 1 + floor(5 (rank - 1) / 10) with RANK() (ties share the lower one).
# frequency: 1 order (b0-b3) rank 1 -> 1; 2 orders (b4, b5) rank 5 -> 3; 3 orders (b6-b8)
# rank 7 -> 4; 4 orders (b9) rank 10 -> 5.
# recency, most days first: b0 300 r1, b1 200 r2, b6 150 r3, b3 100 r4, b4/b5 50 r5, b8 30 r7,
# b7 10 r8, b9 5 r9, b2 2 r10.
# monetary, smallest first: b2 50 r1, b0 100 r2, b4/b5 300 r3, b3 700 r5, b6 900 r6,
# b8 1500 r7, b7 2000 r8, b1 5000 r9, b9 10000 r10.
EXPECTED = {
    # name: (recency, frequency, monetary, segment)
    "b0": (1, 1, 1, RfmSegment.LOST),
    "b1": (1, 1, 5, RfmSegment.AT_RISK),
    "b2": (5, 1, 1, RfmSegment.NEW),
    "b3": (2, 1, 3, RfmSegment.HIBERNATING),
    "b4": (3, 3, 2, RfmSegment.NEEDS_ATTENTION),
    "b5": (3, 3, 2, RfmSegment.NEEDS_ATTENTION),
    "b6": (2, 4, 3, RfmSegment.AT_RISK),
    "b7": (4, 4, 4, RfmSegment.LOYAL),
    "b8": (4, 4, 4, RfmSegment.LOYAL),
    "b9": (5, 5, 5, RfmSegment.CHAMPIONS),
}


def _paid(member, days_ago: int, amount: str | None, *, status=OrderStatus.PAID) -> Order:
    if amount is None:
        order = make_order(member=member, currency="EUR", rate="2", lines=((Decimal(10000), 1),))
    else:
        order = make_order(member=member, lines=((Decimal(amount), 1),))
    moment = NOW - timedelta(days=days_ago)
    Order.objects.filter(pk=order.pk).update(status=status, paid_at=moment, placed_at=moment)
    return order


@pytest.fixture
def members(clock):
    clock.set(JOINED)
    made = {name: MemberFactory(company_name=name) for name in BUYERS}
    for name, orders in BUYERS.items():
        for days_ago, amount in orders:
            _paid(made[name], days_ago, amount)
    # Not counted: b0's refunded order two days ago, b2's unpaid one.
    _paid(made["b0"], 2, "9999", status=OrderStatus.REFUNDED)
    Order.objects.filter(pk=make_order(member=made["b2"]).pk).update(placed_at=NOW)
    for name in ("sleeper", "old buyer", "closed", "hoarder"):
        made[name] = MemberFactory(company_name=name)
    _paid(made["old buyer"], 400, "5000")  # before the 12 months
    _paid(made["closed"], 20, "5000")
    Member.objects.filter(pk=made["closed"].pk).update(closed_at=NOW - timedelta(days=1))
    # The programme's "at risk": 5,000 points (at least 2,000) and nothing since.
    ledger.earn(member=made["hoarder"], points=5000, reason="seed", idempotency_key="seed")
    clock.set(NOW - timedelta(days=10))
    made["newcomer"] = MemberFactory(company_name="newcomer")
    clock.set(NOW)
    Member.objects.exclude(pk=made["newcomer"].pk).update(created_at=JOINED)
    return made


def scores(name: str) -> tuple:
    member = Member.objects.get(company_name=name)
    return (member.rfm_recency, member.rfm_frequency, member.rfm_monetary, member.rfm_segment)


def test_quintiles_and_segments_are_those_computed_by_hand(members):
    assert score_members(as_of=NOW) == Member.objects.count()

    for name, expected in EXPECTED.items():
        assert scores(name) == expected, name
    assert scores("newcomer") == (None, None, None, RfmSegment.NEW)
    assert scores("sleeper") == (None, None, None, RfmSegment.LOST)
    assert scores("old buyer") == (None, None, None, RfmSegment.LOST)
    assert scores("hoarder") == (None, None, None, RfmSegment.AT_RISK)
    assert scores("closed") == (None, None, None, "")
    assert set(Member.objects.values_list("rfm_scored_at", flat=True)) == {NOW}


def test_the_grid_names_every_segment_and_gives_the_segments_found(members):
    score_members(as_of=NOW)
    for recency, frequency, monetary, segment in EXPECTED.values():
        assert segment_for(recency=recency, frequency=frequency, monetary=monetary) == segment
    assert {segment for row in GRID.values() for segment in row} == set(RfmSegment)


def test_a_second_run_changes_nothing(members, clock):
    score_members(as_of=NOW)
    before = list(Member.objects.order_by("pk").values())
    clock.set(NOW + timedelta(hours=1))

    score_members(as_of=NOW)

    assert list(Member.objects.order_by("pk").values()) == before


def test_a_changed_segment_marks_the_member_updated(members, clock):
    score_members(as_of=NOW)
    sleeper = Member.objects.get(company_name="sleeper")
    quiet = Member.objects.get(company_name="b0")
    later = NOW + timedelta(days=1)
    clock.set(later)
    _paid(quiet, 0, "100000")  # b0 now ordered today, for a lot

    score_members(as_of=later)

    quiet.refresh_from_db()
    sleeper.refresh_from_db()
    assert quiet.updated_at == later and quiet.rfm_segment != RfmSegment.LOST
    assert sleeper.updated_at != later and sleeper.rfm_scored_at == later


def test_command_scores_and_counts(members, capsys):
    call_command("score_members", "--as-of", NOW.isoformat())

    out = capsys.readouterr().out
    assert f"Scored {Member.objects.count()} members" in out
    assert "  loyal: 2" in out
    counts = dict(members_by_segment())
    assert counts[RfmSegment.AT_RISK] == 3 and counts[RfmSegment.LOST] == 3
    assert counts[RfmSegment.NEW] == 2 and "" not in counts


def test_the_dashboard_counts_members_by_segment(members, admin_client):
    score_members(as_of=NOW)

    page = admin_client.get("/admin/").content.decode()

    table = page.split('data-testid="table-segments"')[1].split("</table>")[0]
    cells = re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', table)
    rows = {label: re.sub(r"<[^>]+>", "", count) for label, count in cells}
    assert rows["Champions"] == "1" and rows["At risk"] == "3" and rows["Promising"] == "0"


def test_the_nightly_task_scores_everyone(members):
    from apps.analytics.tasks import score_members as nightly

    assert nightly.apply().get() == Member.objects.count()
    assert not Member.objects.filter(rfm_scored_at__isnull=True).exists()
