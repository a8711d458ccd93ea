"""The periodic jobs, run for a given moment with --as-of: expiring points, birthdays,
re-engagement. Running a job twice tells nobody twice."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from apps.ledger import services as ledger
from apps.ledger.models import EarningRule, LedgerEntry, RuleKind
from apps.notifications.models import EmailStatus, Kind, Notification
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def run(command: str, as_of: str, capture) -> None:
    with capture(execute=True):
        call_command(command, "--as-of", as_of, stdout=open("/dev/null", "w"))  # noqa: SIM115


def notifications(kind: str):
    return Notification.objects.filter(kind=kind).order_by("pk")


# --- expiring points ---------------------------------------------------------------------------


@pytest.fixture
def points_expiring_end_of_march(db):
    """A German member whose 1,500 points can be used through 31 March 2027 (Berlin)."""
    member = MemberFactory(preferred_language="de", timezone="Europe/Berlin")
    ledger.earn(
        member=member,
        points=1500,
        reason="Order",
        idempotency_key="order",
        expires_at=datetime(2027, 4, 1, tzinfo=BERLIN),
    )
    ledger.earn(
        member=member, points=70, reason="Never expires", idempotency_key="k", expires_at=None
    )
    return member


def test_expiring_points_are_announced_30_and_7_days_ahead_once_each(
    points_expiring_end_of_march, smtp_server, django_capture_on_commit_callbacks
):
    member = points_expiring_end_of_march

    run("remind_expiring_points", "2027-02-27", django_capture_on_commit_callbacks)  # 32 days
    assert not notifications(Kind.POINTS_EXPIRING).exists()

    for _twice in range(2):
        run("remind_expiring_points", "2027-03-02", django_capture_on_commit_callbacks)
        run("remind_expiring_points", "2027-03-03", django_capture_on_commit_callbacks)
    (thirty,) = notifications(Kind.POINTS_EXPIRING)
    assert thirty.context == {"points": 1500, "days": 30, "last_day": "2027-03-31"}

    for _twice in range(2):
        run("remind_expiring_points", "2027-03-25", django_capture_on_commit_callbacks)
    assert [n.context["days"] for n in notifications(Kind.POINTS_EXPIRING)] == [30, 7]

    received = smtp_server.wait_for(2)
    assert len(received) == 2
    assert all(r.envelope_to == [member.user.email] for r in received)
    with translation.override("de"):
        expected = translation.gettext("%(points)s points expire on %(date)s") % {
            "points": "1.500",
            "date": "31. März 2027",
        }
    assert received[0].subject == expected
    assert "31. März 2027" in received[1].html  # Django's own German month names


def test_spent_points_are_not_announced_as_expiring(
    points_expiring_end_of_march, django_capture_on_commit_callbacks
):
    ledger.spend(
        member=points_expiring_end_of_march, points=1500, reason="Reward", idempotency_key="s"
    )

    run("remind_expiring_points", "2027-03-25", django_capture_on_commit_callbacks)

    assert not notifications(Kind.POINTS_EXPIRING).exists()


# --- birthdays ---------------------------------------------------------------------------------


@pytest.fixture
def birthday_rule(db):
    return EarningRule.objects.create(name_en="Birthday gift", kind=RuleKind.BIRTHDAY, points=300)


def birthday_points(member) -> list[str]:
    return list(
        LedgerEntry.objects.filter(account__member=member, source__startswith="birthday:")
        .order_by("pk")
        .values_list("idempotency_key", flat=True)
    )


def test_birthdays_come_at_midnight_in_the_members_own_time_zone_once_a_year(
    birthday_rule, smtp_server, django_capture_on_commit_callbacks
):
    born = datetime(1990, 3, 5).date()
    tokyo = MemberFactory(timezone="Asia/Tokyo", birthday=born, marketing_consent=True)
    los_angeles = MemberFactory(
        timezone="America/Los_Angeles",
        birthday=born,
        preferred_language="ar",
        marketing_consent=True,
    )

    run("celebrate_birthdays", "2027-03-04T14:59:00+00:00", django_capture_on_commit_callbacks)
    assert birthday_points(tokyo) == []  # 23:59 on 4 March in Tokyo

    for _twice in range(2):  # 00:30 on 5 March in Tokyo, still 4 March in Los Angeles
        run("celebrate_birthdays", "2027-03-04T15:30:00+00:00", django_capture_on_commit_callbacks)
    assert birthday_points(tokyo) == ["birthday:2027"]
    assert birthday_points(los_angeles) == []

    run("celebrate_birthdays", "2027-03-05T08:30:00+00:00", django_capture_on_commit_callbacks)
    run("celebrate_birthdays", "2027-03-05T14:00:00+00:00", django_capture_on_commit_callbacks)
    assert birthday_points(los_angeles) == ["birthday:2027"]
    assert birthday_points(tokyo) == ["birthday:2027"]

    run("celebrate_birthdays", "2028-03-04T15:30:00+00:00", django_capture_on_commit_callbacks)
    assert birthday_points(tokyo) == ["birthday:2027", "birthday:2028"]

    greetings = notifications(Kind.BIRTHDAY)
    assert [(n.member_id, n.context["year"]) for n in greetings] == [
        (tokyo.pk, 2027),
        (los_angeles.pk, 2027),
        (tokyo.pk, 2028),
    ]
    assert not Notification.objects.filter(kind=Kind.POINTS_EARNED).exists()  # one message
    received = smtp_server.wait_for(3)
    arabic = next(r for r in received if r.envelope_to == [los_angeles.user.email])
    assert '<html lang="ar" dir="rtl">' in arabic.html
    with translation.override("ar"):
        assert arabic.subject == translation.gettext("Happy birthday!")
        assert (
            translation.gettext("Our gift: %(points)s points are in your account.")
            % {"points": "\u2066300\u2069"}  # isolated in the right-to-left text
            in arabic.text
        )


def test_leap_day_birthdays_are_celebrated_on_28_february(
    birthday_rule, django_capture_on_commit_callbacks
):
    member = MemberFactory(birthday=datetime(2000, 2, 29).date())

    run("celebrate_birthdays", "2027-02-28T12:00:00+00:00", django_capture_on_commit_callbacks)
    run("celebrate_birthdays", "2027-03-01T12:00:00+00:00", django_capture_on_commit_callbacks)

    assert birthday_points(member) == ["birthday:2027"]


def test_birthday_greeting_without_marketing_consent_stays_in_the_inbox(
    birthday_rule, smtp_server, django_capture_on_commit_callbacks
):
    member = MemberFactory(birthday=datetime(1985, 7, 1).date(), marketing_consent=False)

    run("celebrate_birthdays", "2027-07-01T10:00:00+00:00", django_capture_on_commit_callbacks)

    greeting = Notification.objects.get(member=member, kind=Kind.BIRTHDAY)
    assert greeting.email_status == EmailStatus.SKIPPED
    assert birthday_points(member) == ["birthday:2027"]  # the gift does not depend on consent
    assert smtp_server.received == []


# --- re-engagement -----------------------------------------------------------------------------


def test_members_with_a_high_balance_and_90_quiet_days_are_re_engaged_once(
    exchange_rates, smtp_server, django_capture_on_commit_callbacks
):
    quiet = MemberFactory(preferred_language="de", preferred_currency="EUR", marketing_consent=True)
    small = MemberFactory(marketing_consent=True)
    ledger.earn(member=quiet, points=5000, reason="Order", idempotency_key="o", expires_at=None)
    ledger.earn(member=small, points=1999, reason="Order", idempotency_key="o", expires_at=None)
    now = timezone.now()

    run(
        "re_engage_members",
        (now + timedelta(days=89)).isoformat(),
        django_capture_on_commit_callbacks,
    )
    assert not notifications(Kind.RE_ENGAGEMENT).exists()

    for _twice in range(2):
        later = (now + timedelta(days=91)).isoformat()
        run("re_engage_members", later, django_capture_on_commit_callbacks)

    (notification,) = notifications(Kind.RE_ENGAGEMENT)
    assert notification.member == quiet
    assert notification.context["balance"] == 5000
    assert notification.context["value"] == {"amount": "46.00", "currency": "EUR"}
    (received,) = smtp_server.wait_for(1)
    assert "5.000" in received.subject
    assert "46,00\u00a0€" in received.text  # 50 USD at 0.92, German format


def test_activity_starts_a_new_quiet_spell(django_capture_on_commit_callbacks):
    member = MemberFactory(marketing_consent=True)
    ledger.earn(member=member, points=3000, reason="Order", idempotency_key="o", expires_at=None)
    start = timezone.now()
    run(
        "re_engage_members",
        (start + timedelta(days=91)).isoformat(),
        django_capture_on_commit_callbacks,
    )

    member.user.last_login = start + timedelta(days=100)
    member.user.save(update_fields=["last_login"])
    run(
        "re_engage_members",
        (start + timedelta(days=150)).isoformat(),
        django_capture_on_commit_callbacks,
    )
    run(
        "re_engage_members",
        (start + timedelta(days=191)).isoformat(),
        django_capture_on_commit_callbacks,
    )

    keys = list(notifications(Kind.RE_ENGAGEMENT).values_list("dedupe_key", flat=True))
    assert keys == [
        f"re-engagement:{member.pk}:{start.astimezone(UTC):%Y-%m-%d}",
        f"re-engagement:{member.pk}:{(start + timedelta(days=100)).astimezone(UTC):%Y-%m-%d}",
    ]
