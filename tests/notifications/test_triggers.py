"""Domain events become notifications (and emails) in the member's language, once per event."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation

from apps.ledger import services as ledger
from apps.ledger.events import PointsEarned
from apps.ledger.models import EarningRule, RuleKind
from apps.members.models import Referral
from apps.members.services import register_member
from apps.notifications.models import EmailStatus, Kind, Notification
from apps.notifications.triggers import points_earned
from apps.rewards.models import RedemptionStatus, Reward, RewardKind
from apps.rewards.referrals import reward_first_order
from apps.rewards.services import decide, redeem
from apps.tiers.models import Tier
from apps.tiers.services import evaluate_member, reevaluate_all
from tests.factories import MemberFactory, UserFactory, make_order

pytestmark = pytest.mark.django_db
LANGUAGES = ["en", "de", "ar"]


def expected(language: str, text: str, **values) -> str:
    with translation.override(language):
        return translation.gettext(text) % values


def only(kind: str) -> Notification:
    (notification,) = Notification.objects.filter(kind=kind)
    return notification


def assert_in_language(received, language: str) -> None:
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in received.html
    assert received.header("Content-Language") == language
    assert received.header("List-Unsubscribe").startswith(f"<{settings.SITE_URL}/{language}/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_member_is_welcomed(language, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        member = register_member(user=UserFactory(), language=language)

    (received,) = smtp_server.wait_for(1)
    assert received.envelope_to == [member.user.email]
    assert received.subject == expected(language, "Welcome to our loyalty programme")
    assert_in_language(received, language)
    assert only(Kind.WELCOME).dedupe_key == f"welcome:{member.pk}"


@pytest.fixture
def tiers(db):
    entry = Tier.objects.create(name_en="Member", name_de="Mitglied", name_ar="عضو", rank=0)
    gold = Tier.objects.create(
        name_en="Gold", name_de="Gold-Stufe", name_ar="ذهبي", rank=1, qualifying_points=1000
    )
    return entry, gold


@pytest.mark.parametrize(
    ("language", "gold", "member_tier"),
    [("en", "Gold", "Member"), ("de", "Gold-Stufe", "Mitglied"), ("ar", "ذهبي", "عضو")],
)
def test_tier_up_and_down_are_told_with_the_tier_name_in_the_members_language(
    language, gold, member_tier, tiers, smtp_server, django_capture_on_commit_callbacks
):
    member = MemberFactory(preferred_language=language)
    with django_capture_on_commit_callbacks(execute=True):
        ledger.earn(member=member, points=1000, reason="Order", idempotency_key="o")
        now = timezone.now()
        evaluate_member(member, as_of=now)
        evaluate_member(member, as_of=now)
    with django_capture_on_commit_callbacks(execute=True):
        reevaluate_all(as_of=now + timedelta(days=400))  # grace period starts
        reevaluate_all(as_of=now + timedelta(days=431))  # and ends: down to the entry tier
        reevaluate_all(as_of=now + timedelta(days=432))

    assert only(Kind.TIER_UP).context["tier"]["en"] == "Gold"
    assert only(Kind.TIER_DOWN).context["tier"]["en"] == "Member"
    subjects = {r.subject for r in smtp_server.wait_for(3)}  # + points credited
    assert expected(language, "Congratulations: you reached %(tier)s", tier=gold) in subjects
    assert expected(language, "Your tier is now %(tier)s", tier=member_tier) in subjects


def test_joining_the_entry_tier_is_not_news(tiers, django_capture_on_commit_callbacks):
    member = MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        evaluate_member(member, as_of=timezone.now())

    assert not Notification.objects.filter(kind__in=[Kind.TIER_UP, Kind.TIER_DOWN]).exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_redeemed_and_shipped_rewards_are_told(
    language, smtp_server, staff, django_capture_on_commit_callbacks
):
    member = MemberFactory(preferred_language=language)
    reward = Reward.objects.create(
        name_en="Free sample",
        name_de="Gratismuster",
        name_ar="عينة مجانية",
        kind=RewardKind.FREE_SAMPLE,
        points_cost=1200,
    )
    with django_capture_on_commit_callbacks(execute=True):
        ledger.earn(member=member, points=1500, reason="Order", idempotency_key="o")
    with django_capture_on_commit_callbacks(execute=True):
        redemption = redeem(member=member, reward=reward, idempotency_key="r")
        redeem(member=member, reward=reward, idempotency_key="r")
    with django_capture_on_commit_callbacks(execute=True):
        decide(redemption=redemption, status=RedemptionStatus.APPROVED, staff=staff)
        decide(redemption=redemption, status=RedemptionStatus.FULFILLED, staff=staff)

    name = (
        reward.name_ar
        if language == "ar"
        else (reward.name_de if language == "de" else "Free sample")
    )
    received = smtp_server.wait_for(3)
    subjects = [r.subject for r in received]
    assert subjects[1:] == [
        expected(language, "You redeemed %(reward)s", reward=name),
        expected(language, "Your reward %(reward)s is on its way", reward=name),
    ]
    points = "1.200" if language == "de" else "1,200"
    assert points in received[1].text
    assert_in_language(received[2], language)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_referrer_hears_of_a_successful_referral_once(
    language, smtp_server, django_capture_on_commit_callbacks
):
    EarningRule.objects.create(name_en="Referral", kind=RuleKind.REFERRAL, points=750)
    referrer = MemberFactory(preferred_language=language)
    referred = MemberFactory(company_name="Nordic Pumps AB")
    Referral.objects.create(referrer=referrer, referred=referred)

    with django_capture_on_commit_callbacks(execute=True):
        reward_first_order(referred=referred)
        reward_first_order(referred=referred)

    notification = only(Kind.REFERRAL_REWARDED)
    assert notification.member == referrer
    assert notification.context == {"partner": "Nordic Pumps AB", "points": 750}
    # The referrer gets one message for it; the referred buyer is told their points.
    assert Notification.objects.filter(member=referrer).count() == 1
    assert Notification.objects.get(member=referred).kind == Kind.POINTS_EARNED
    by_recipient = {r.envelope_to[0]: r for r in smtp_server.wait_for(2)}
    mail = by_recipient[referrer.user.email]
    assert mail.subject == expected(language, "Your referral was successful")
    assert "Nordic Pumps AB" in mail.text and "750" in mail.text
    assert_in_language(mail, language)


def test_pending_purchase_points_say_when_they_become_available(
    smtp_server, django_capture_on_commit_callbacks
):
    member = MemberFactory()
    available = timezone.now() + timedelta(days=14)
    entry = ledger.earn(
        member=member, points=420, reason="Order", idempotency_key="o", available_at=available
    ).entry

    with django_capture_on_commit_callbacks(execute=True):  # the event, delivered twice
        for _twice in range(2):
            points_earned(PointsEarned(member_id=member.pk, entry_id=entry.pk, points=420))

    notification = only(Kind.POINTS_EARNED)
    assert notification.context["available_on"] == available.date().isoformat()
    (received,) = smtp_server.wait_for(1)
    assert "420" in received.subject


@pytest.mark.parametrize("language", ["de", "ar"])
def test_order_emails_of_members_also_land_in_their_inbox(
    language, smtp_server, django_capture_on_commit_callbacks
):
    member = MemberFactory(preferred_language=language)
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(member=member, language=language)

    (received,) = smtp_server.wait_for(1)
    assert order.number in received.subject
    notification = only(Kind.ORDER_PLACED)
    assert notification.member == member
    assert notification.dedupe_key == f"order.placed:{order.pk}"
    assert (notification.email_status, notification.email_language) == (EmailStatus.SENT, language)
