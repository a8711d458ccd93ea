"""The member center's membership page and the staff's subscribers with MRR and churn."""

import pytest

from apps.memberships.selectors import summary
from tests.factories import MemberFactory
from tests.memberships.helpers import bought, post

pytestmark = pytest.mark.django_db

PAGE = "/en/member/membership/"


@pytest.fixture
def signed_in(client, member):
    member.preferred_currency = "EUR"
    member.save()
    client.force_login(member.user)
    session = client.session
    session["currency"] = "EUR"
    session.save()
    client.cookies["currency"] = "EUR"
    return client


def test_the_page_offers_the_plans_in_the_shoppers_currency(signed_in, monthly):
    response = signed_in.get(PAGE)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Club" in text and "2× points on every purchase" in text
    assert "Free shipping on every order" in text
    assert 'data-testid="subscribe-month"' in text and 'data-testid="subscribe-year"' in text


def test_without_stripe_the_plans_are_shown_not_sold_and_the_merchant_is_told(
    signed_in, fake_stripe, monthly, settings
):
    settings.STRIPE_WEBHOOK_SECRET = ""  # half set up is not set up
    settings.DEBUG = True  # make run: the merchant looking at their shop
    text = signed_in.get(PAGE).content.decode()
    assert 'data-testid="billing-not-set-up"' in text and "STRIPE_WEBHOOK_SECRET" in text
    assert 'data-testid="subscribe-month" disabled' in text
    settings.DEBUG = False  # a member of a live shop is not shown the setup hint
    assert "STRIPE_WEBHOOK_SECRET" not in signed_in.get(PAGE).content.decode()
    response = signed_in.post(f"/en/member/membership/subscribe/{monthly.pk}/", follow=True)
    assert "the shop has not set up Stripe" in response.content.decode()
    assert fake_stripe.sessions == []


def test_subscribing_goes_to_stripe_checkout(signed_in, fake_stripe, monthly):
    response = signed_in.post(f"/en/member/membership/subscribe/{monthly.pk}/")

    (session,) = fake_stripe.sessions
    assert response.status_code == 302 and response["Location"] == session["url"]
    assert session["success_url"].endswith(f"{PAGE}?subscribed=1")


def test_the_page_shows_the_plan_its_next_charge_and_invoices(
    signed_in, client, fake_stripe, member, monthly
):
    subscription = bought(client, fake_stripe, member, monthly)

    text = signed_in.get(PAGE).content.decode()

    assert 'data-testid="membership-plan">Club<' in text
    assert "Active" in text
    assert 'data-testid="membership-next-charge"' in text and "19.00" in text
    assert subscription.invoices.get().number in text
    assert 'data-testid="subscribe-month"' not in text  # no second membership

    response = signed_in.post("/en/member/membership/manage/")
    assert response["Location"].startswith(fake_stripe.api_base + "/portal/")


def test_a_cancelled_membership_says_when_the_benefits_end(
    signed_in, client, fake_stripe, member, monthly
):
    subscription = bought(client, fake_stripe, member, monthly)
    post(client, fake_stripe, fake_stripe.cancel_at_period_end(subscription.stripe_subscription_id))

    text = signed_in.get(PAGE).content.decode()

    assert "Cancelled: your benefits end on" in text
    assert 'data-testid="membership-next-charge"' not in text


def test_staff_see_subscribers_mrr_and_churn(admin_client, client, fake_stripe, member, plan):
    monthly = plan.prices.get(interval="month")
    yearly = plan.prices.get(interval="year")
    bought(client, fake_stripe, member, monthly)
    bought(client, fake_stripe, MemberFactory(), yearly)
    gone = bought(client, fake_stripe, MemberFactory(), yearly)
    post(client, fake_stripe, fake_stripe.end_subscription(gone.stripe_subscription_id))

    figures = summary()
    assert figures.subscribers == 2
    assert [str(m.amount) for m in figures.mrr] == ["34.83"]  # 19 + 190 / 12
    assert figures.started == 3 and figures.churned == 1

    response = admin_client.get("/admin/memberships/subscription/")
    text = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="membership-summary"' in text and "Monthly recurring revenue" in text
