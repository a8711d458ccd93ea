"""The unfiltered dashboard's stored figures (``analytics.stored``, issue #23): exactly what the
page computes live, for every period it offers, on a history of closed days and today; shown
"as of" their moment; an earn, a spend and an expiry after they were stored appear after the
next refresh (the staff button), and not before."""

from datetime import UTC, date, datetime, timedelta

import pytest

from apps.analytics import stored
from apps.analytics.dashboard import PERIOD_CHOICES, Filters, Period, programme_dashboard
from apps.analytics.models import StoredDashboard
from apps.analytics.rollups import close_day, day_bounds, live_figures
from apps.ledger import services
from apps.ledger.jobs import expire_due_lots
from apps.members.models import Referral
from apps.tiers.models import Tier, TierChange, TierStatus
from tests.analytics.test_dashboard_page import staff_member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 20)
DAYS = 12


def at(day: date, hour: int) -> datetime:
    return day_bounds(day).start + timedelta(hours=hour)


@pytest.fixture
def history(clock):
    """Twelve closed days of earns, spends, tier moves and a referral by six members in two
    countries, then a morning of today."""
    clock.set(at(TODAY - timedelta(days=DAYS), 8))
    tiers = [Tier.objects.create(name=f"T{rank}", rank=rank) for rank in (1, 2)]
    members = [
        MemberFactory(country=("DE", "JP")[n % 2], preferred_currency=("USD", "EUR")[n % 2])
        for n in range(6)
    ]
    Referral.objects.create(referrer=members[0], referred=members[1], created_at=clock())
    for offset in range(DAYS):
        day = TODAY - timedelta(days=DAYS - offset)
        for n, member in enumerate(members):
            if (offset + n) % 3:
                continue
            clock.set(at(day, 9 + n))
            services.earn(
                member=member,
                points=100 + 10 * n + offset,
                reason="order",
                idempotency_key=f"earn-{offset}-{n}",
                expires_at=at(TODAY, 13) if n == 2 else None,
            )
            if offset % 2:
                services.spend(
                    member=member,
                    points=30,
                    reason="reward",
                    idempotency_key=f"spend-{offset}-{n}",
                    source=f"redemption:{offset}{n}",
                )
            tier = tiers[(offset + n) % 2]
            previous = TierStatus.objects.filter(member=member).first()
            TierStatus.objects.update_or_create(
                member=member, defaults={"tier": tier, "since": clock()}
            )
            TierChange.objects.create(
                member=member,
                from_tier=previous.tier if previous else None,
                to_tier=tier,
                reason="r",
                created_at=clock(),
            )
        clock.set(day_bounds(day).end)
        close_day(day)
    clock.set(at(TODAY, 10))
    services.earn(member=members[3], points=77, reason="today", idempotency_key="today")
    clock.set(at(TODAY, 10) + timedelta(minutes=30))  # (figures count what came before now)
    return members


def computed_live(filters: Filters):
    return programme_dashboard(filters, live=lambda day: live_figures(day))


def test_the_stored_figures_are_the_live_ones_for_every_period(history):
    stored.compute()

    for days in PERIOD_CHOICES:
        filters = Filters(Period.last_days(days, today=TODAY))
        kept = stored.for_filters(filters, today=TODAY)
        assert kept is not None, days
        from_store = programme_dashboard(filters, live=kept.live, whole=kept.whole)
        assert from_store == computed_live(filters), days
    week = computed_live(Filters(Period.last_days(7, today=TODAY)))
    assert week.members_active.current and week.tier_distribution and week.liability
    # Filtered views and other days are not stored: computed in the request.
    country = Filters(Period.last_days(30, today=TODAY), country="DE")
    assert stored.for_filters(country, today=TODAY) is None
    assert stored.for_filters(Filters(Period(TODAY, TODAY)), today=TODAY) is None
    assert (
        stored.for_filters(
            Filters(Period.last_days(7, today=TODAY)), today=TODAY + timedelta(days=1)
        )
        is None
    )


def test_an_earn_a_spend_and_an_expiry_after_storing_appear_after_the_next_refresh(
    client, history, clock
):
    client.force_login(staff_member("view_programme_dashboard"))
    stored.compute()
    as_of = StoredDashboard.objects.get().as_of
    before = client.get("/admin/", {"period": "7"}).context["dashboard"]

    clock.set(at(TODAY, 14))
    services.earn(member=history[0], points=500, reason="late", idempotency_key="late-earn")
    services.spend(member=history[0], points=40, reason="late", idempotency_key="late-spend")
    expire_due_lots(as_of=clock(), now=clock())  # member 2's lots were due at 13:00
    clock.set(at(TODAY, 14) + timedelta(minutes=5))
    page = client.get("/admin/", {"period": "7"})
    assert page.context["as_of"] == as_of
    assert page.context["dashboard"] == before  # still the stored figures, as of 10:00
    assert "Figures as of 10:30" in page.content.decode()

    refreshed = client.post("/admin/dashboard/refresh/", {"query": "period=7"})

    assert refreshed.status_code == 302
    assert refreshed["Location"] == "/admin/?period=7"
    page = client.get("/admin/", {"period": "7"})
    after = page.context["dashboard"]
    assert page.context["as_of"] == clock()
    assert after.points_issued.current == before.points_issued.current + 500
    assert after.points_redeemed.current == before.points_redeemed.current + 40
    assert after.points_expired.current > before.points_expired.current
    assert after == computed_live(Filters(Period.last_days(7, today=TODAY)))


def test_the_beat_task_refreshes_only_while_the_dashboard_is_read(history, clock):
    from django.core.cache import cache

    cache.delete(stored.WANTED_KEY)
    assert stored.refresh() is True  # nothing stored for today yet
    assert stored.refresh() is False  # stored today, nobody reading
    stored.mark_wanted()
    assert stored.refresh() is True
    clock.set(at(TODAY + timedelta(days=1), 0) + timedelta(minutes=5))
    cache.delete(stored.WANTED_KEY)
    assert stored.refresh() is True  # a new day: yesterday's figures are not used
    assert StoredDashboard.objects.get().day == TODAY + timedelta(days=1)
    assert datetime(2026, 3, 21, tzinfo=UTC) <= StoredDashboard.objects.get().as_of


def test_only_staff_who_may_see_the_dashboard_can_ask_for_a_refresh(client):
    client.force_login(staff_member("view_member"))

    assert client.post("/admin/dashboard/refresh/").status_code == 403
    assert client.get("/admin/dashboard/refresh/").status_code == 405
    assert not StoredDashboard.objects.exists()
