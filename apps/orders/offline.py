"""Offline orders: orders the merchant's ERP took and was paid for outside the storefront (by
phone, at a trade fair, on terms). Recorded through the integrator API, they go through the
same ``create_order`` and ``mark_paid`` as web orders, so they earn points, count towards tiers
and announce ``order.paid`` like any other.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from djmoney.money import Money

from apps.catalog.access import check_may_buy, has_early_access
from apps.catalog.models import Product
from apps.catalog.pricing import pricing_context, unit_price
from apps.currencies.errors import MissingExchangeRate
from apps.currencies.selectors import exchange_rate, round_to_minor_unit

from .benefits import shipping_charge
from .errors import ExternalIdTaken, UnknownProduct
from .models import Order, PaymentMethod, ShippingMethod
from .services import LineDraft, OrderDraft, create_order, mark_paid

if TYPE_CHECKING:
    from apps.members.models import Member


@dataclass(frozen=True)
class OfflineLine:
    sku: str
    quantity: int
    unit_price: Decimal | None = None  # in the order's currency; None: the member's price now


@transaction.atomic
def record_offline_order(
    *,
    member: "Member",
    external_id: str,
    currency: str,
    lines: list[OfflineLine],
    recorded_by: str,
    shipping_method: ShippingMethod | None = None,
    shipping_amount: Decimal | None = None,
    incoterm: str = "EXW",
    po_number: str = "",
    notes: str = "",
) -> Order:
    """Create ``member``'s paid order with the ERP's ``external_id``, at today's exchange rate.

    A line without ``unit_price`` costs what the storefront would charge the member now
    (``catalog.pricing``: their price list, tier price or the catalogue's, by quantity).
    Freight is ``shipping_amount`` (the ERP's) or else the ``shipping_method``'s flat price;
    the member's tier shipping benefit is taken off it as at checkout (``benefits``). The ERP
    fulfils the order from its own stock, so tracked stock is not taken. Raises
    ``ExternalIdTaken``, ``UnknownProduct`` (a SKU we do not sell), ``ProductNotReleased`` (an
    early-access product the member's tier may not buy yet) or ``MissingExchangeRate``; nothing
    is written then.
    """
    if Order.objects.filter(external_id=external_id).exists():
        raise ExternalIdTaken()
    products = Product.objects.in_bulk([line.sku for line in lines], field_name="sku")
    early_access = has_early_access(member)
    for line in lines:
        if line.sku not in products:
            raise UnknownProduct(UnknownProduct.default_message % {"sku": line.sku}, sku=line.sku)
        check_may_buy(products[line.sku], early_access=early_access)
    rate = exchange_rate(settings.BASE_CURRENCY, currency)
    if rate is None:
        raise MissingExchangeRate()
    if shipping_amount is None and shipping_method is None:
        shipping_amount = Decimal(0)
    shipping = shipping_charge(
        method=shipping_method,
        member=member,
        currency=currency,
        rate=rate,
        freight=shipping_amount,
    )
    drafts = [_line_draft(line, products[line.sku], member, currency) for line in lines]
    order = create_order(
        draft=OrderDraft(
            email=member.user.email,
            language=member.preferred_language,
            currency=currency,
            exchange_rate=rate,
            payment_method=PaymentMethod.BANK_TRANSFER,
            incoterm=incoterm,
            lines=drafts,
            address={
                "name": member.company_name or member.user.email,
                "company": member.company_name,
                "country": str(member.country),
            },
            member=member,
            shipping_method=shipping_method,
            shipping_amount=shipping.charged,
            shipping_discount=shipping.discount,
            shipping_discount_label=shipping.label,
            freight_quoted_later=shipping.quoted_later,
            vat_id=member.vat_id,
            po_number=po_number,
            notes=notes,
            external_id=external_id,
            take_stock=False,
            on_terms=False,  # already paid in the ERP: no credit check, no due date
        )
    )
    mark_paid(
        order=order,
        amount=Money(order.total_amount, currency),
        actor_label=recorded_by,
        note=_("Offline order %(external_id)s") % {"external_id": external_id},
    )
    order.refresh_from_db()
    return order


def _line_draft(line: OfflineLine, product: Product, member: "Member", currency: str) -> LineDraft:
    if line.unit_price is not None:
        price = round_to_minor_unit(line.unit_price, currency)
        return LineDraft(
            product=product, quantity=line.quantity, list_unit_price=price, unit_price=price
        )
    rung = unit_price(product, line.quantity, pricing_context(currency=currency, member=member))
    if rung is None:  # no rate for the currency (checked above, so not met in practice)
        raise MissingExchangeRate()
    return LineDraft(
        product=product,
        quantity=line.quantity,
        list_unit_price=rung.list_price.amount,
        unit_price=rung.unit_price.amount,
    )
