from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="QuoteRevisionLine")


@_attrs_define
class QuoteRevisionLine:
    """
    Attributes:
        line (int):
        product (int):
        sku (str):
        quantity (int):
        list_unit_price (str):
        unit_price (str):
        lead_time_days (int):
    """

    line: int
    product: int
    sku: str
    quantity: int
    list_unit_price: str
    unit_price: str
    lead_time_days: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        line = self.line

        product = self.product

        sku = self.sku

        quantity = self.quantity

        list_unit_price = self.list_unit_price

        unit_price = self.unit_price

        lead_time_days = self.lead_time_days

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "line": line,
                "product": product,
                "sku": sku,
                "quantity": quantity,
                "list_unit_price": list_unit_price,
                "unit_price": unit_price,
                "lead_time_days": lead_time_days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        line = d.pop("line")

        product = d.pop("product")

        sku = d.pop("sku")

        quantity = d.pop("quantity")

        list_unit_price = d.pop("list_unit_price")

        unit_price = d.pop("unit_price")

        lead_time_days = d.pop("lead_time_days")

        quote_revision_line = cls(
            line=line,
            product=product,
            sku=sku,
            quantity=quantity,
            list_unit_price=list_unit_price,
            unit_price=unit_price,
            lead_time_days=lead_time_days,
        )

        quote_revision_line.additional_properties = d
        return quote_revision_line

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
