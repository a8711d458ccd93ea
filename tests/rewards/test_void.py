"""Voiding a redemption (staff in the admin, integrators through the API): the coupon stops
working, the points come back with their expiry, the member is told in their language."""

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.utils import timezone, translation

from apps.accounts.roles import MANAGER, SUPPORT, create_staff
from apps.ledger import services as ledger
from apps.ledger.models import EntryKind, PointsLot
from apps.ledger.selectors import balance
from apps.notifications.content import message_for
from apps.notifications.models import Kind, Notification
from apps.rewards.models import RedemptionStatus, RewardKind
from apps.rewards.services import NotVoidable, decide, redeem, void_redemption
from tests.conftest import TOTP_SECRET
from tests.factories import make_order

from .test_rewards import reward

pytestmark = pytest.mark.django_db


@pytest.fixture
def coupon(member):
    return redeemed_coupon(member)


def redeemed_coupon(member):
    """A coupon redeemed with points from a lot that expires in 100 days."""
    expires = timezone.now() + timedelta(days=100)
    ledger.earn(
        member=member, points=2000, reason="seed", idempotency_key="seed", expires_at=expires
    )
    offer = reward(kind=RewardKind.COUPON_AMOUNT, coupon_amount=20, stock=5, points_cost=500)
    return redeem(member=member, reward=offer, idempotency_key="c1"), expires


def test_voiding_returns_points_with_their_expiry_stock_and_kills_the_coupon(member, staff, coupon):
    redemption, expires = coupon
    assert redemption.coupon_usable(now=timezone.now())

    voided = void_redemption(redemption=redemption, reason="Ordered by mistake", staff=staff)

    assert voided.status == RedemptionStatus.VOIDED
    assert not voided.coupon_usable(now=timezone.now())
    assert (voided.decided_by, voided.void_reason) == (staff, "Ordered by mistake")
    assert balance(member).available == 2000
    restored = PointsLot.objects.get(entry__kind=EntryKind.RESTORE)
    assert (restored.points, restored.expires_at) == (500, expires)
    redemption.reward.refresh_from_db()
    assert redemption.reward.stock == 5
    # Again: nothing more happens.
    void_redemption(redemption=redemption, reason="again", staff=staff)
    assert balance(member).available == 2000
    assert PointsLot.objects.filter(entry__kind=EntryKind.RESTORE).count() == 1


def test_the_member_is_told_in_their_language_with_the_reason(
    member, staff, coupon, django_capture_on_commit_callbacks
):
    member.preferred_language = "de"
    member.save()
    redemption, _expires = coupon
    with django_capture_on_commit_callbacks(execute=True):
        void_redemption(redemption=redemption, reason="Doppelt bestellt", staff=staff)
    told = Notification.objects.get(member=member, kind=Kind.REWARD_VOIDED)
    with translation.override("de"):
        message = message_for(told.kind, told.context)
    text = " ".join(str(p) for p in message.paragraphs)
    assert "storniert" in str(message.subject)
    assert "Doppelt bestellt" in text and "500" in text


def test_a_used_coupon_or_a_shipped_reward_cannot_be_voided(member, staff, coupon):
    redemption, _expires = coupon
    redemption.coupon_order = make_order(member=member)
    redemption.save()
    with pytest.raises(NotVoidable):
        void_redemption(redemption=redemption, reason="late", staff=staff)

    sample = reward(points_cost=100)
    shipped = redeem(member=member, reward=sample, idempotency_key="s1")
    decide(redemption=shipped, status=RedemptionStatus.APPROVED, staff=staff)
    decide(redemption=shipped, status=RedemptionStatus.FULFILLED, staff=staff)
    with pytest.raises(NotVoidable):
        void_redemption(redemption=shipped, reason="late", staff=staff)
    assert balance(member).available == 2000 - 500 - 100


def _staff(role):
    user, _password = create_staff(email=f"{role}@example.com", role=role)
    TOTP.activate(user, TOTP_SECRET)
    client = Client()
    client.force_login(user)
    return user, client


def test_a_programme_manager_voids_in_the_admin_and_support_cannot(member, coupon):
    redemption, _expires = coupon
    page = f"/admin/rewards/redemption/{redemption.pk}/change/"
    void = f"/admin/rewards/redemption/{redemption.pk}/void/"
    _support, support = _staff(SUPPORT)
    assert void not in support.get(page).content.decode()
    assert support.post(void, {"reason": "x"}).status_code == 403

    manager_user, manager = _staff(MANAGER)
    assert void in manager.get(page).content.decode()
    assert manager.post(void, {"reason": ""}).status_code == 200  # the form again, with the error
    assert manager.post(void, {"reason": "Customer asked"}).status_code == 302
    redemption.refresh_from_db()
    assert (redemption.status, redemption.decided_by) == (RedemptionStatus.VOIDED, manager_user)
    assert void not in manager.get(page).content.decode()  # nothing left to void
