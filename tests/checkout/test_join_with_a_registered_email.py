"""Joining at checkout with an email that already has an account: the page must not tell (it
would reveal who has an account here); the order goes through as a guest order and the
account's owner hears of it by email."""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client

from apps.accounts.models import User
from apps.orders.models import Order
from tests.checkout.test_checkout import checkout_form
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

PASSWORD = "x-Strong-pass-26"


@pytest.fixture
def valve(exchange_rates):
    return ProductFactory(price=Decimal("185.00"), minimum_order_quantity=10, stock_quantity=100)


def join(valve, shipping_method, email, capture):
    """A new visitor fills a cart and checks out, asking to join with ``email``."""
    client = Client()
    client.post("/en/cart/add/", {"product": valve.pk, "quantity": 20})
    with capture(execute=True):
        return client.post(
            "/en/checkout/",
            checkout_form(shipping_method, email=email, join="on", password=PASSWORD),
            follow=True,
        )


def shown(response) -> tuple:
    """What the buyer sees: the messages and where they land (the order's page)."""
    messages = tuple(str(message) for message in response.context["messages"])
    return messages, response.redirect_chain[-1][0].rsplit("/", 2)[0], response.status_code


def test_a_registered_email_joins_like_a_new_one_and_the_order_goes_through_as_a_guest(
    valve, shipping_method, user, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    registered = join(valve, shipping_method, user.email.upper(), capture)
    to_owner = list(mail.outbox)
    mail.outbox.clear()
    new = join(valve, shipping_method, "new.buyer@example.org", capture)

    assert shown(registered) == shown(new)
    guest_order, joined_order = Order.objects.order_by("id")
    assert guest_order.member is None
    assert joined_order.member.user.email == "new.buyer@example.org"
    assert User.objects.filter(email__iexact=user.email).count() == 1
    user.refresh_from_db()
    assert not user.check_password(PASSWORD)  # the account is as it was
    # The owner gets the order's confirmation and a word about their account.
    (told,) = [m for m in to_owner if m.subject.endswith("You already have an account with us")]
    assert told.to == [user.email]
    assert "http://localhost:8000/en/accounts/login/" in told.body
    assert "http://localhost:8000/en/accounts/password/reset/" in told.body
    assert any(guest_order.number in m.subject for m in to_owner)
