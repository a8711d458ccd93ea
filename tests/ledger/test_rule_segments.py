"""Earning rules (campaigns included) limited to RFM segments apply to those members only."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.ledger.models import EarningRule, RuleKind
from apps.ledger.rules import NEWCOMER, applies_to, event_award
from apps.members.models import Member, RfmSegment
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _in_segment(segment: str) -> Member:
    member = MemberFactory()
    Member.objects.filter(pk=member.pk).update(rfm_segment=segment)
    member.refresh_from_db()
    return member


def test_a_rule_limited_to_segments_applies_to_their_members_only():
    campaign = EarningRule.objects.create(
        name="Win back",
        kind=RuleKind.CAMPAIGN,
        multiplier=Decimal(3),
        member_segments=[RfmSegment.AT_RISK, RfmSegment.HIBERNATING],
    )
    everyone = EarningRule.objects.create(name="All", kind=RuleKind.CAMPAIGN, multiplier=2)

    at_risk, champion, unscored = (
        _in_segment(RfmSegment.AT_RISK),
        _in_segment(RfmSegment.CHAMPIONS),
        MemberFactory(),
    )

    assert applies_to(campaign, at_risk, None)
    assert not applies_to(campaign, champion, None)
    assert not applies_to(campaign, unscored, None)
    assert not applies_to(campaign, NEWCOMER, None)
    assert all(applies_to(everyone, member, None) for member in (at_risk, champion, unscored))


def test_an_event_bonus_for_champions_goes_to_champions():
    EarningRule.objects.create(
        name="Champions' check-in",
        kind=RuleKind.CHECK_IN,
        points=50,
        member_segments=[RfmSegment.CHAMPIONS],
    )

    award = event_award(_in_segment(RfmSegment.CHAMPIONS), RuleKind.CHECK_IN)

    assert award is not None and award.points == 50
    assert event_award(_in_segment(RfmSegment.LOYAL), RuleKind.CHECK_IN) is None


def test_an_unknown_segment_is_refused_on_the_form():
    rule = EarningRule(name="Bad", kind=RuleKind.CAMPAIGN, member_segments=["vip"])

    with pytest.raises(ValidationError) as refused:
        rule.full_clean()

    assert "member_segments" in refused.value.message_dict


def test_the_admin_chooses_segments_with_checkboxes_and_keeps_a_list(admin_client):
    response = admin_client.get("/admin/ledger/earningrule/add/")
    assert 'name="member_segments" value="at_risk"' in response.content.decode()
    programme = admin_client.get("/admin/ledger/programme/add/").content.decode()
    assert 'name="re_engagement_segments" value="hibernating"' in programme

    field = response.context["adminform"].form.fields["member_segments"]

    assert field.clean(["at_risk", "lost"]) == ["at_risk", "lost"]
    with pytest.raises(ValidationError):
        field.clean(["vip"])
