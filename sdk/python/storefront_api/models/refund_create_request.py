from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.refund_line_input_request import RefundLineInputRequest


T = TypeVar("T", bound="RefundCreateRequest")


@_attrs_define
class RefundCreateRequest:
    """
    Attributes:
        reason (str):
        full (bool | Unset): Refund everything not refunded yet. Default: False.
        lines (list[RefundLineInputRequest] | Unset):
        extra_amount (str | Unset): An amount beyond the lines, e.g. freight (order currency). Default: '0.00'.
    """

    reason: str
    full: bool | Unset = False
    lines: list[RefundLineInputRequest] | Unset = UNSET
    extra_amount: str | Unset = "0.00"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        full = self.full

        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)

        extra_amount = self.extra_amount

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reason": reason,
            }
        )
        if full is not UNSET:
            field_dict["full"] = full
        if lines is not UNSET:
            field_dict["lines"] = lines
        if extra_amount is not UNSET:
            field_dict["extra_amount"] = extra_amount

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.refund_line_input_request import RefundLineInputRequest  # noqa: PLC0415

        d = dict(src_dict)
        reason = d.pop("reason")

        full = d.pop("full", UNSET)

        _lines = d.pop("lines", UNSET)
        lines: list[RefundLineInputRequest] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = RefundLineInputRequest.from_dict(lines_item_data)

                lines.append(lines_item)

        extra_amount = d.pop("extra_amount", UNSET)

        refund_create_request = cls(
            reason=reason,
            full=full,
            lines=lines,
            extra_amount=extra_amount,
        )

        refund_create_request.additional_properties = d
        return refund_create_request

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
