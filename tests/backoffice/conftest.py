import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.utils import timezone

from apps.accounts.roles import create_staff
from apps.ledger import services as ledger
from apps.members.models import Address, Referral
from apps.notifications.models import EmailStatus, Kind, Notification
from apps.rewards.models import Reward, RewardKind
from apps.rewards.services import redeem
from apps.tiers.models import Tier
from apps.tiers.services import set_tier_by_hand
from tests.conftest import TOTP_SECRET
from tests.factories import MemberFactory, StaffFactory, UserFactory, make_order

EMAIL = "hans.meier@example.de"
PHONE = "+49 30 1234 5678"
VAT_ID = "DE123456789"
STREET = "Friedrichstrasse 123"
SECRETS = (EMAIL, PHONE, VAT_ID, STREET, "Hans Meier")


def staff_client(role: str) -> Client:
    user, _password = create_staff(email=f"{role}@example.com", role=role)
    TOTP.activate(user, TOTP_SECRET)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def tiers(db):
    return (
        Tier.objects.create(name_en="Member", rank=0),
        Tier.objects.create(name_en="Gold", rank=2, qualifying_spend=5000),
    )


def fill_history(member, count: int, tiers) -> None:
    """``count`` rows of every kind the member's page shows."""
    reward = Reward.objects.create(
        name="Free sample", name_en="Free sample", kind=RewardKind.FREE_SAMPLE, points_cost=10
    )
    staff = StaffFactory()
    for n in range(count):
        ledger.earn(member=member, points=100, reason="Welcome gift", idempotency_key=f"e{n}")
        make_order(member=member)
        redeem(member=member, reward=reward, idempotency_key=f"r{n}")
        Referral.objects.create(referrer=member, referred=MemberFactory())
        Notification.objects.create(
            member=member,
            kind=Kind.POINTS_EARNED,
            dedupe_key=f"test:{member.pk}:{n}",
            created_at=timezone.now(),
            email_status=EmailStatus.SENT,
            email_sent_at=timezone.now(),
        )
        set_tier_by_hand(member=member, tier=tiers[n % 2], reason=f"Reason {n}", changed_by=staff)


@pytest.fixture
def customer(db, tiers):
    """A member whose personal data Support may not see, with one row of every section."""
    member = MemberFactory(
        user=UserFactory(email=EMAIL), company_name="", phone=PHONE, vat_id=VAT_ID
    )
    Address.objects.create(
        member=member, name="Hans Meier", line1=STREET, city="Berlin", country="DE", phone=PHONE
    )
    fill_history(member, 1, tiers)
    return member
