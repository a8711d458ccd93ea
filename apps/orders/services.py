"""The one way orders are created and change status.

Every status change goes through ``transition``: it locks the order, checks the lifecycle in
``state.py``, records who did it and when, and publishes the domain event after commit.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_noop
from djmoney.money import Money

from apps.catalog.caching import catalogue_changed
from apps.catalog.models import Product
from apps.catalog.units import unit_of
from apps.companies.selectors import company_id_of
from apps.core import events, formatting, tax_ids
from apps.sitecontent.selectors import merchant_vat_country

from .benefits import has_priority_service
from .errors import AmountTooLarge, InsufficientStock, PaymentMismatch
from .events import OrderCancelled, OrderCompleted, OrderPaid, OrderPlaced, OrderShipped
from .lock_objects import lock_order, lock_products
from .models import (
    MAX_AMOUNT,
    Order,
    OrderDiscount,
    OrderLine,
    OrderStatus,
    OrderTransition,
    ShippingMethod,
    default_incoterm_place,
)
from .state import InvalidTransition, blocked
from .terms import TermsDecision, decide_terms
from .totals import Totals, compute_totals

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.members.models import Member

logger = logging.getLogger(__name__)

# The system's name and notes on the timeline, kept as source text and shown in the reader's
# language (``apps.core.system_notes``).
SYSTEM = gettext_noop("system")
ORDER_PLACED = gettext_noop("Order placed")
PAID_IN_FULL = gettext_noop("Paid in full")
NOT_PAID_IN_TIME = gettext_noop("Not paid in time")


@dataclass(frozen=True)
class LineDraft:
    product: Product
    quantity: int
    list_unit_price: Decimal
    unit_price: Decimal
    # False for a line made to order (a quote's line with a lead time): nothing is taken from
    # the shelf for it, nor put back if the order is cancelled (``OrderLine.stock_taken``).
    take_stock: bool = True


@dataclass(frozen=True)
class DiscountDraft:
    kind: str
    label: str
    amount: Decimal
    reference: str = ""
    # Called with the new order inside its transaction (e.g. to spend redeemed points); may
    # raise an ApplicationError, which cancels the whole order.
    on_place: Callable[[Order], None] | None = None


@dataclass(frozen=True)
class OrderDraft:
    """Everything checkout has decided; amounts are in ``currency`` and already rounded."""

    email: str
    language: str
    currency: str
    exchange_rate: Decimal
    payment_method: str
    incoterm: str
    lines: list[LineDraft]
    address: dict[str, str]  # the ``ship_to_*`` fields without their prefix
    member: "Member | None" = None
    shipping_method: "ShippingMethod | None" = None
    shipping_amount: Decimal = Decimal(0)  # what the buyer pays for shipping
    # The tier's shipping benefit already taken off ``shipping_amount`` (``orders.benefits``).
    shipping_discount: Decimal = Decimal(0)
    shipping_discount_label: str = ""
    freight_quoted_later: bool = False
    discounts: list[DiscountDraft] = field(default_factory=list)
    vat_id: str = ""
    billing_address: str = ""
    po_number: str = ""
    notes: str = ""
    external_id: str = ""
    # False for orders the merchant's ERP already fulfils from its own stock (offline orders).
    take_stock: bool = True
    # The Incoterm's named place ("CIF Yokohama"); empty: the shop's default place.
    incoterm_place: str = ""
    # False for orders recorded as already paid: the buyer's payment terms (credit limit, due
    # date, deposit) apply to bank transfer orders only when True (``terms.decide_terms``).
    on_terms: bool = True


def _check_amounts_fit(draft: OrderDraft, totals: Totals) -> None:
    line_totals = [line.unit_price * line.quantity for line in draft.lines]
    if max([*line_totals, totals.subtotal, totals.shipping, totals.total]) > MAX_AMOUNT:
        maximum = formatting.money_text(Money(MAX_AMOUNT, draft.currency))
        raise AmountTooLarge(AmountTooLarge.default_message % {"maximum": maximum})


@transaction.atomic
def create_order(*, draft: OrderDraft) -> Order:
    """Create a pending-payment order from ``draft``, taking tracked stock (unless
    ``draft.take_stock`` is False, or a line's ``take_stock``: made to order).

    Amounts are computed by ``totals.compute_totals``, as the checkout summary computes them.
    Whether the member's tier gives priority service is captured now (``benefits``), and
    whether the VAT is reverse charged (``tax_ids.is_reverse_charge``: the draft's VAT id is a
    valid EU VAT number of another EU country than the merchant's VAT number's).
    A bank transfer order records the buyer's payment terms (``terms.decide_terms``): on net
    terms it gets a due date, on deposit terms its deposit.
    Raises ``InsufficientStock`` (nothing is written) when a tracked product has fewer units
    than ordered, ``AmountTooLarge`` when a line or a total would not fit the amount columns,
    ``CreditLimitExceeded`` when an order on net terms is more than the available credit.
    Publishes ``order.placed`` after commit.
    """
    totals = compute_totals(
        lines=[(line.list_unit_price, line.unit_price, line.quantity) for line in draft.lines],
        discounts=[d.amount for d in draft.discounts],
        shipping=draft.shipping_amount,
    )
    _check_amounts_fit(draft, totals)
    decision = (
        decide_terms(
            member=draft.member,
            payment_method=draft.payment_method,
            total=Money(totals.total, draft.currency),
        )
        if draft.on_terms
        else TermsDecision()
    )
    from_stock = [line for line in draft.lines if draft.take_stock and line.take_stock]
    tracked: set[int] = set()  # the products whose stock was taken (not untracked ones)
    if from_stock:
        products = lock_products(line.product.pk for line in from_stock)
        _take_stock(from_stock, products)
        tracked = {pk for pk, product in products.items() if product.stock_quantity is not None}
    order = Order.objects.create(
        member=draft.member,
        company_id=company_id_of(draft.member),
        payment_terms=decision.payment_terms,
        due_date=decision.due_date,
        credit_line=decision.credit_line,
        # Net terms within the credit: fulfilled before it is paid (``state.py``).
        status=OrderStatus.ACCEPTED if decision.due_date else OrderStatus.PENDING_PAYMENT,
        deposit_amount=decision.deposit_amount,
        email=draft.email,
        language=draft.language,
        currency=draft.currency,
        exchange_rate=draft.exchange_rate,
        subtotal_amount=totals.subtotal,
        discount_amount=totals.discount,
        shipping_amount=totals.shipping,
        shipping_discount_amount=draft.shipping_discount,
        shipping_discount_label=draft.shipping_discount_label[:200],
        total_amount=totals.total,
        payment_method=draft.payment_method,
        incoterm=draft.incoterm,
        incoterm_place=draft.incoterm_place[:100] or default_incoterm_place(),
        shipping_method=draft.shipping_method,
        freight_quoted_later=draft.freight_quoted_later,
        priority_service=has_priority_service(draft.member),
        vat_id=draft.vat_id,
        reverse_charge=tax_ids.is_reverse_charge(
            vat_id=draft.vat_id, merchant_country=merchant_vat_country()
        ),
        billing_address=draft.billing_address,
        po_number=draft.po_number,
        notes=draft.notes,
        external_id=draft.external_id,
        **{f"ship_to_{key}": value for key, value in draft.address.items()},
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=line.product,
            sku=line.product.sku,
            name=line.product.name,
            category_id_at_purchase=line.product.category_id,
            is_custom_made=line.product.is_custom_made,
            quantity=line.quantity,
            unit=unit_of(line.product),
            list_unit_price=line.list_unit_price,
            unit_price=line.unit_price,
            line_total=line.unit_price * line.quantity,
            stock_taken=line in from_stock and line.product.pk in tracked,
        )
        for line in draft.lines
    )
    OrderDiscount.objects.bulk_create(
        OrderDiscount(
            order=order, kind=d.kind, label=d.label, reference=d.reference, amount=d.amount
        )
        for d in draft.discounts
    )
    for discount in draft.discounts:
        if discount.on_place is not None:
            discount.on_place(order)
    OrderTransition.objects.create(
        order=order,
        from_status="",
        to_status=order.status,
        actor_label=SYSTEM,
        note=ORDER_PLACED,
    )
    events.publish(OrderPlaced(order_id=order.pk))
    return order


def _take_stock(lines: list[LineDraft], products: dict[int, Product]) -> None:
    for line in lines:
        product = products[line.product.pk]
        if product.stock_quantity is None:
            continue
        if product.stock_quantity < line.quantity:
            raise InsufficientStock(
                InsufficientStock.default_message
                % {"product": product.name, "available": formatting.number(product.stock_quantity)},
                product_id=product.pk,
            )
        Product.objects.filter(pk=product.pk).update(
            stock_quantity=F("stock_quantity") - line.quantity
        )
        catalogue_changed()  # pages show stock


def _return_stock(order: Order) -> None:
    for line in order.lines.exclude(product=None).filter(stock_taken=True):
        Product.objects.filter(pk=line.product_id, stock_quantity__isnull=False).update(
            stock_quantity=F("stock_quantity") + line.quantity
        )
    catalogue_changed()


class _OrderEvent(Protocol):
    """An order event's class: built from the order's id."""

    def __call__(self, *, order_id: int) -> events.Event: ...


EVENTS_BY_STATUS: dict[str, _OrderEvent] = {
    OrderStatus.PAID: OrderPaid,
    OrderStatus.CANCELLED: OrderCancelled,
    OrderStatus.SHIPPED: OrderShipped,
    OrderStatus.COMPLETED: OrderCompleted,
}


@transaction.atomic
def transition(
    *, order: Order, to: str, actor: "User | None" = None, actor_label: str = SYSTEM, note: str = ""
) -> Order:
    """Move ``order`` to status ``to``, record it, publish the matching event after commit.

    Raises ``InvalidTransition`` (or one of its kinds in ``state.py``: a deposit not
    received, a balance due before shipment, money received for an order to cancel) when the
    lifecycle does not allow the step for this order.
    """
    locked = lock_order(order.pk)
    refused = blocked(locked, to)
    if refused is not None:
        raise refused
    previous = locked.status
    locked.status = to
    update_fields = ["status", "updated_at"]
    if to == OrderStatus.PAID:
        locked.paid_at = timezone.now()
        update_fields.append("paid_at")
    locked.save(update_fields=update_fields)
    OrderTransition.objects.create(
        order=locked,
        from_status=previous,
        to_status=to,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label if actor is None else str(actor),
        note=note[:500],
    )
    if to == OrderStatus.CANCELLED:
        _return_stock(locked)
    if to in EVENTS_BY_STATUS:
        events.publish(EVENTS_BY_STATUS[to](order_id=locked.pk))
    return locked


@transaction.atomic
def mark_paid(
    *,
    order: Order,
    amount: Money,
    actor: "User | None" = None,
    actor_label: str,
    note: str = "",
    shortfall_allowed: Decimal = Decimal(0),
) -> bool:
    """Record that ``amount`` settled ``order`` in full. True if this call marked it paid.

    An order waiting for payment ("pending payment", or "accepted on terms") becomes "paid";
    an order on terms already in fulfilment (processing, shipped, completed) keeps its status:
    its timeline records the payment. Either way ``paid_at`` is set and ``order.paid`` is
    published (so points are earned) exactly once.

    ``shortfall_allowed``: how much less than the total still settles the order (bank fees on a
    transfer, ``receipts.fee_tolerance``); never more than the total. Idempotent: an order
    already paid in full, cancelled or refunded is left alone (False). Raises
    ``PaymentMismatch`` (nothing changes) when the currency differs or the amount is outside
    that range.
    """
    locked = lock_order(order.pk)
    if not locked.awaiting_payment:
        return False
    lowest = locked.total_amount - max(shortfall_allowed, Decimal(0))
    if str(amount.currency) != locked.currency or not (
        lowest <= amount.amount <= locked.total_amount
    ):
        logger.warning(
            "Payment for order %s does not match: got %s, expected %s",
            locked.number,
            amount,
            locked.total,
        )
        raise PaymentMismatch()
    if locked.status in (OrderStatus.PENDING_PAYMENT, OrderStatus.ACCEPTED):
        transition(
            order=locked, to=OrderStatus.PAID, actor=actor, actor_label=actor_label, note=note
        )
        return True
    locked.paid_at = timezone.now()
    locked.save(update_fields=["paid_at", "updated_at"])
    OrderTransition.objects.create(
        order=locked,
        from_status=locked.status,
        to_status=locked.status,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label if actor is None else str(actor),
        note=(note or PAID_IN_FULL)[:500],
    )
    events.publish(OrderPaid(order_id=locked.pk))
    return True


def cancel_order(
    *, order: Order, actor: "User | None" = None, actor_label: str = SYSTEM, reason: str = ""
) -> Order:
    """Cancel an unpaid order and put tracked stock back (an order on net terms frees its
    credit); paid orders are refunded instead."""
    return transition(
        order=order, to=OrderStatus.CANCELLED, actor=actor, actor_label=actor_label, note=reason
    )


def cancel_if_unpaid(*, order: Order, actor_label: str, reason: str) -> bool:
    try:
        cancel_order(order=order, actor_label=actor_label, reason=reason)
    except InvalidTransition:
        return False
    return True


__all__ = [
    "DiscountDraft",
    "InvalidTransition",
    "LineDraft",
    "OrderDraft",
    "cancel_order",
    "create_order",
    "mark_paid",
    "transition",
]


def cancel_unpaid_orders(*, as_of: datetime) -> int:
    """Cancel orders still unpaid after their payment method's deadline (settings
    ``UNPAID_ORDER_DAYS``); their stock and redeemed points come back. Returns how many."""
    cancelled = 0
    for method, days in settings.UNPAID_ORDER_DAYS.items():
        stale = (
            Order.objects.filter(
                status=OrderStatus.PENDING_PAYMENT,  # not orders accepted on terms
                payment_method=method,
                placed_at__lte=as_of - timedelta(days=days),
            )
            # Orders on net terms are due on their due date (reminded, shown overdue), and an
            # order with money received (a deposit, a part transfer) is not cancelled.
            .filter(due_date__isnull=True)
            .exclude(received_amount__gt=0)
            .values_list("pk", flat=True)
        )
        for order_id in stale:
            cancelled += cancel_if_unpaid(
                order=Order(pk=order_id),
                actor_label=SYSTEM,
                reason=NOT_PAID_IN_TIME,
            )
    return cancelled
