from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.account import Account
    from ..models.expiring_points import ExpiringPoints
    from ..models.progress import Progress
    from ..models.tier_summary import TierSummary


T = TypeVar("T", bound="Balance")


@_attrs_define
class Balance:
    """
    Attributes:
        account (Account): Whose points account a balance reports (``ledger.holders``).
        available (int):
        pending (int):
        lifetime_earned (int):
        expiring_soon (list[ExpiringPoints]):
        tier (None | TierSummary):
        progress (Progress):
    """

    account: Account
    available: int
    pending: int
    lifetime_earned: int
    expiring_soon: list[ExpiringPoints]
    tier: None | TierSummary
    progress: Progress
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.tier_summary import TierSummary  # noqa: PLC0415

        account = self.account.to_dict()

        available = self.available

        pending = self.pending

        lifetime_earned = self.lifetime_earned

        expiring_soon = []
        for expiring_soon_item_data in self.expiring_soon:
            expiring_soon_item = expiring_soon_item_data.to_dict()
            expiring_soon.append(expiring_soon_item)

        tier: dict[str, Any] | None
        if isinstance(self.tier, TierSummary):
            tier = self.tier.to_dict()
        else:
            tier = self.tier

        progress = self.progress.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account": account,
                "available": available,
                "pending": pending,
                "lifetime_earned": lifetime_earned,
                "expiring_soon": expiring_soon,
                "tier": tier,
                "progress": progress,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account import Account  # noqa: PLC0415
        from ..models.expiring_points import ExpiringPoints  # noqa: PLC0415
        from ..models.progress import Progress  # noqa: PLC0415
        from ..models.tier_summary import TierSummary  # noqa: PLC0415

        d = dict(src_dict)
        account = Account.from_dict(d.pop("account"))

        available = d.pop("available")

        pending = d.pop("pending")

        lifetime_earned = d.pop("lifetime_earned")

        expiring_soon = []
        _expiring_soon = d.pop("expiring_soon")
        for expiring_soon_item_data in _expiring_soon:
            expiring_soon_item = ExpiringPoints.from_dict(expiring_soon_item_data)

            expiring_soon.append(expiring_soon_item)

        def _parse_tier(data: object) -> None | TierSummary:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tier_type_1 = TierSummary.from_dict(data)

                return tier_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TierSummary, data)

        tier = _parse_tier(d.pop("tier"))

        progress = Progress.from_dict(d.pop("progress"))

        balance = cls(
            account=account,
            available=available,
            pending=pending,
            lifetime_earned=lifetime_earned,
            expiring_soon=expiring_soon,
            tier=tier,
            progress=progress,
        )

        balance.additional_properties = d
        return balance

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
