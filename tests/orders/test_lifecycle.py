"""The order lifecycle: only allowed transitions, each recorded; events after commit."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction
from djmoney.money import Money

from apps.orders.errors import PaymentMismatch
from apps.orders.events import (
    OrderCancelled,
    OrderCompleted,
    OrderPaid,
    OrderRefunded,
    OrderShipped,
)
from apps.orders.models import OrderLine, OrderStatus
from apps.orders.receipts import record_bank_transfer
from apps.orders.services import cancel_order, mark_paid, transition
from apps.orders.state import InvalidTransition
from tests.events import recording
from tests.factories import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(request):
    """Events published during the test, as (name, payload) pairs, after commit."""
    with recording(OrderPaid, OrderCancelled, OrderShipped, OrderCompleted, OrderRefunded) as seen:
        yield seen


def test_the_happy_path_records_every_step_with_who_and_when(
    staff, published, django_capture_on_commit_callbacks
):
    order = make_order()
    with django_capture_on_commit_callbacks(execute=True):
        record_bank_transfer(
            order=order, amount=Money("200.00", "USD"), received_by=staff, reference="SWIFT 123"
        )
        for status in (OrderStatus.PROCESSING, OrderStatus.SHIPPED, OrderStatus.COMPLETED):
            transition(order=order, to=status, actor=staff)

    order.refresh_from_db()
    steps = list(order.transitions.values_list("from_status", "to_status", "actor_label"))
    assert steps == [
        ("", "pending_payment", "system"),
        ("pending_payment", "paid", staff.email),
        ("paid", "processing", staff.email),
        ("processing", "shipped", staff.email),
        ("shipped", "completed", staff.email),
    ]
    assert order.transitions.get(to_status="paid").note == "Bank transfer received (SWIFT 123)"
    assert order.paid_at is not None
    assert [name for name, _payload in published] == [
        "order.paid",
        "order.shipped",
        "order.completed",
    ]
    assert published[0][1] == {"order_id": order.pk}


@pytest.mark.parametrize(
    ("path", "forbidden"),
    [
        ([], OrderStatus.SHIPPED),
        ([OrderStatus.CANCELLED], OrderStatus.PAID),
        ([OrderStatus.PAID], OrderStatus.CANCELLED),
        ([OrderStatus.PAID, OrderStatus.SHIPPED], OrderStatus.PENDING_PAYMENT),
    ],
)
def test_transitions_outside_the_lifecycle_are_refused_and_change_nothing(path, forbidden):
    order = make_order()
    for status in path:
        transition(order=order, to=status)
    steps_before = order.transitions.count()

    with pytest.raises(InvalidTransition):
        transition(order=order, to=forbidden)

    order.refresh_from_db()
    assert order.status == (path[-1] if path else OrderStatus.PENDING_PAYMENT)
    assert order.transitions.count() == steps_before


def test_a_payment_that_does_not_match_never_marks_the_order_paid(published):
    order = make_order(currency="EUR")

    for wrong in (Money("199.99", "EUR"), Money("200.00", "USD")):
        with pytest.raises(PaymentMismatch):
            mark_paid(order=order, amount=wrong, actor_label="test")

    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT


def test_marking_paid_twice_is_harmless():
    order = make_order()

    first = mark_paid(order=order, amount=Money("200", "USD"), actor_label="Stripe")
    second = mark_paid(order=order, amount=Money("200", "USD"), actor_label="Stripe")

    assert (first, second) == (True, False)
    assert order.transitions.filter(to_status="paid").count() == 1


def test_cancelling_returns_the_stock_the_order_took(django_capture_on_commit_callbacks, published):
    taking = make_order(stock=10)
    tracked = taking.lines.get().product
    tracked.refresh_from_db()
    assert tracked.stock_quantity == 8  # 2 taken
    not_taking = make_order()  # its product is not tracked when it is placed
    untracked = not_taking.lines.get().product
    untracked.stock_quantity = 10  # tracking starts after the order
    untracked.save(update_fields=["stock_quantity"])

    with django_capture_on_commit_callbacks(execute=True):
        cancel_order(order=taking, reason="Buyer changed plans")
        cancel_order(order=not_taking, reason="Buyer changed plans")

    tracked.refresh_from_db()
    untracked.refresh_from_db()
    assert (tracked.stock_quantity, untracked.stock_quantity) == (10, 10)  # 8 + 2; 10 + 0
    assert published == [
        ("order.cancelled", {"order_id": taking.pk}),
        ("order.cancelled", {"order_id": not_taking.pk}),
    ]


def test_events_are_not_published_when_the_transaction_rolls_back(
    published, django_capture_on_commit_callbacks
):
    order = make_order()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        transition(order=order, to=OrderStatus.PAID)
        raise RuntimeError("payment record failed")

    assert published == []


def test_order_lines_are_immutable_in_the_database():
    order = make_order()
    line = order.lines.get()

    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        OrderLine.objects.filter(pk=line.pk).update(unit_price=Decimal("1.00"))
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        OrderLine.objects.filter(pk=line.pk).delete()

    line.refresh_from_db()
    assert line.unit_price == Decimal("100.00")
