"""Who among staff issues which document and takes which order step (#21, accounts.roles):
finance the invoices and the receipts, fulfilment the packing list and the status steps."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.urls import reverse

from apps.accounts.roles import FINANCE, FULFILMENT, MANAGER, SUPPORT, create_staff
from apps.documents.models import TradeDocument
from apps.orders.models import OrderStatus
from apps.orders.services import transition
from tests.conftest import TOTP_SECRET
from tests.documents.conftest import export_order, ship
from tests.factories import make_order

pytestmark = pytest.mark.django_db

KINDS = ("proforma", "commercial_invoice", "packing_list")
MAY_ISSUE = {
    FINANCE: {"proforma", "commercial_invoice"},
    FULFILMENT: {"packing_list"},
    MANAGER: set(),
    SUPPORT: set(),
}


def staff_client(role: str) -> Client:
    user, _password = create_staff(email=f"{role}@example.com", role=role)
    TOTP.activate(user, TOTP_SECRET)
    client = Client()
    client.force_login(user)
    return client


def test_each_role_issues_its_own_documents_and_takes_its_own_steps(company):
    unpaid = export_order()
    shipped = ship(export_order())
    clients = {role: staff_client(role) for role in MAY_ISSUE}

    def url(kind):
        order = unpaid if kind == "proforma" else shipped
        return reverse("admin:documents_download", args=[order.pk, kind])

    def gets(role):
        return {kind for kind in KINDS if clients[role].get(url(kind)).status_code == 200}

    # Nothing is issued yet: the order page offers each role what it may issue, and each
    # role gets exactly that.
    page = clients[FULFILMENT].get(reverse("admin:orders_order_change", args=[shipped.pk]))
    offered = page.content.decode()
    assert url("packing_list") in offered and url("commercial_invoice") not in offered
    first = {role: gets(role) for role in (MANAGER, SUPPORT, FINANCE)}
    # Fulfilment issues the packing list, and downloads what finance issued.
    fulfilment_gets = gets(FULFILMENT)

    assert first == {MANAGER: set(), SUPPORT: set(), FINANCE: MAY_ISSUE[FINANCE]}
    assert fulfilment_gets == {"proforma", "commercial_invoice", "packing_list"}
    assert TradeDocument.objects.count() == 3

    receipt = reverse("admin:orders_order_bank_transfer", args=[unpaid.pk])
    assert clients[FULFILMENT].post(receipt, {"amount": "10.00"}).status_code == 403
    assert clients[FINANCE].post(receipt, {"amount": "10.00"}).status_code == 302
    assert unpaid.receipts.count() == 1

    paid = transition(order=make_order(payment_method="stripe"), to=OrderStatus.PAID)
    step = reverse("admin:orders_order_step", args=[paid.pk, "mark_processing"])
    page = clients[FINANCE].get(reverse("admin:orders_order_change", args=[paid.pk]))
    assert clients[FINANCE].post(step).status_code == 403
    assert "step-mark_processing" not in page.content.decode()
    page = clients[FULFILMENT].get(reverse("admin:orders_order_change", args=[paid.pk]))
    assert "step-mark_processing" in page.content.decode()
    assert clients[FULFILMENT].post(step).status_code == 302
    paid.refresh_from_db()
    assert paid.status == OrderStatus.PROCESSING
