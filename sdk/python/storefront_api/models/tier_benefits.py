from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.shipping_benefit import ShippingBenefit


T = TypeVar("T", bound="TierBenefits")


@_attrs_define
class TierBenefits:
    """
    Attributes:
        discount_percent (str):
        points_multiplier (str):
        redemption_points_per_unit (int | None): Empty: the programme's rate.
        free_shipping (bool): Free shipping on every shipping method (details in shipping).
        shipping (list[ShippingBenefit]):
        priority_service (bool):
        account_manager (bool):
        early_access (bool):
    """

    discount_percent: str
    points_multiplier: str
    redemption_points_per_unit: int | None
    free_shipping: bool
    shipping: list[ShippingBenefit]
    priority_service: bool
    account_manager: bool
    early_access: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        discount_percent = self.discount_percent

        points_multiplier = self.points_multiplier

        redemption_points_per_unit: int | None
        redemption_points_per_unit = self.redemption_points_per_unit

        free_shipping = self.free_shipping

        shipping = []
        for shipping_item_data in self.shipping:
            shipping_item = shipping_item_data.to_dict()
            shipping.append(shipping_item)

        priority_service = self.priority_service

        account_manager = self.account_manager

        early_access = self.early_access

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "discount_percent": discount_percent,
                "points_multiplier": points_multiplier,
                "redemption_points_per_unit": redemption_points_per_unit,
                "free_shipping": free_shipping,
                "shipping": shipping,
                "priority_service": priority_service,
                "account_manager": account_manager,
                "early_access": early_access,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.shipping_benefit import ShippingBenefit  # noqa: PLC0415

        d = dict(src_dict)
        discount_percent = d.pop("discount_percent")

        points_multiplier = d.pop("points_multiplier")

        def _parse_redemption_points_per_unit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        redemption_points_per_unit = _parse_redemption_points_per_unit(
            d.pop("redemption_points_per_unit")
        )

        free_shipping = d.pop("free_shipping")

        shipping = []
        _shipping = d.pop("shipping")
        for shipping_item_data in _shipping:
            shipping_item = ShippingBenefit.from_dict(shipping_item_data)

            shipping.append(shipping_item)

        priority_service = d.pop("priority_service")

        account_manager = d.pop("account_manager")

        early_access = d.pop("early_access")

        tier_benefits = cls(
            discount_percent=discount_percent,
            points_multiplier=points_multiplier,
            redemption_points_per_unit=redemption_points_per_unit,
            free_shipping=free_shipping,
            shipping=shipping,
            priority_service=priority_service,
            account_manager=account_manager,
            early_access=early_access,
        )

        tier_benefits.additional_properties = d
        return tier_benefits

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
