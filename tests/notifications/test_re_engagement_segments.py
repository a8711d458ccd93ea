"""The re-engagement email targets the RFM segments the programme chose: their quiet members
with any points are emailed whatever their balance; other quiet members only above the "at
risk" balance, as before."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.ledger import services as ledger
from apps.ledger.models import Programme
from apps.members.models import Member, RfmSegment
from apps.notifications.models import Kind, Notification
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _member(name: str, points: int, segment: str) -> Member:
    member = MemberFactory(company_name=name, marketing_consent=True)
    if points:
        ledger.earn(member=member, points=points, reason="Order", idempotency_key="o")
    Member.objects.filter(pk=member.pk).update(rfm_segment=segment)
    return member


def _emailed(as_of) -> set[str]:
    with open("/dev/null", "w") as quiet:
        call_command("re_engage_members", "--as-of", as_of.isoformat(), stdout=quiet)
    return set(
        Notification.objects.filter(kind=Kind.RE_ENGAGEMENT).values_list(
            "member__company_name", flat=True
        )
    )


def test_the_chosen_segments_quiet_members_with_points_are_re_engaged():
    _member("hibernating, 100 points", 100, RfmSegment.HIBERNATING)
    _member("hibernating, no points", 0, RfmSegment.HIBERNATING)
    _member("loyal, 100 points", 100, RfmSegment.LOYAL)
    _member("loyal, 3000 points", 3000, RfmSegment.LOYAL)
    programme = Programme.current()
    programme.re_engagement_segments = [RfmSegment.HIBERNATING, RfmSegment.LOST]
    programme.save()
    Programme.forget_cached()
    now = timezone.now()

    assert _emailed(now + timedelta(days=89)) == set()
    assert _emailed(now + timedelta(days=91)) == {"hibernating, 100 points", "loyal, 3000 points"}


def test_without_chosen_segments_only_the_balance_rule_applies():
    _member("hibernating, 100 points", 100, RfmSegment.HIBERNATING)
    _member("lost, 2500 points", 2500, RfmSegment.LOST)

    assert _emailed(timezone.now() + timedelta(days=91)) == {"lost, 2500 points"}
