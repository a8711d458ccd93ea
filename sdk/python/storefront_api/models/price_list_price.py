from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money import Money


T = TypeVar("T", bound="PriceListPrice")


@_attrs_define
class PriceListPrice:
    """
    Attributes:
        product (int):
        sku (str):
        min_quantity (int):
        price (Money): The schema's one ``Money`` component (every amount in the API has this shape).
    """

    product: int
    sku: str
    min_quantity: int
    price: Money
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product = self.product

        sku = self.sku

        min_quantity = self.min_quantity

        price = self.price.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product": product,
                "sku": sku,
                "min_quantity": min_quantity,
                "price": price,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money import Money  # noqa: PLC0415

        d = dict(src_dict)
        product = d.pop("product")

        sku = d.pop("sku")

        min_quantity = d.pop("min_quantity")

        price = Money.from_dict(d.pop("price"))

        price_list_price = cls(
            product=product,
            sku=sku,
            min_quantity=min_quantity,
            price=price,
        )

        price_list_price.additional_properties = d
        return price_list_price

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
