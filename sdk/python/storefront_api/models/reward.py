from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.country_enum import CountryEnum
from ..models.reward_kind_enum import RewardKindEnum

if TYPE_CHECKING:
    from ..models.money import Money


T = TypeVar("T", bound="Reward")


@_attrs_define
class Reward:
    """
    Attributes:
        id (int):
        name (str):
        description (str):
        kind (RewardKindEnum): * `coupon_amount` - Coupon (fixed amount)
            * `coupon_percent` - Coupon (percentage)
            * `free_sample` - Free sample
            * `gift` - Gift
            * `service` - Technical service
            * `shipping` - Shipping subsidy
            * `certification` - Certification fast-track
            * `donation` - Charity donation
            * `tier_pass` - Tier pass
        points_cost (int):
        stock (int | None): Empty: unlimited.
        limit_per_member (int | None):
        tiers (list[int]):
        countries (list[CountryEnum]):
        excluded_countries (list[CountryEnum]):
        starts_at (datetime.datetime | None):
        ends_at (datetime.datetime | None):
        is_active (bool):
        coupon_amount (Money | None): For fixed-amount coupons (base currency).
        coupon_percent (None | str):
        coupon_valid_days (int):
    """

    id: int
    name: str
    description: str
    kind: RewardKindEnum
    points_cost: int
    stock: int | None
    limit_per_member: int | None
    tiers: list[int]
    countries: list[CountryEnum]
    excluded_countries: list[CountryEnum]
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    is_active: bool
    coupon_amount: Money | None
    coupon_percent: None | str
    coupon_valid_days: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.money import Money  # noqa: PLC0415

        id = self.id

        name = self.name

        description = self.description

        kind = self.kind.value

        points_cost = self.points_cost

        stock: int | None
        stock = self.stock

        limit_per_member: int | None
        limit_per_member = self.limit_per_member

        tiers = self.tiers

        countries = []
        for countries_item_data in self.countries:
            countries_item = countries_item_data.value
            countries.append(countries_item)

        excluded_countries = []
        for excluded_countries_item_data in self.excluded_countries:
            excluded_countries_item = excluded_countries_item_data.value
            excluded_countries.append(excluded_countries_item)

        starts_at: None | str
        if isinstance(self.starts_at, datetime.datetime):
            starts_at = self.starts_at.isoformat()
        else:
            starts_at = self.starts_at

        ends_at: None | str
        if isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        is_active = self.is_active

        coupon_amount: dict[str, Any] | None
        if isinstance(self.coupon_amount, Money):
            coupon_amount = self.coupon_amount.to_dict()
        else:
            coupon_amount = self.coupon_amount

        coupon_percent: None | str
        coupon_percent = self.coupon_percent

        coupon_valid_days = self.coupon_valid_days

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "kind": kind,
                "points_cost": points_cost,
                "stock": stock,
                "limit_per_member": limit_per_member,
                "tiers": tiers,
                "countries": countries,
                "excluded_countries": excluded_countries,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "is_active": is_active,
                "coupon_amount": coupon_amount,
                "coupon_percent": coupon_percent,
                "coupon_valid_days": coupon_valid_days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money import Money  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        description = d.pop("description")

        kind = RewardKindEnum(d.pop("kind"))

        points_cost = d.pop("points_cost")

        def _parse_stock(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        stock = _parse_stock(d.pop("stock"))

        def _parse_limit_per_member(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        limit_per_member = _parse_limit_per_member(d.pop("limit_per_member"))

        tiers = cast(list[int], d.pop("tiers"))

        countries = []
        _countries = d.pop("countries")
        for countries_item_data in _countries:
            countries_item = CountryEnum(countries_item_data)

            countries.append(countries_item)

        excluded_countries = []
        _excluded_countries = d.pop("excluded_countries")
        for excluded_countries_item_data in _excluded_countries:
            excluded_countries_item = CountryEnum(excluded_countries_item_data)

            excluded_countries.append(excluded_countries_item)

        def _parse_starts_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_at_type_0 = datetime.datetime.fromisoformat(data)

                return starts_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        starts_at = _parse_starts_at(d.pop("starts_at"))

        def _parse_ends_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ends_at = _parse_ends_at(d.pop("ends_at"))

        is_active = d.pop("is_active")

        def _parse_coupon_amount(data: object) -> Money | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                coupon_amount_type_1 = Money.from_dict(data)

                return coupon_amount_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Money | None, data)

        coupon_amount = _parse_coupon_amount(d.pop("coupon_amount"))

        def _parse_coupon_percent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        coupon_percent = _parse_coupon_percent(d.pop("coupon_percent"))

        coupon_valid_days = d.pop("coupon_valid_days")

        reward = cls(
            id=id,
            name=name,
            description=description,
            kind=kind,
            points_cost=points_cost,
            stock=stock,
            limit_per_member=limit_per_member,
            tiers=tiers,
            countries=countries,
            excluded_countries=excluded_countries,
            starts_at=starts_at,
            ends_at=ends_at,
            is_active=is_active,
            coupon_amount=coupon_amount,
            coupon_percent=coupon_percent,
            coupon_valid_days=coupon_valid_days,
        )

        reward.additional_properties = d
        return reward

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
