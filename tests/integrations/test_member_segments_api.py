"""RFM segments through the API: the member's representation and ``?rfm_segment=``."""

import pytest
from django.utils import timezone

from apps.members.models import Member, RfmSegment
from tests.factories import MemberFactory

from .conftest import assert_error

pytestmark = pytest.mark.django_db


def _scored(segment: str, score: int) -> Member:
    member = MemberFactory()
    Member.objects.filter(pk=member.pk).update(
        rfm_segment=segment,
        rfm_recency=score,
        rfm_frequency=score,
        rfm_monetary=score,
        rfm_scored_at=timezone.now(),
    )
    return member


def test_members_are_filtered_by_rfm_segment(api):
    champion = _scored(RfmSegment.CHAMPIONS, 5)
    _scored(RfmSegment.LOST, 1)
    MemberFactory()  # not scored yet

    response = api.get("/api/v1/members/", {"rfm_segment": "champions"})

    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [row["id"] for row in results] == [champion.pk]
    row = results[0]
    assert (row["rfm_segment"], row["rfm_recency"], row["rfm_frequency"]) == ("champions", 5, 5)
    assert row["rfm_monetary"] == 5 and row["rfm_scored_at"].endswith("Z")


def test_an_unscored_member_has_a_blank_segment_and_no_scores(api):
    member = MemberFactory()

    body = api.get(f"/api/v1/members/{member.pk}/").json()

    assert body["rfm_segment"] == "" and body["rfm_scored_at"] is None
    assert body["rfm_recency"] is body["rfm_frequency"] is body["rfm_monetary"] is None


def test_an_unknown_segment_is_refused(api):
    assert_error(api.get("/api/v1/members/", {"rfm_segment": "vip"}), 400, "invalid")


def test_the_segment_cannot_be_written(api):
    member = _scored(RfmSegment.LOST, 1)

    api.patch(f"/api/v1/members/{member.pk}/", {"rfm_segment": "champions"}, format="json")

    member.refresh_from_db()
    assert member.rfm_segment == RfmSegment.LOST
