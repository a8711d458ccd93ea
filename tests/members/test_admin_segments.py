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
