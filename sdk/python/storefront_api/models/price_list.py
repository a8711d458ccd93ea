from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.currency_enum import CurrencyEnum
from ..models.price_list_kind_enum import PriceListKindEnum

if TYPE_CHECKING:
    from ..models.price_list_assignment import PriceListAssignment


T = TypeVar("T", bound="PriceList")


@_attrs_define
class PriceList:
    """
    Attributes:
        id (int):
        name (str):
        currency (CurrencyEnum): * `USD` - USD
            * `EUR` - EUR
            * `GBP` - GBP
            * `CNY` - CNY
            * `JPY` - JPY
            * `AUD` - AUD
            * `CAD` - CAD
        kind (PriceListKindEnum): * `fixed` - Fixed prices
            * `percent` - Percent off the catalogue
        percent_off (None | str): For kind `percent`: taken off every catalogue price; null for `fixed`.
        priority (int): When several lists of the same kind of assignment apply to a buyer, the highest priority wins.
        valid_from (datetime.datetime | None):
        valid_until (datetime.datetime | None):
        is_active (bool):
        assignments (list[PriceListAssignment]):
        updated_at (datetime.datetime):
    """

    id: int
    name: str
    currency: CurrencyEnum
    kind: PriceListKindEnum
    percent_off: None | str
    priority: int
    valid_from: datetime.datetime | None
    valid_until: datetime.datetime | None
    is_active: bool
    assignments: list[PriceListAssignment]
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        currency = self.currency.value

        kind = self.kind.value

        percent_off: None | str
        percent_off = self.percent_off

        priority = self.priority

        valid_from: None | str
        if isinstance(self.valid_from, datetime.datetime):
            valid_from = self.valid_from.isoformat()
        else:
            valid_from = self.valid_from

        valid_until: None | str
        if isinstance(self.valid_until, datetime.datetime):
            valid_until = self.valid_until.isoformat()
        else:
            valid_until = self.valid_until

        is_active = self.is_active

        assignments = []
        for assignments_item_data in self.assignments:
            assignments_item = assignments_item_data.to_dict()
            assignments.append(assignments_item)

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "currency": currency,
                "kind": kind,
                "percent_off": percent_off,
                "priority": priority,
                "valid_from": valid_from,
                "valid_until": valid_until,
                "is_active": is_active,
                "assignments": assignments,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.price_list_assignment import PriceListAssignment  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        currency = CurrencyEnum(d.pop("currency"))

        kind = PriceListKindEnum(d.pop("kind"))

        def _parse_percent_off(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        percent_off = _parse_percent_off(d.pop("percent_off"))

        priority = d.pop("priority")

        def _parse_valid_from(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_from_type_0 = datetime.datetime.fromisoformat(data)

                return valid_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        valid_from = _parse_valid_from(d.pop("valid_from"))

        def _parse_valid_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_until_type_0 = datetime.datetime.fromisoformat(data)

                return valid_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        valid_until = _parse_valid_until(d.pop("valid_until"))

        is_active = d.pop("is_active")

        assignments = []
        _assignments = d.pop("assignments")
        for assignments_item_data in _assignments:
            assignments_item = PriceListAssignment.from_dict(assignments_item_data)

            assignments.append(assignments_item)

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        price_list = cls(
            id=id,
            name=name,
            currency=currency,
            kind=kind,
            percent_off=percent_off,
            priority=priority,
            valid_from=valid_from,
            valid_until=valid_until,
            is_active=is_active,
            assignments=assignments,
            updated_at=updated_at,
        )

        price_list.additional_properties = d
        return price_list

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
