from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="QuoteLine")


@_attrs_define
class QuoteLine:
    """
    Attributes:
        id (int):
        product (int | None):
        sku (None | str):
        description (str):
        quantity (int):
        target_unit_price (None | str):
    """

    id: int
    product: int | None
    sku: None | str
    description: str
    quantity: int
    target_unit_price: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        product: int | None
        product = self.product

        sku: None | str
        sku = self.sku

        description = self.description

        quantity = self.quantity

        target_unit_price: None | str
        target_unit_price = self.target_unit_price

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "product": product,
                "sku": sku,
                "description": description,
                "quantity": quantity,
                "target_unit_price": target_unit_price,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_product(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        product = _parse_product(d.pop("product"))

        def _parse_sku(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sku = _parse_sku(d.pop("sku"))

        description = d.pop("description")

        quantity = d.pop("quantity")

        def _parse_target_unit_price(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        target_unit_price = _parse_target_unit_price(d.pop("target_unit_price"))

        quote_line = cls(
            id=id,
            product=product,
            sku=sku,
            description=description,
            quantity=quantity,
            target_unit_price=target_unit_price,
        )

        quote_line.additional_properties = d
        return quote_line

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
