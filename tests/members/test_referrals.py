"""Referrals: the link leads to sign-up, a first paid order rewards both sides once,
self-referral and the same buyer under a second account are refused."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from apps.ledger.models import EarningRule, LedgerEntry, RuleKind
from apps.members.models import Member, Referral, ReferralStatus
from apps.members.referrals import record_referral
from apps.orders.services import mark_paid
from tests.factories import PASSWORD, MemberFactory, UserFactory, make_order
from tests.text import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral_rule(db):
    return EarningRule.objects.create(
        name_en="Referral", name="Referral", kind=RuleKind.REFERRAL, points=1000
    )


def sign_up_through(client, referrer, email):
    client.get(f"/en/r/{referrer.referral_code}/")
    client.post(
        "/en/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    return Member.objects.get(user__email=email)


def points_of(member) -> list[int]:
    return list(
        LedgerEntry.objects.filter(
            account__member=member, rule__kind=RuleKind.REFERRAL
        ).values_list("points", flat=True)
    )


def test_a_referred_buyer_who_pays_a_first_order_rewards_both_once(
    client, referral_rule, django_capture_on_commit_callbacks
):
    referrer = MemberFactory(user=UserFactory(email="anna@valves-gmbh.de"))
    with django_capture_on_commit_callbacks(execute=True):
        referred = sign_up_through(client, referrer, "li@pumps-shanghai.cn")
    assert Referral.objects.get(referred=referred).status == ReferralStatus.SIGNED_UP

    for _order in range(2):
        order = make_order(member=referred)
        with django_capture_on_commit_callbacks(execute=True):
            mark_paid(order=order, amount=order.total, actor_label="test")

    assert points_of(referrer) == [1000]
    assert points_of(referred) == [1000]
    assert Referral.objects.get(referred=referred).status == ReferralStatus.REWARDED
    assert mail.outbox  # the sign-up verification went out as usual


def test_the_first_paid_order_rewards_the_referral_even_when_its_event_comes_after_the_second(
    referral_rule,
):
    """Deliveries can be late: the first order's ``order.paid`` may be handed over after a
    second order was paid. It is still the first paid order."""
    from apps.orders.events import OrderPaid
    from apps.rewards.subscribers import reward_referral

    referrer, referred = MemberFactory(), MemberFactory()
    record_referral(referred=referred, code=referrer.referral_code)
    first, second = make_order(member=referred), make_order(member=referred)
    for order in (first, second):
        mark_paid(order=order, amount=order.total, actor_label="test")  # no delivery yet

    reward_referral(OrderPaid(order_id=second.pk))
    assert points_of(referrer) == []  # not the first paid order
    reward_referral(OrderPaid(order_id=first.pk))
    reward_referral(OrderPaid(order_id=first.pk))  # handed over again

    assert points_of(referrer) == [1000]
    assert points_of(referred) == [1000]


def test_the_same_company_under_a_second_account_is_not_rewarded(referral_rule, admin_client):
    referrer = MemberFactory(user=UserFactory(email="buyer@acme-valves.com"))
    second = MemberFactory(user=UserFactory(email="other@acme-valves.com"))

    with translation.override("ja"):  # the second account signs up in Japanese
        referral = record_referral(referred=second, code=referrer.referral_code)
    page = admin_client.get("/admin/members/referral/", HTTP_ACCEPT_LANGUAGE="fr")

    assert referral.status == ReferralStatus.REFUSED
    # Why, for staff in their own language (stored as the source text, not in Japanese).
    assert referral.note == "Looks like the same buyer"
    with translation.override("fr"):
        french = gettext("Looks like the same buyer")
    assert french != "Looks like the same buyer" and french in page.content.decode()


def test_referral_notes_written_translated_before_become_the_source_text_again(referral_rule):
    """Migration members 0006: the refusal's note in any of our languages (frozen in the
    migration, not read from compiled catalogues) becomes the source text."""
    from importlib import import_module

    from django.apps import apps
    from django.conf import settings

    migration = import_module("apps.members.migrations.0006_referral_notes_as_source_text")
    referrer = MemberFactory()
    referrals = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            note = gettext("Looks like the same buyer")
        referrals.append(
            Referral.objects.create(referrer=referrer, referred=MemberFactory(), note=note)
        )

    migration.notes_as_source_text(apps, None)

    notes = {Referral.objects.get(pk=referral.pk).note for referral in referrals}
    assert notes == {"Looks like the same buyer"}


def test_nobody_can_refer_themselves(referral_rule):
    member = MemberFactory()

    assert record_referral(referred=member, code=member.referral_code) is None
    assert not Referral.objects.exists()


def test_the_referral_page_shows_my_link_and_my_referrals(client, referral_rule):
    referrer = MemberFactory(user=UserFactory(email="anna@valves-gmbh.de"))
    referred = MemberFactory(
        company_name="Pumps Shanghai", user=UserFactory(email="li@pumps-shanghai.cn")
    )
    record_referral(referred=referred, code=referrer.referral_code)
    client.force_login(referrer.user)

    response = client.get("/en/member/referrals/")
    page = response.content.decode()

    assert f"http://testserver/en/r/{referrer.referral_code}/" in page
    assert "Pumps Shanghai" in page and "Signed up" in page
    assert "you both earn 1,000 points" in page_text(response)


def test_staff_see_referrals_and_consents_in_the_admin_but_cannot_edit_them(
    admin_client, referral_rule
):
    from apps.members.models import ConsentRecord

    referrer = MemberFactory(
        company_name="Valves GmbH", user=UserFactory(email="anna@valves-gmbh.de")
    )
    referred = MemberFactory(
        company_name="Pumps Shanghai", user=UserFactory(email="li@pumps-shanghai.cn")
    )
    referral = record_referral(referred=referred, code=referrer.referral_code)
    ConsentRecord.objects.create(
        member=referred, purpose="marketing", granted=True, source="signup"
    )

    listing = admin_client.get("/admin/members/referral/?q=li@pumps").content.decode()
    consents = admin_client.get(f"/admin/members/member/{referred.pk}/change/").content.decode()
    edit = admin_client.post(
        f"/admin/members/referral/{referral.pk}/change/", {"status": "rewarded"}
    )

    assert "Pumps Shanghai" in listing and "Valves GmbH" in listing
    assert "Consent history" in consents and "signup" in consents
    assert "Product views" in consents
    assert edit.status_code == 403
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.SIGNED_UP
    assert admin_client.get("/admin/members/consentrecord/add/").status_code == 403
