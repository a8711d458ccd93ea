"""The one mechanism for extension hooks (``apps.core.extensions``): named, typed points that
lower apps declare and higher apps' ``hooks.py`` fill at start-up."""

from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.catalog import extensions as catalog
from apps.checkout.discounts import discount_provider
from apps.checkout.redemption import points_discount
from apps.core import extensions
from apps.core.extensions import ExtensionPoint, extension_points
from apps.ledger import extensions as ledger
from apps.members.extensions import account_closing, data_export_section
from apps.orders import extensions as orders
from apps.payments.services import refund_payment
from apps.rewards.coupons import coupon_discount
from apps.tiers import hooks as tier_hooks
from apps.tiers.selectors import member_tier
from tests.conftest import ROOT


def test_a_point_keeps_its_hooks_in_registration_order_once_each():
    point = ExtensionPoint("test.ordered", "for this test")
    try:

        def first(member):
            return Decimal(1)

        def second(member):
            return Decimal(2)

        point.register(second)
        point.register(first)
        point.register(second)
        assert point.hooks() == (second, first)
        point.unregister(second)
        assert point.hooks() == (first,)
    finally:
        extensions._points.pop("test.ordered", None)


def test_a_name_is_declared_once():
    with pytest.raises(ImproperlyConfigured):
        ExtensionPoint("catalog.member_discount", "again")


def test_a_single_point_refuses_a_second_hook_and_says_when_it_has_none():
    point = ExtensionPoint("test.single", "for this test", single=True)
    try:
        with pytest.raises(ImproperlyConfigured):
            point.only()
        point.register(len)
        with pytest.raises(ImproperlyConfigured):
            point.register(abs)
        assert point.only() is len
    finally:
        extensions._points.pop("test.single", None)


def test_a_keyed_point_needs_a_key_and_keeps_one_hook_per_key():
    point = ExtensionPoint("test.keyed", "for this test", keyed=True)
    try:
        with pytest.raises(ImproperlyConfigured):
            point.register(len)
        point.register_as("size")(len)
        point.register_as("size")(abs)
        assert point.items() == (("size", abs),)
    finally:
        extensions._points.pop("test.keyed", None)


def test_start_up_wires_every_apps_hooks():
    """What each app's hooks.py registers is in place once Django has started."""
    assert tier_hooks.member_discount in catalog.member_discount.hooks()
    assert tier_hooks.early_access in catalog.early_access.hooks()
    assert ledger.member_tier.only() is member_tier
    assert tier_hooks.points_multiplier in ledger.points_multiplier.hooks()
    assert tier_hooks.redemption_rate in ledger.redemption_rate.hooks()
    assert tier_hooks.shipping_benefit in orders.shipping_benefit.hooks()
    assert orders.payment_refund.only() is refund_payment
    # Points before coupons: the order of the discount lines.
    assert discount_provider.hooks() == (points_discount, coupon_discount)
    assert [key for key, _hook in data_export_section.items()][:1] == ["profile"]
    assert {"points", "ledger", "orders", "redemptions", "notifications", "devices"} <= {
        key for key, _hook in data_export_section.items()
    }
    closing = {hook.__module__.split(".")[1] for hook in account_closing.hooks()}
    assert closing == {"ledger", "checkout", "memberships", "risk", "messaging", "quotes"}


def test_every_point_is_documented():
    documented = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [name for name in extension_points() if f"`{name}`" not in documented]
    assert missing == []
