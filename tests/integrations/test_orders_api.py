"""Offline orders from the ERP earn points like web orders; refunds claw them back."""

import pytest
from djmoney.money import Money

from apps.companies.models import PaymentTerms
from apps.companies.services import add_member, create_company
from apps.credit.models import CreditTerms
from apps.ledger.models import EntryKind, LedgerEntry, PointsAccount
from apps.orders.models import Order, OrderStatus
from apps.orders.services import transition
from tests.factories import ProductFactory, make_order

from .conftest import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(db):
    return ProductFactory(stock_quantity=1)


def record(api, member, product, external_id="ERP-100", **extra):
    body = {
        "external_id": external_id,
        "member": member.pk,
        "currency": "USD",
        "lines": [{"sku": product.sku, "quantity": 3, "unit_price": "150.00"}],
        **extra,
    }
    return api.post("/api/v1/orders/", body, format="json")


def test_an_offline_order_is_paid_and_earns_pending_points(
    api, member, product, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = record(api, member, product, shipping_amount="20.00")

    assert response.status_code == 201, response.content
    order = response.json()
    assert (order["status"], order["external_id"]) == ("paid", "ERP-100")
    assert order["total"] == {"amount": "470.00", "currency": "USD"}
    assert order["lines"][0]["line_total"] == {"amount": "450.00", "currency": "USD"}
    account = PointsAccount.objects.get(member=member)
    assert (account.pending, account.available) == (450, 0)  # through the return window
    product.refresh_from_db()
    assert product.stock_quantity == 1  # the ERP ships from its own stock


def test_external_ids_are_unique(api, member, product):
    record(api, member, product)

    assert_error(record(api, member, product), 409, "external_id_taken")
    assert Order.objects.count() == 1


def test_an_unknown_sku_is_refused(api, member, product):
    response = api.post(
        "/api/v1/orders/",
        {
            "external_id": "X",
            "member": member.pk,
            "currency": "USD",
            "lines": [{"sku": "NOPE", "quantity": 1, "unit_price": "1.00"}],
        },
        format="json",
    )

    assert_error(response, 400, "unknown_product")


def test_other_currencies_need_a_rate_and_use_it(api, member, product, exchange_rates):
    response = record(api, member, product, currency="EUR")

    assert response.json()["total"]["currency"] == "EUR"
    assert Order.objects.get().exchange_rate > 0


def test_orders_filter_by_external_id_and_status(api, member, product):
    record(api, member, product, external_id="A")
    record(api, member, product, external_id="B")

    found = api.get("/api/v1/orders/?external_id=B&status=paid").json()

    assert [o["external_id"] for o in found["results"]] == ["B"]
    assert api.get("/api/v1/orders/?status=nonsense").status_code == 400


def test_a_partial_refund_claws_back_its_share(
    api, member, product, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = record(api, member, product).json()
    line = order["lines"][0]["id"]

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/api/v1/orders/{order['id']}/refunds/",
            {"reason": "One damaged", "lines": [{"line": line, "quantity": 1}]},
            format="json",
            HTTP_IDEMPOTENCY_KEY="refund-1",
        )
        again = api.post(
            f"/api/v1/orders/{order['id']}/refunds/",
            {"reason": "One damaged", "lines": [{"line": line, "quantity": 1}]},
            format="json",
            HTTP_IDEMPOTENCY_KEY="refund-1",
        )

    assert response.status_code == 201, response.content
    assert response.json()["amount"] == {"amount": "150.00", "currency": "USD"}
    assert again.json() == response.json()
    assert Order.objects.get().status == OrderStatus.PARTIALLY_REFUNDED
    clawback = LedgerEntry.objects.get(kind=EntryKind.CLAWBACK)
    assert clawback.points == -150
    assert PointsAccount.objects.get(member=member).pending == 300


def test_refunding_more_than_was_bought_is_409(api, member, product):
    order = record(api, member, product).json()

    response = api.post(
        f"/api/v1/orders/{order['id']}/refunds/",
        {"reason": "Too many", "lines": [{"line": order["lines"][0]["id"], "quantity": 4}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY="r",
    )

    assert_error(response, 409, "invalid_refund")


def test_a_full_refund(api, member, product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = record(api, member, product).json()
        response = api.post(
            f"/api/v1/orders/{order['id']}/refunds/",
            {"reason": "Cancelled by the buyer", "full": True},
            format="json",
            HTTP_IDEMPOTENCY_KEY="r",
        )

    assert response.json()["amount"]["amount"] == "450.00"
    assert api.get(f"/api/v1/orders/{order['id']}/").json()["status"] == "refunded"
    assert PointsAccount.objects.get(member=member).pending == 0


@pytest.fixture
def platinum_member(member):
    from apps.orders.models import ShippingMethod
    from apps.tiers.models import Tier, TierShippingBenefit, TierStatus

    express = ShippingMethod.objects.create(name_en="Express", price="250.00")
    platinum = Tier.objects.create(name_en="Platinum", rank=3, priority_service=True)
    TierShippingBenefit.objects.create(tier=platinum, shipping_method=express, kind="free")
    TierStatus.objects.create(member=member, tier=platinum, since="2026-01-01T00:00:00Z")
    return member, express


def test_an_offline_order_takes_the_tiers_shipping_benefit_and_priority_service(
    api, platinum_member, product
):
    member, express = platinum_member

    by_method = record(api, member, product, shipping_method=express.pk)
    erp_freight = record(
        api,
        member,
        product,
        external_id="ERP-101",
        shipping_method=express.pk,
        shipping_amount="180.00",
    )

    assert by_method.status_code == 201, by_method.content
    order = by_method.json()
    assert order["shipping_total"] == {"amount": "0.00", "currency": "USD"}
    assert order["shipping_benefit"] == {"amount": "250.00", "currency": "USD"}
    assert order["total"] == {"amount": "450.00", "currency": "USD"}
    assert order["priority_service"] is True
    assert erp_freight.json()["shipping_benefit"] == {"amount": "180.00", "currency": "USD"}
    stored = Order.objects.get(external_id="ERP-100")
    assert stored.shipping_discount_label == "Platinum: free shipping"


def test_an_early_access_product_is_refused_for_a_member_whose_tier_has_no_early_access(
    api, member, product
):
    from datetime import timedelta

    from django.utils import timezone

    product.public_from = timezone.now() + timedelta(days=7)
    product.save()

    assert_error(record(api, member, product), 409, "product_not_released")
    assert not Order.objects.exists()


def test_an_order_shipped_on_net_terms_reads_as_unpaid_until_paid_in_full(api, member):
    company = create_company(legal_name="Acme", country="DE", payment_terms=PaymentTerms.NET_30)
    add_member(company=company, member=member)
    CreditTerms.objects.create(company=company, credit_limit=Money("5000", "USD"))
    order = transition(order=make_order(member=member), to=OrderStatus.SHIPPED)

    unpaid = api.get("/api/v1/orders/", {"paid_in_full": "false"}).json()["results"]
    paid = api.get("/api/v1/orders/", {"paid_in_full": "true"}).json()["results"]

    assert [(o["number"], o["status"], o["is_paid_in_full"]) for o in unpaid] == [
        (order.number, "shipped", False)
    ]
    assert unpaid[0]["credit_line"] == "company" and unpaid[0]["paid_at"] is None
    assert unpaid[0]["outstanding"] == {"amount": "200.00", "currency": "USD"}
    assert paid == []
