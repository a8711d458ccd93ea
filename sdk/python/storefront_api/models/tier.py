from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.qualification_enum import QualificationEnum

if TYPE_CHECKING:
    from ..models.money import Money
    from ..models.tier_benefits import TierBenefits


T = TypeVar("T", bound="Tier")


@_attrs_define
class Tier:
    """
    Attributes:
        id (int):
        name (str):
        rank (int): Higher ranks are better tiers.
        badge_colour (str):
        qualification (QualificationEnum): * `any` - Any one threshold
            * `all` - Every threshold set
        qualifying_spend (Money | None): Over the last 12 months (base currency).
        qualifying_orders (int | None):
        qualifying_points (int | None):
        retention_spend (Money | None):
        grace_days (int):
        benefits (TierBenefits):
    """

    id: int
    name: str
    rank: int
    badge_colour: str
    qualification: QualificationEnum
    qualifying_spend: Money | None
    qualifying_orders: int | None
    qualifying_points: int | None
    retention_spend: Money | None
    grace_days: int
    benefits: TierBenefits
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.money import Money  # noqa: PLC0415

        id = self.id

        name = self.name

        rank = self.rank

        badge_colour = self.badge_colour

        qualification = self.qualification.value

        qualifying_spend: dict[str, Any] | None
        if isinstance(self.qualifying_spend, Money):
            qualifying_spend = self.qualifying_spend.to_dict()
        else:
            qualifying_spend = self.qualifying_spend

        qualifying_orders: int | None
        qualifying_orders = self.qualifying_orders

        qualifying_points: int | None
        qualifying_points = self.qualifying_points

        retention_spend: dict[str, Any] | None
        if isinstance(self.retention_spend, Money):
            retention_spend = self.retention_spend.to_dict()
        else:
            retention_spend = self.retention_spend

        grace_days = self.grace_days

        benefits = self.benefits.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "rank": rank,
                "badge_colour": badge_colour,
                "qualification": qualification,
                "qualifying_spend": qualifying_spend,
                "qualifying_orders": qualifying_orders,
                "qualifying_points": qualifying_points,
                "retention_spend": retention_spend,
                "grace_days": grace_days,
                "benefits": benefits,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money import Money  # noqa: PLC0415
        from ..models.tier_benefits import TierBenefits  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        rank = d.pop("rank")

        badge_colour = d.pop("badge_colour")

        qualification = QualificationEnum(d.pop("qualification"))

        def _parse_qualifying_spend(data: object) -> Money | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                qualifying_spend_type_1 = Money.from_dict(data)

                return qualifying_spend_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Money | None, data)

        qualifying_spend = _parse_qualifying_spend(d.pop("qualifying_spend"))

        def _parse_qualifying_orders(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        qualifying_orders = _parse_qualifying_orders(d.pop("qualifying_orders"))

        def _parse_qualifying_points(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        qualifying_points = _parse_qualifying_points(d.pop("qualifying_points"))

        def _parse_retention_spend(data: object) -> Money | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                retention_spend_type_1 = Money.from_dict(data)

                return retention_spend_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Money | None, data)

        retention_spend = _parse_retention_spend(d.pop("retention_spend"))

        grace_days = d.pop("grace_days")

        benefits = TierBenefits.from_dict(d.pop("benefits"))

        tier = cls(
            id=id,
            name=name,
            rank=rank,
            badge_colour=badge_colour,
            qualification=qualification,
            qualifying_spend=qualifying_spend,
            qualifying_orders=qualifying_orders,
            qualifying_points=qualifying_points,
            retention_spend=retention_spend,
            grace_days=grace_days,
            benefits=benefits,
        )

        tier.additional_properties = d
        return tier

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
