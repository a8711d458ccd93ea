from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.refund_status_enum import RefundStatusEnum

if TYPE_CHECKING:
    from ..models.money import Money
    from ..models.refund_line import RefundLine


T = TypeVar("T", bound="Refund")


@_attrs_define
class Refund:
    """
    Attributes:
        id (int):
        order (int):
        amount (Money): The schema's one ``Money`` component (every amount in the API has this shape).
        reason (str):
        status (RefundStatusEnum): * `pending` - Pending
            * `succeeded` - Succeeded
            * `failed` - Failed
        lines (list[RefundLine]):
        created_at (datetime.datetime):
    """

    id: int
    order: int
    amount: Money
    reason: str
    status: RefundStatusEnum
    lines: list[RefundLine]
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        order = self.order

        amount = self.amount.to_dict()

        reason = self.reason

        status = self.status.value

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "order": order,
                "amount": amount,
                "reason": reason,
                "status": status,
                "lines": lines,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money import Money  # noqa: PLC0415
        from ..models.refund_line import RefundLine  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        order = d.pop("order")

        amount = Money.from_dict(d.pop("amount"))

        reason = d.pop("reason")

        status = RefundStatusEnum(d.pop("status"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = RefundLine.from_dict(lines_item_data)

            lines.append(lines_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        refund = cls(
            id=id,
            order=order,
            amount=amount,
            reason=reason,
            status=status,
            lines=lines,
            created_at=created_at,
        )

        refund.additional_properties = d
        return refund

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
