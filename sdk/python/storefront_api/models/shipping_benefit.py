from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.shipping_benefit_kind_enum import ShippingBenefitKindEnum

if TYPE_CHECKING:
    from ..models.money import Money


T = TypeVar("T", bound="ShippingBenefit")


@_attrs_define
class ShippingBenefit:
    """
    Attributes:
        shipping_method (int | None): Null: every shipping method.
        kind (ShippingBenefitKindEnum): * `free` - Free shipping
            * `percent` - Percentage off the freight
            * `amount` - Amount off the freight
        percent (None | str):
        amount (Money | None): For kind 'amount': the amount off.
    """

    shipping_method: int | None
    kind: ShippingBenefitKindEnum
    percent: None | str
    amount: Money | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.money import Money  # noqa: PLC0415

        shipping_method: int | None
        shipping_method = self.shipping_method

        kind = self.kind.value

        percent: None | str
        percent = self.percent

        amount: dict[str, Any] | None
        if isinstance(self.amount, Money):
            amount = self.amount.to_dict()
        else:
            amount = self.amount

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "shipping_method": shipping_method,
                "kind": kind,
                "percent": percent,
                "amount": amount,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money import Money  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_shipping_method(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        shipping_method = _parse_shipping_method(d.pop("shipping_method"))

        kind = ShippingBenefitKindEnum(d.pop("kind"))

        def _parse_percent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        percent = _parse_percent(d.pop("percent"))

        def _parse_amount(data: object) -> Money | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                amount_type_1 = Money.from_dict(data)

                return amount_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Money | None, data)

        amount = _parse_amount(d.pop("amount"))

        shipping_benefit = cls(
            shipping_method=shipping_method,
            kind=kind,
            percent=percent,
            amount=amount,
        )

        shipping_benefit.additional_properties = d
        return shipping_benefit

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
