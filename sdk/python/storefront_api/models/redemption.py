from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.redemption_status_enum import RedemptionStatusEnum

T = TypeVar("T", bound="Redemption")


@_attrs_define
class Redemption:
    """
    Attributes:
        id (int):
        member (int):
        reward (int):
        reward_name (str):
        points (int):
        status (RedemptionStatusEnum): * `requested` - Requested
            * `approved` - Approved
            * `fulfilled` - Shipped / fulfilled
            * `rejected` - Rejected (points returned)
            * `voided` - Voided (points returned)
        coupon_code (None | str):
        coupon_expires_at (datetime.datetime | None):
        created_at (datetime.datetime):
        decided_at (datetime.datetime | None):
        void_reason (str): Shown to the member in the e-mail that tells them.
    """

    id: int
    member: int
    reward: int
    reward_name: str
    points: int
    status: RedemptionStatusEnum
    coupon_code: None | str
    coupon_expires_at: datetime.datetime | None
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    void_reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        member = self.member

        reward = self.reward

        reward_name = self.reward_name

        points = self.points

        status = self.status.value

        coupon_code: None | str
        coupon_code = self.coupon_code

        coupon_expires_at: None | str
        if isinstance(self.coupon_expires_at, datetime.datetime):
            coupon_expires_at = self.coupon_expires_at.isoformat()
        else:
            coupon_expires_at = self.coupon_expires_at

        created_at = self.created_at.isoformat()

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        void_reason = self.void_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "member": member,
                "reward": reward,
                "reward_name": reward_name,
                "points": points,
                "status": status,
                "coupon_code": coupon_code,
                "coupon_expires_at": coupon_expires_at,
                "created_at": created_at,
                "decided_at": decided_at,
                "void_reason": void_reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        member = d.pop("member")

        reward = d.pop("reward")

        reward_name = d.pop("reward_name")

        points = d.pop("points")

        status = RedemptionStatusEnum(d.pop("status"))

        def _parse_coupon_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        coupon_code = _parse_coupon_code(d.pop("coupon_code"))

        def _parse_coupon_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                coupon_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return coupon_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        coupon_expires_at = _parse_coupon_expires_at(d.pop("coupon_expires_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        void_reason = d.pop("void_reason")

        redemption = cls(
            id=id,
            member=member,
            reward=reward,
            reward_name=reward_name,
            points=points,
            status=status,
            coupon_code=coupon_code,
            coupon_expires_at=coupon_expires_at,
            created_at=created_at,
            decided_at=decided_at,
            void_reason=void_reason,
        )

        redemption.additional_properties = d
        return redemption

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
