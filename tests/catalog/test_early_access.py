"""Early access: a product before its public date is seen and bought only by members whose tier
has early access (listing, search, product page, cart, checkout); after it, by everyone. The
cached catalogue pages never show it to anyone else."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.checkout.models import Cart, CartLine
from apps.orders.models import Order, ShippingMethod
from apps.tiers.models import Tier, TierStatus
from tests.checkout.test_checkout import checkout_form
from tests.factories import MemberFactory, ProductFactory

pytestmark = pytest.mark.django_db

NEW = "Smart valve X1"


@pytest.fixture
def launch(exchange_rates):
    """A public product and one released to early-access tiers only, in a week."""
    ProductFactory(name_en="Ball valve", slug_en="ball-valve")
    return ProductFactory(
        name_en=NEW, slug_en="smart-valve-x1", public_from=timezone.now() + timedelta(days=7)
    )


@pytest.fixture
def members(db):
    """Same member discount, one tier with early access and one without: the cache keys that
    depend on the discount alone would mix them up."""
    insiders = Tier.objects.create(
        name_en="Platinum", rank=3, discount_percent=Decimal("5"), early_access=True
    )
    others = Tier.objects.create(name_en="Silver", rank=1, discount_percent=Decimal("5"))
    insider, outsider = MemberFactory(), MemberFactory()
    TierStatus.objects.create(member=insider, tier=insiders, since=timezone.now())
    TierStatus.objects.create(member=outsider, tier=others, since=timezone.now())
    return insider, outsider


PAGES = ["/en/products/", "/en/search/?q=valve", "/en/categories/{category}/"]


def visible(client, url) -> bool:
    return NEW in client.get(url).content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_before_its_public_date_only_early_access_members_see_the_product(
    client, launch, members, page
):
    insider, outsider = members
    url = page.format(category=launch.category.slug)

    client.force_login(insider.user)
    insider_sees = visible(client, url)  # rendered and cached first, for the insider
    client.force_login(outsider.user)
    outsider_sees = visible(client, url)
    client.logout()
    anonymous_sees = visible(client, url)

    assert (insider_sees, outsider_sees, anonymous_sees) == (True, False, False)


def test_the_product_page_answers_only_early_access_members_before_the_public_date(
    client, launch, members
):
    insider, outsider = members

    anonymous = client.get("/en/products/smart-valve-x1/")
    client.force_login(outsider.user)
    outsider_page = client.get("/en/products/smart-valve-x1/")
    client.force_login(insider.user)
    insider_page = client.get("/en/products/smart-valve-x1/")

    assert (anonymous.status_code, outsider_page.status_code) == (404, 404)
    assert insider_page.status_code == 200


def test_from_the_public_date_everyone_sees_it_without_any_catalogue_change(
    client, launch, monkeypatch
):
    before = visible(client, "/en/products/")  # the anonymous page is cached now
    later = timezone.now() + timedelta(days=8)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert (before, visible(client, "/en/products/")) == (False, True)
    assert client.get("/en/products/smart-valve-x1/").status_code == 200


def test_the_home_page_and_the_sitemap_keep_it_for_the_public_date(client, launch):
    assert NEW not in client.get("/en/").content.decode()
    assert "smart-valve-x1" not in client.get("/sitemap.xml").content.decode()


def test_only_early_access_members_can_put_it_in_the_cart(client, launch, members):
    insider, outsider = members

    client.force_login(outsider.user)
    refused = client.post("/en/cart/add/", {"product": launch.pk, "quantity": 1}, follow=True)
    client.force_login(insider.user)
    client.post("/en/cart/add/", {"product": launch.pk, "quantity": 1})

    assert f"{NEW} is not available to you yet." in refused.content.decode()
    assert not CartLine.objects.filter(cart__member=outsider).exists()
    assert CartLine.objects.filter(cart__member=insider, product=launch).exists()


def test_checkout_refuses_it_to_a_member_who_lost_early_access(client, launch, members):
    _insider, outsider = members
    express = ShippingMethod.objects.create(name_en="Express", price=Decimal("10"))
    cart = Cart.objects.create(member=outsider)  # e.g. added while their tier had it
    CartLine.objects.create(cart=cart, product=launch, quantity=1)
    client.force_login(outsider.user)

    response = client.post("/en/checkout/", checkout_form(express, email=None))

    assert f"{NEW} is not available to you yet." in response.context["form"].non_field_errors()
    assert not Order.objects.exists()
