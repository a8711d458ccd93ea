from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.value import Value


T = TypeVar("T", bound="AccountingDay")


@_attrs_define
class AccountingDay:
    """The point movements of a day, each a non-negative integer.

    Attributes:
        day (datetime.date):
        live (bool): Computed now (today, or a day not closed yet).
        opening (int): Outstanding points at the day's start.
        earned_pending (int):
        earned_available (int):
        released (int): Made available after the return window.
        spent_checkout (int):
        spent_rewards (int):
        clawed_back (int): Taken back after refunds.
        expired (int):
        adjusted_up (int):
        adjusted_down (int):
        returned (int): Given back for cancellations.
        closing (int): Outstanding points at the day's end.
        closing_available (int):
        closing_pending (int):
        closing_value (list[Value]): The closing balance's redemption value in each currency.
    """

    day: datetime.date
    live: bool
    opening: int
    earned_pending: int
    earned_available: int
    released: int
    spent_checkout: int
    spent_rewards: int
    clawed_back: int
    expired: int
    adjusted_up: int
    adjusted_down: int
    returned: int
    closing: int
    closing_available: int
    closing_pending: int
    closing_value: list[Value]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        day = self.day.isoformat()

        live = self.live

        opening = self.opening

        earned_pending = self.earned_pending

        earned_available = self.earned_available

        released = self.released

        spent_checkout = self.spent_checkout

        spent_rewards = self.spent_rewards

        clawed_back = self.clawed_back

        expired = self.expired

        adjusted_up = self.adjusted_up

        adjusted_down = self.adjusted_down

        returned = self.returned

        closing = self.closing

        closing_available = self.closing_available

        closing_pending = self.closing_pending

        closing_value = []
        for closing_value_item_data in self.closing_value:
            closing_value_item = closing_value_item_data.to_dict()
            closing_value.append(closing_value_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "day": day,
                "live": live,
                "opening": opening,
                "earned_pending": earned_pending,
                "earned_available": earned_available,
                "released": released,
                "spent_checkout": spent_checkout,
                "spent_rewards": spent_rewards,
                "clawed_back": clawed_back,
                "expired": expired,
                "adjusted_up": adjusted_up,
                "adjusted_down": adjusted_down,
                "returned": returned,
                "closing": closing,
                "closing_available": closing_available,
                "closing_pending": closing_pending,
                "closing_value": closing_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.value import Value  # noqa: PLC0415

        d = dict(src_dict)
        day = datetime.date.fromisoformat(d.pop("day"))

        live = d.pop("live")

        opening = d.pop("opening")

        earned_pending = d.pop("earned_pending")

        earned_available = d.pop("earned_available")

        released = d.pop("released")

        spent_checkout = d.pop("spent_checkout")

        spent_rewards = d.pop("spent_rewards")

        clawed_back = d.pop("clawed_back")

        expired = d.pop("expired")

        adjusted_up = d.pop("adjusted_up")

        adjusted_down = d.pop("adjusted_down")

        returned = d.pop("returned")

        closing = d.pop("closing")

        closing_available = d.pop("closing_available")

        closing_pending = d.pop("closing_pending")

        closing_value = []
        _closing_value = d.pop("closing_value")
        for closing_value_item_data in _closing_value:
            closing_value_item = Value.from_dict(closing_value_item_data)

            closing_value.append(closing_value_item)

        accounting_day = cls(
            day=day,
            live=live,
            opening=opening,
            earned_pending=earned_pending,
            earned_available=earned_available,
            released=released,
            spent_checkout=spent_checkout,
            spent_rewards=spent_rewards,
            clawed_back=clawed_back,
            expired=expired,
            adjusted_up=adjusted_up,
            adjusted_down=adjusted_down,
            returned=returned,
            closing=closing,
            closing_available=closing_available,
            closing_pending=closing_pending,
            closing_value=closing_value,
        )

        accounting_day.additional_properties = d
        return accounting_day

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
