from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money import Money


T = TypeVar("T", bound="OrderLine")


@_attrs_define
class OrderLine:
    """
    Attributes:
        id (int):
        sku (str):
        name (str):
        quantity (int):
        unit (str):
        unit_price (Money): The schema's one ``Money`` component (every amount in the API has this shape).
        line_total (Money): The schema's one ``Money`` component (every amount in the API has this shape).
    """

    id: int
    sku: str
    name: str
    quantity: int
    unit: str
    unit_price: Money
    line_total: Money
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        sku = self.sku

        name = self.name

        quantity = self.quantity

        unit = self.unit

        unit_price = self.unit_price.to_dict()

        line_total = self.line_total.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "sku": sku,
                "name": name,
                "quantity": quantity,
                "unit": unit,
                "unit_price": unit_price,
                "line_total": line_total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money import Money  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        sku = d.pop("sku")

        name = d.pop("name")

        quantity = d.pop("quantity")

        unit = d.pop("unit")

        unit_price = Money.from_dict(d.pop("unit_price"))

        line_total = Money.from_dict(d.pop("line_total"))

        order_line = cls(
            id=id,
            sku=sku,
            name=name,
            quantity=quantity,
            unit=unit,
            unit_price=unit_price,
            line_total=line_total,
        )

        order_line.additional_properties = d
        return order_line

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
