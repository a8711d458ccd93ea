from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.sales import Sales


T = TypeVar("T", bound="ProgrammeDay")


@_attrs_define
class ProgrammeDay:
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
        members_joined (int):
        active_members (int): Members who earned, spent or ordered.
        member_orders (int):
        guest_orders (int):
        sales (list[Sales]): Paid orders' totals by currency.
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
    members_joined: int
    active_members: int
    member_orders: int
    guest_orders: int
    sales: list[Sales]
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

        members_joined = self.members_joined

        active_members = self.active_members

        member_orders = self.member_orders

        guest_orders = self.guest_orders

        sales = []
        for sales_item_data in self.sales:
            sales_item = sales_item_data.to_dict()
            sales.append(sales_item)

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
                "members_joined": members_joined,
                "active_members": active_members,
                "member_orders": member_orders,
                "guest_orders": guest_orders,
                "sales": sales,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sales import Sales  # noqa: PLC0415

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

        members_joined = d.pop("members_joined")

        active_members = d.pop("active_members")

        member_orders = d.pop("member_orders")

        guest_orders = d.pop("guest_orders")

        sales = []
        _sales = d.pop("sales")
        for sales_item_data in _sales:
            sales_item = Sales.from_dict(sales_item_data)

            sales.append(sales_item)

        programme_day = cls(
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
            members_joined=members_joined,
            active_members=active_members,
            member_orders=member_orders,
            guest_orders=guest_orders,
            sales=sales,
        )

        programme_day.additional_properties = d
        return programme_day

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
