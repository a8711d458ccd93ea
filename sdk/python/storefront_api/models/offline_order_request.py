from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.currency_enum import CurrencyEnum
from ..models.incoterm_enum import IncotermEnum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.offline_order_line_request import OfflineOrderLineRequest


T = TypeVar("T", bound="OfflineOrderRequest")


@_attrs_define
class OfflineOrderRequest:
    """An order the ERP already took and was paid (offline, by phone, at a trade fair).

    Attributes:
        external_id (str): Your order id; unique.
        member (int): Member id.
        currency (CurrencyEnum): * `USD` - USD
            * `EUR` - EUR
            * `GBP` - GBP
            * `CNY` - CNY
            * `JPY` - JPY
            * `AUD` - AUD
            * `CAD` - CAD
        lines (list[OfflineOrderLineRequest]):
        shipping_method (int | None | Unset): Shipping method id: its flat freight applies unless shipping_amount is
            given.
        shipping_amount (None | str | Unset): Freight in the order's currency (default: the shipping method's, else 0).
            The member's tier shipping benefit is taken off it.
        incoterm (IncotermEnum | Unset): * `EXW` - EXW – Ex Works
            * `FCA` - FCA – Free Carrier
            * `FOB` - FOB – Free On Board
            * `CFR` - CFR – Cost and Freight
            * `CIF` - CIF – Cost, Insurance and Freight
            * `DAP` - DAP – Delivered At Place
            * `DDP` - DDP – Delivered Duty Paid Default: IncotermEnum.EXW.
        po_number (str | Unset):  Default: ''.
        notes (str | Unset):  Default: ''.
    """

    external_id: str
    member: int
    currency: CurrencyEnum
    lines: list[OfflineOrderLineRequest]
    shipping_method: int | None | Unset = UNSET
    shipping_amount: None | str | Unset = UNSET
    incoterm: IncotermEnum | Unset = IncotermEnum.EXW
    po_number: str | Unset = ""
    notes: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_id = self.external_id

        member = self.member

        currency = self.currency.value

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        shipping_method: int | None | Unset
        if isinstance(self.shipping_method, Unset):
            shipping_method = UNSET
        else:
            shipping_method = self.shipping_method

        shipping_amount: None | str | Unset
        if isinstance(self.shipping_amount, Unset):
            shipping_amount = UNSET
        else:
            shipping_amount = self.shipping_amount

        incoterm: str | Unset = UNSET
        if not isinstance(self.incoterm, Unset):
            incoterm = self.incoterm.value

        po_number = self.po_number

        notes = self.notes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "external_id": external_id,
                "member": member,
                "currency": currency,
                "lines": lines,
            }
        )
        if shipping_method is not UNSET:
            field_dict["shipping_method"] = shipping_method
        if shipping_amount is not UNSET:
            field_dict["shipping_amount"] = shipping_amount
        if incoterm is not UNSET:
            field_dict["incoterm"] = incoterm
        if po_number is not UNSET:
            field_dict["po_number"] = po_number
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.offline_order_line_request import OfflineOrderLineRequest  # noqa: PLC0415

        d = dict(src_dict)
        external_id = d.pop("external_id")

        member = d.pop("member")

        currency = CurrencyEnum(d.pop("currency"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = OfflineOrderLineRequest.from_dict(lines_item_data)

            lines.append(lines_item)

        def _parse_shipping_method(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        shipping_method = _parse_shipping_method(d.pop("shipping_method", UNSET))

        def _parse_shipping_amount(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        shipping_amount = _parse_shipping_amount(d.pop("shipping_amount", UNSET))

        _incoterm = d.pop("incoterm", UNSET)
        incoterm: IncotermEnum | Unset
        if isinstance(_incoterm, Unset):
            incoterm = UNSET
        else:
            incoterm = IncotermEnum(_incoterm)

        po_number = d.pop("po_number", UNSET)

        notes = d.pop("notes", UNSET)

        offline_order_request = cls(
            external_id=external_id,
            member=member,
            currency=currency,
            lines=lines,
            shipping_method=shipping_method,
            shipping_amount=shipping_amount,
            incoterm=incoterm,
            po_number=po_number,
            notes=notes,
        )

        offline_order_request.additional_properties = d
        return offline_order_request

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
