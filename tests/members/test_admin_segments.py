"""The members list in the admin shows each member's RFM segment and filters on it."""

import pytest

from apps.members.models import Member, RfmSegment
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_the_members_list_filters_by_rfm_segment(admin_client):
    champion = MemberFactory(company_name="Champion GmbH")
    lost = MemberFactory(company_name="Lost Ltd")
    Member.objects.filter(pk=champion.pk).update(rfm_segment=RfmSegment.CHAMPIONS)
    Member.objects.filter(pk=lost.pk).update(rfm_segment=RfmSegment.LOST)

    response = admin_client.get("/admin/members/member/", {"rfm_segment__exact": "champions"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Champion GmbH" in page and "Lost Ltd" not in page
    assert "By RFM segment" in page or "RFM segment" in page


def test_staff_see_the_segment_on_a_member_but_cannot_change_it(admin_client):
    member = MemberFactory()
    Member.objects.filter(pk=member.pk).update(rfm_segment=RfmSegment.LOYAL, rfm_recency=4)

    page = admin_client.get(f"/admin/members/member/{member.pk}/change/").content.decode()

    assert "Loyal" in page
    assert 'name="rfm_segment"' not in page and 'name="rfm_recency"' not in page
