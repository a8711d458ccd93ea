from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.credit_line_enum import CreditLineEnum
from ..models.currency_enum import CurrencyEnum
from ..models.incoterm_enum import IncotermEnum
from ..models.order_status_enum import OrderStatusEnum
from ..models.payment_method_enum import PaymentMethodEnum
from ..models.payment_terms_enum import PaymentTermsEnum

if TYPE_CHECKING:
    from ..models.money import Money
    from ..models.order_line import OrderLine


T = TypeVar("T", bound="Order")


@_attrs_define
class Order:
    """
    Attributes:
        id (int):
        number (str):
        external_id (str): The order's id in the merchant's ERP (orders recorded through the API).
        member (int | None):
        email (str):
        status (OrderStatusEnum): * `pending_payment` - Pending payment
            * `accepted` - Accepted on terms
            * `paid` - Paid
            * `processing` - Processing
            * `shipped` - Shipped
            * `completed` - Completed
            * `cancelled` - Cancelled
            * `partially_refunded` - Partially refunded
            * `refunded` - Refunded
        currency (CurrencyEnum): * `USD` - USD
            * `EUR` - EUR
            * `GBP` - GBP
            * `CNY` - CNY
            * `JPY` - JPY
            * `AUD` - AUD
            * `CAD` - CAD
        subtotal (Money): The schema's one ``Money`` component (every amount in the API has this shape).
        discount_total (Money): The schema's one ``Money`` component (every amount in the API has this shape).
        shipping_total (Money): The schema's one ``Money`` component (every amount in the API has this shape).
        shipping_benefit (Money): The schema's one ``Money`` component (every amount in the API has this shape).
        total (Money): The schema's one ``Money`` component (every amount in the API has this shape).
        received (Money): The schema's one ``Money`` component (every amount in the API has this shape).
        outstanding (Money): The schema's one ``Money`` component (every amount in the API has this shape).
        refunded (Money): The schema's one ``Money`` component (every amount in the API has this shape).
        payment_method (PaymentMethodEnum): * `stripe` - Card (Stripe)
            * `paypal` - PayPal
            * `bank_transfer` - Bank transfer / payment on terms
        payment_terms (None | PaymentTermsEnum): Bank transfer orders: the buyer's terms when the order was placed; null
            for orders paid by card or PayPal.
        deposit (Money): The schema's one ``Money`` component (every amount in the API has this shape).
        due_date (datetime.date | None):
        is_overdue (bool): Unpaid after its due date (orders on net terms).
        is_paid_in_full (bool): Paid in full (paid_at is then set). status is the fulfilment: an order accepted on net
            terms may be processing, shipped or completed before it is paid.
        credit_line (CreditLineEnum | None): Net terms: whose credit line the order drew on, the company's or the
            member's own; null otherwise.
        priority_service (bool): The buyer's tier offered priority service when the order was placed.
        incoterm (IncotermEnum): * `EXW` - EXW – Ex Works
            * `FCA` - FCA – Free Carrier
            * `FOB` - FOB – Free On Board
            * `CFR` - CFR – Cost and Freight
            * `CIF` - CIF – Cost, Insurance and Freight
            * `DAP` - DAP – Delivered At Place
            * `DDP` - DDP – Delivered Duty Paid
        po_number (str):
        vat_id (str):
        reverse_charge (bool): Decided when the order was placed: the buyer's VAT id is a valid EU VAT number of another
            EU country than the merchant's, so the buyer accounts for the VAT.
        placed_at (datetime.datetime):
        paid_at (datetime.datetime | None):
        lines (list[OrderLine]):
    """

    id: int
    number: str
    external_id: str
    member: int | None
    email: str
    status: OrderStatusEnum
    currency: CurrencyEnum
    subtotal: Money
    discount_total: Money
    shipping_total: Money
    shipping_benefit: Money
    total: Money
    received: Money
    outstanding: Money
    refunded: Money
    payment_method: PaymentMethodEnum
    payment_terms: None | PaymentTermsEnum
    deposit: Money
    due_date: datetime.date | None
    is_overdue: bool
    is_paid_in_full: bool
    credit_line: CreditLineEnum | None
    priority_service: bool
    incoterm: IncotermEnum
    po_number: str
    vat_id: str
    reverse_charge: bool
    placed_at: datetime.datetime
    paid_at: datetime.datetime | None
    lines: list[OrderLine]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        number = self.number

        external_id = self.external_id

        member: int | None
        member = self.member

        email = self.email

        status = self.status.value

        currency = self.currency.value

        subtotal = self.subtotal.to_dict()

        discount_total = self.discount_total.to_dict()

        shipping_total = self.shipping_total.to_dict()

        shipping_benefit = self.shipping_benefit.to_dict()

        total = self.total.to_dict()

        received = self.received.to_dict()

        outstanding = self.outstanding.to_dict()

        refunded = self.refunded.to_dict()

        payment_method = self.payment_method.value

        payment_terms: None | str
        if isinstance(self.payment_terms, PaymentTermsEnum):
            payment_terms = self.payment_terms.value
        else:
            payment_terms = self.payment_terms

        deposit = self.deposit.to_dict()

        due_date: None | str
        if isinstance(self.due_date, datetime.date):
            due_date = self.due_date.isoformat()
        else:
            due_date = self.due_date

        is_overdue = self.is_overdue

        is_paid_in_full = self.is_paid_in_full

        credit_line: None | str
        if isinstance(self.credit_line, CreditLineEnum):
            credit_line = self.credit_line.value
        else:
            credit_line = self.credit_line

        priority_service = self.priority_service

        incoterm = self.incoterm.value

        po_number = self.po_number

        vat_id = self.vat_id

        reverse_charge = self.reverse_charge

        placed_at = self.placed_at.isoformat()

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "number": number,
                "external_id": external_id,
                "member": member,
                "email": email,
                "status": status,
                "currency": currency,
                "subtotal": subtotal,
                "discount_total": discount_total,
                "shipping_total": shipping_total,
                "shipping_benefit": shipping_benefit,
                "total": total,
                "received": received,
                "outstanding": outstanding,
                "refunded": refunded,
                "payment_method": payment_method,
                "payment_terms": payment_terms,
                "deposit": deposit,
                "due_date": due_date,
                "is_overdue": is_overdue,
                "is_paid_in_full": is_paid_in_full,
                "credit_line": credit_line,
                "priority_service": priority_service,
                "incoterm": incoterm,
                "po_number": po_number,
                "vat_id": vat_id,
                "reverse_charge": reverse_charge,
                "placed_at": placed_at,
                "paid_at": paid_at,
                "lines": lines,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money import Money  # noqa: PLC0415
        from ..models.order_line import OrderLine  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        number = d.pop("number")

        external_id = d.pop("external_id")

        def _parse_member(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        member = _parse_member(d.pop("member"))

        email = d.pop("email")

        status = OrderStatusEnum(d.pop("status"))

        currency = CurrencyEnum(d.pop("currency"))

        subtotal = Money.from_dict(d.pop("subtotal"))

        discount_total = Money.from_dict(d.pop("discount_total"))

        shipping_total = Money.from_dict(d.pop("shipping_total"))

        shipping_benefit = Money.from_dict(d.pop("shipping_benefit"))

        total = Money.from_dict(d.pop("total"))

        received = Money.from_dict(d.pop("received"))

        outstanding = Money.from_dict(d.pop("outstanding"))

        refunded = Money.from_dict(d.pop("refunded"))

        payment_method = PaymentMethodEnum(d.pop("payment_method"))

        def _parse_payment_terms(data: object) -> None | PaymentTermsEnum:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                payment_terms_type_0 = PaymentTermsEnum(data)

                return payment_terms_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PaymentTermsEnum, data)

        payment_terms = _parse_payment_terms(d.pop("payment_terms"))

        deposit = Money.from_dict(d.pop("deposit"))

        def _parse_due_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_date_type_0 = datetime.date.fromisoformat(data)

                return due_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        due_date = _parse_due_date(d.pop("due_date"))

        is_overdue = d.pop("is_overdue")

        is_paid_in_full = d.pop("is_paid_in_full")

        def _parse_credit_line(data: object) -> CreditLineEnum | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                credit_line_type_0 = CreditLineEnum(data)

                return credit_line_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreditLineEnum | None, data)

        credit_line = _parse_credit_line(d.pop("credit_line"))

        priority_service = d.pop("priority_service")

        incoterm = IncotermEnum(d.pop("incoterm"))

        po_number = d.pop("po_number")

        vat_id = d.pop("vat_id")

        reverse_charge = d.pop("reverse_charge")

        placed_at = datetime.datetime.fromisoformat(d.pop("placed_at"))

        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)

                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paid_at"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = OrderLine.from_dict(lines_item_data)

            lines.append(lines_item)

        order = cls(
            id=id,
            number=number,
            external_id=external_id,
            member=member,
            email=email,
            status=status,
            currency=currency,
            subtotal=subtotal,
            discount_total=discount_total,
            shipping_total=shipping_total,
            shipping_benefit=shipping_benefit,
            total=total,
            received=received,
            outstanding=outstanding,
            refunded=refunded,
            payment_method=payment_method,
            payment_terms=payment_terms,
            deposit=deposit,
            due_date=due_date,
            is_overdue=is_overdue,
            is_paid_in_full=is_paid_in_full,
            credit_line=credit_line,
            priority_service=priority_service,
            incoterm=incoterm,
            po_number=po_number,
            vat_id=vat_id,
            reverse_charge=reverse_charge,
            placed_at=placed_at,
            paid_at=paid_at,
            lines=lines,
        )

        order.additional_properties = d
        return order

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
