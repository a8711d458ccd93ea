from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AnswerLineRequest")


@_attrs_define
class AnswerLineRequest:
    """
    Attributes:
        line (int): The quote line's id.
        unit_price (str): In the quote's currency.
        lead_time_days (int | Unset):  Default: 0.
        sku (str | Unset): The product a described line is (required for lines without a product).
    """

    line: int
    unit_price: str
    lead_time_days: int | Unset = 0
    sku: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        line = self.line

        unit_price = self.unit_price

        lead_time_days = self.lead_time_days

        sku = self.sku

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "line": line,
                "unit_price": unit_price,
            }
        )
        if lead_time_days is not UNSET:
            field_dict["lead_time_days"] = lead_time_days
        if sku is not UNSET:
            field_dict["sku"] = sku

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        line = d.pop("line")

        unit_price = d.pop("unit_price")

        lead_time_days = d.pop("lead_time_days", UNSET)

        sku = d.pop("sku", UNSET)

        answer_line_request = cls(
            line=line,
            unit_price=unit_price,
            lead_time_days=lead_time_days,
            sku=sku,
        )

        answer_line_request.additional_properties = d
        return answer_line_request

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
