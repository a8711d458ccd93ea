"""The referral link's landing: sign-up says who invited the visitor (first name or company,
never the email address) and what both get, in the visitor's language and currency; a link
that refers nobody says so, and sign-up still works."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from apps.ledger.bonuses import award_event
from apps.ledger.models import EarningRule, RuleKind
from apps.members.models import Member, Referral
from apps.members.services import close_account
from apps.tiers.models import Tier
from tests.factories import PASSWORD, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

NOT_VALID = "This invitation link is not valid"


@pytest.fixture
def referral_rule(db):
    return EarningRule.objects.create(
        name_en="Referral", name="Referral", kind=RuleKind.REFERRAL, points=1000
    )


def referrer(first_name="Anna", company="Müller Armaturen GmbH", email="anna@armaturen.de"):
    return MemberFactory(company_name=company, user=UserFactory(email=email, first_name=first_name))


def invitation(page: str) -> str:
    """The invitation's text on the sign-up page ("" when there is none)."""
    match = re.search(r'<section class="invitation".*?</section>', page, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(0))).split()) if match else ""


def follow(client, member_or_code, language="en"):
    code = getattr(member_or_code, "referral_code", member_or_code)
    return client.get(f"/{language}/r/{code}/", follow=True)


def test_the_sign_up_page_says_who_invited_me_and_what_we_both_get(
    client, referral_rule, exchange_rates
):
    anna = referrer()
    client.post("/currency/", {"currency": "EUR"})

    response = follow(client, anna)

    assert response.redirect_chain[-1][0] == "/en/accounts/signup/"
    text = invitation(response.content.decode())
    assert text.startswith("Anna from Müller Armaturen GmbH invited you to join")
    assert "When you join and pay your first order, you both earn 1,000 points." in text
    assert "Your 1,000 points are worth €9.20 off a later order." in text
    assert "anna@armaturen.de" not in response.content.decode()


def test_the_invitation_is_in_the_visitors_language_and_currency(
    client, referral_rule, exchange_rates
):
    client.post("/currency/", {"currency": "JPY"})

    text = invitation(follow(client, referrer(), language="de").content.decode())

    assert "Anna from" not in text and "Anna von Müller Armaturen GmbH" in text
    assert "1.000 Punkte" in text
    assert "Ihre 1.000 Punkte" in text and "1.512 ¥" in text


@pytest.mark.parametrize(
    ("first_name", "company", "shown"),
    [
        ("", "Müller Armaturen GmbH", "Müller Armaturen GmbH invited you to join"),
        ("Anna", "", "Anna invited you to join"),
        ("", "", "A member of our programme invited you to join"),
    ],
)
def test_the_referrer_is_named_by_first_name_or_company_never_by_email(
    client, referral_rule, first_name, company, shown
):
    page = follow(client, referrer(first_name=first_name, company=company)).content.decode()

    assert invitation(page).startswith(shown)
    assert "anna@armaturen.de" not in page


def test_what_each_side_gets_when_the_referrers_cap_is_reached(client, referral_rule):
    referral_rule.cap_points, referral_rule.cap_period = 1000, "ever"
    referral_rule.save()
    anna = referrer()
    award_event(member=anna, kind=RuleKind.REFERRAL, key="earlier:referrer")

    text = invitation(follow(client, anna).content.decode())

    assert "When you join and pay your first order, you earn 1,000 points." in text
    assert "both" not in text


def test_rules_for_other_markets_or_tiers_are_not_promised_to_a_newcomer(client):
    Tier.objects.create(name_en="Member", rank=0)
    gold = Tier.objects.create(name_en="Gold", rank=2)
    EarningRule.objects.create(name="Japan", kind=RuleKind.REFERRAL, points=5000, countries=["JP"])
    EarningRule.objects.create(
        name="Later",
        kind=RuleKind.REFERRAL,
        points=4000,
        starts_at=timezone.now() + timedelta(days=1),
    )
    EarningRule.objects.create(name="Gold", kind=RuleKind.REFERRAL, points=3000).tiers.add(gold)
    EarningRule.objects.create(name="Everyone", kind=RuleKind.REFERRAL, points=700)

    text = invitation(follow(client, referrer()).content.decode())

    assert "you both earn 700 points" in text


@pytest.mark.parametrize("code", ["NOSUCHCODE", "closed"])
def test_a_link_that_refers_nobody_says_so_and_sign_up_still_works(client, referral_rule, code):
    if code == "closed":
        gone = referrer(email="gone@armaturen.de")
        code = gone.referral_code
        close_account(member=gone)

    response = follow(client, code)
    page = response.content.decode()
    client.post(
        "/en/accounts/signup/",
        {"email": "newbuyer@pumpen.de", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.redirect_chain[-1][0] == "/en/accounts/signup/"
    assert NOT_VALID in page and invitation(page) == ""
    assert 'name="email"' in page  # the sign-up form is there
    joined = Member.objects.get(user__email="newbuyer@pumpen.de")
    assert not Referral.objects.filter(referred=joined).exists()


def test_a_bad_link_after_a_good_one_forgets_the_good_one(client, referral_rule):
    follow(client, referrer())

    page = follow(client, "NOSUCHCODE").content.decode()

    assert NOT_VALID in page and invitation(page) == ""


def test_a_plain_sign_up_has_no_invitation_and_no_warning(client, referral_rule):
    page = client.get("/en/accounts/signup/").content.decode()

    assert invitation(page) == "" and NOT_VALID not in page


def test_the_referrers_names_are_escaped_and_isolated(client, referral_rule):
    page = follow(client, referrer(first_name="<b>Anna</b>", company="Müller & Söhne")).content
    page = page.decode()

    assert "<b>Anna</b>" not in page
    assert "<bdi>&lt;b&gt;Anna&lt;/b&gt;</bdi> from <bdi>Müller &amp; Söhne</bdi>" in page
