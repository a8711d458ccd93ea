from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.member_event_create_request_properties import (
        MemberEventCreateRequestProperties,
    )


T = TypeVar("T", bound="MemberEventCreateRequest")


@_attrs_define
class MemberEventCreateRequest:
    """
    Attributes:
        name (str): A slug naming what happened, e.g. `trade_fair_visit`.
        properties (MemberEventCreateRequestProperties | Unset): Flat JSON object: at most 50 names of up to 64
            characters; values are text (up to 500 characters), numbers, true/false or null; 4 KB in all.
        occurred_at (datetime.datetime | None | Unset): When it happened (default: now).
    """

    name: str
    properties: MemberEventCreateRequestProperties | Unset = UNSET
    occurred_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        properties: dict[str, Any] | Unset = UNSET
        if not isinstance(self.properties, Unset):
            properties = self.properties.to_dict()

        occurred_at: None | str | Unset
        if isinstance(self.occurred_at, Unset):
            occurred_at = UNSET
        elif isinstance(self.occurred_at, datetime.datetime):
            occurred_at = self.occurred_at.isoformat()
        else:
            occurred_at = self.occurred_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
            }
        )
        if properties is not UNSET:
            field_dict["properties"] = properties
        if occurred_at is not UNSET:
            field_dict["occurred_at"] = occurred_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_event_create_request_properties import (
            MemberEventCreateRequestProperties,  # noqa: PLC0415
        )

        d = dict(src_dict)
        name = d.pop("name")

        _properties = d.pop("properties", UNSET)
        properties: MemberEventCreateRequestProperties | Unset
        if isinstance(_properties, Unset):
            properties = UNSET
        else:
            properties = MemberEventCreateRequestProperties.from_dict(_properties)

        def _parse_occurred_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                occurred_at_type_0 = datetime.datetime.fromisoformat(data)

                return occurred_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        occurred_at = _parse_occurred_at(d.pop("occurred_at", UNSET))

        member_event_create_request = cls(
            name=name,
            properties=properties,
            occurred_at=occurred_at,
        )

        member_event_create_request.additional_properties = d
        return member_event_create_request

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
