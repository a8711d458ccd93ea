"""The merchant's order desk in the admin: bank transfer receipts, refunds, status steps."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from apps.orders.models import Order, OrderStatus
from tests.factories import make_order

pytestmark = pytest.mark.django_db


def test_recording_a_bank_transfer_marks_the_order_paid(admin_client, admin_user):
    order = make_order()
    url = f"/admin/orders/order/{order.pk}/bank-transfer/"

    form = admin_client.get(url)
    response = admin_client.post(url, {"amount": "200.00", "reference": "MT103-4471"})

    order.refresh_from_db()
    assert form.status_code == 200
    assert response.status_code == 302
    assert order.status == OrderStatus.PAID
    step = order.transitions.get(to_status="paid")
    assert step.actor == admin_user
    assert step.note == "Bank transfer received (MT103-4471)"


def test_a_partial_bank_transfer_is_recorded_and_the_outstanding_amount_shown(
    admin_client, admin_user
):
    order = make_order()
    url = f"/admin/orders/order/{order.pk}/bank-transfer/"

    response = admin_client.post(url, {"amount": "150.00", "reference": "DEPOSIT-1"})
    form = admin_client.get(url).content.decode()
    change = admin_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    listing = admin_client.get("/admin/orders/order/").content.decode()

    order.refresh_from_db()
    assert response.status_code == 302
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert order.received_amount == Decimal("150.00")
    receipt = order.receipts.get()
    assert (receipt.amount, receipt.reference, receipt.recorded_by) == (
        Decimal("150.00"),
        "DEPOSIT-1",
        admin_user,
    )
    assert 'value="50.00"' in form  # the outstanding amount is offered
    assert "DEPOSIT-1" in change and "$50.00" in change
    assert "$50.00" in listing  # the outstanding column


def test_a_receipt_above_the_outstanding_amount_is_refused_with_a_reason(admin_client):
    order = make_order()

    response = admin_client.post(
        f"/admin/orders/order/{order.pk}/bank-transfer/", {"amount": "250.00"}
    )

    order.refresh_from_db()
    assert "$250.00 is more than the $200.00 still outstanding" in response.content.decode()
    assert (order.status, order.received_amount) == (OrderStatus.PENDING_PAYMENT, 0)
    assert not order.receipts.exists()


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (OrderStatus.PENDING_PAYMENT, False),
        (OrderStatus.PAID, True),
        (OrderStatus.SHIPPED, True),
        (OrderStatus.PARTIALLY_REFUNDED, True),
        (OrderStatus.REFUNDED, False),  # "refunded" is inside "partially_refunded"
        (OrderStatus.CANCELLED, False),
    ],
)
def test_the_refund_link_is_offered_exactly_for_orders_that_can_be_refunded(
    admin_client, status, offered
):
    order = make_order()
    paid = (
        None if status in (OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED) else timezone.now()
    )
    Order.objects.filter(pk=order.pk).update(status=status, paid_at=paid)

    page = admin_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()

    assert (f'href="/admin/orders/order/{order.pk}/refund/"' in page) is offered


def test_partial_refund_from_the_order_page(admin_client):
    order = make_order(lines=[(Decimal("100.00"), 2), (Decimal("50.00"), 1)])
    admin_client.post(f"/admin/orders/order/{order.pk}/bank-transfer/", {"amount": "250.00"})
    first, second = order.lines.order_by("id")

    response = admin_client.post(
        f"/admin/orders/order/{order.pk}/refund/",
        {"reason": "One unit damaged", f"line_{first.pk}": "1", f"line_{second.pk}": "0"},
    )

    order.refresh_from_db()
    assert response.status_code == 302
    assert order.status == OrderStatus.PARTIALLY_REFUNDED
    assert order.refunded_amount == Decimal("100.00")


def test_status_steps_follow_the_lifecycle(admin_client):
    order = make_order()
    base = f"/admin/orders/order/{order.pk}/step"

    admin_client.post(f"{base}/mark_shipped/")  # not paid yet: refused
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT

    admin_client.post(f"/admin/orders/order/{order.pk}/bank-transfer/", {"amount": "200.00"})
    admin_client.post(f"{base}/mark_shipped/")
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED


def test_the_order_page_shows_the_timeline_and_actions(admin_client):
    order = make_order()

    page = admin_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()

    assert "Record bank transfer" in page
    assert "Pending payment" in page


def test_staff_read_an_orders_timeline_in_their_own_language_not_the_buyers(admin_client):
    """The order was placed in Arabic; a German merchant reads its system note, who took the
    step, the columns and each step in German."""
    with translation.override("ar"):
        order = make_order(language="ar")

    page = admin_client.get(
        f"/admin/orders/order/{order.pk}/change/", HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()

    assert order.transitions.get().note == "Order placed"  # stored as its source text
    with translation.override("de"):
        german = [
            gettext("Order placed"),
            capfirst(gettext("previous status")),
            capfirst(gettext("new status")),
            capfirst(gettext("created by")),
            f"→ {OrderStatus.PENDING_PAYMENT.label}",
            f"<p>{gettext('system')}</p>",  # who took the step
        ]
    with translation.override("ar"):
        arabic = gettext("Order placed")
    assert [text for text in german if text not in page] == []
    assert german[0] != "Order placed"  # the catalogue has it
    assert arabic not in page
    assert "→ pending_payment" not in page


def test_timeline_notes_written_translated_before_become_the_source_text_again():
    """Migration orders 0004 on timelines written before it: a system note in any of our
    languages becomes the source text (its translations are frozen in the migration, not read
    from compiled catalogues); what staff typed stays as typed."""
    from django.apps import apps
    from django.conf import settings

    from apps.orders.models import OrderTransition

    migration = import_module("apps.orders.migrations.0004_timeline_in_the_readers_language")
    order = make_order()
    written = {}
    for language, _name in settings.LANGUAGES:
        for source in ("Order placed", "Not paid in time"):
            with translation.override(language):
                note = gettext(source)
            step = OrderTransition.objects.create(
                order=order, to_status="paid", actor_label="system", note=note
            )
            written[step.pk] = source
    with translation.override("de"):
        same_words = gettext("Order placed")
    typed = [
        OrderTransition.objects.create(order=order, to_status="paid", actor_label=actor, note=n)
        for actor, n in [("system", "Telefonisch bestätigt"), ("anna@shop.de", same_words)]
    ]

    migration.notes_as_source_text(apps, None)

    assert {pk: OrderTransition.objects.get(pk=pk).note for pk in written} == written
    assert [OrderTransition.objects.get(pk=step.pk).note for step in typed] == [
        "Telefonisch bestätigt",
        same_words,
    ]
