from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money import Money
    from ..models.tier_summary import TierSummary


T = TypeVar("T", bound="Progress")


@_attrs_define
class Progress:
    """
    Attributes:
        next_tier (None | TierSummary):
        qualifying_spend (Money): The schema's one ``Money`` component (every amount in the API has this shape).
        remaining (Money | None): Still to spend for the next tier, in the member's currency.
        percent (int):
    """

    next_tier: None | TierSummary
    qualifying_spend: Money
    remaining: Money | None
    percent: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.money import Money  # noqa: PLC0415
        from ..models.tier_summary import TierSummary  # noqa: PLC0415

        next_tier: dict[str, Any] | None
        if isinstance(self.next_tier, TierSummary):
            next_tier = self.next_tier.to_dict()
        else:
            next_tier = self.next_tier

        qualifying_spend = self.qualifying_spend.to_dict()

        remaining: dict[str, Any] | None
        if isinstance(self.remaining, Money):
            remaining = self.remaining.to_dict()
        else:
            remaining = self.remaining

        percent = self.percent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "next_tier": next_tier,
                "qualifying_spend": qualifying_spend,
                "remaining": remaining,
                "percent": percent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money import Money  # noqa: PLC0415
        from ..models.tier_summary import TierSummary  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_next_tier(data: object) -> None | TierSummary:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                next_tier_type_1 = TierSummary.from_dict(data)

                return next_tier_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TierSummary, data)

        next_tier = _parse_next_tier(d.pop("next_tier"))

        qualifying_spend = Money.from_dict(d.pop("qualifying_spend"))

        def _parse_remaining(data: object) -> Money | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                remaining_type_1 = Money.from_dict(data)

                return remaining_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Money | None, data)

        remaining = _parse_remaining(d.pop("remaining"))

        percent = d.pop("percent")

        progress = cls(
            next_tier=next_tier,
            qualifying_spend=qualifying_spend,
            remaining=remaining,
            percent=percent,
        )

        progress.additional_properties = d
        return progress

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
