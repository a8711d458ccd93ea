from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MemberEvent")


@_attrs_define
class MemberEvent:
    """
    Attributes:
        id (int):
        member (int):
        name (str):
        properties (Any):
        occurred_at (datetime.datetime):
        points (int):
        created_at (datetime.datetime):
    """

    id: int
    member: int
    name: str
    properties: Any
    occurred_at: datetime.datetime
    points: int
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        member = self.member

        name = self.name

        properties = self.properties

        occurred_at = self.occurred_at.isoformat()

        points = self.points

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "member": member,
                "name": name,
                "properties": properties,
                "occurred_at": occurred_at,
                "points": points,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        member = d.pop("member")

        name = d.pop("name")

        properties = d.pop("properties")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        points = d.pop("points")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        member_event = cls(
            id=id,
            member=member,
            name=name,
            properties=properties,
            occurred_at=occurred_at,
            points=points,
            created_at=created_at,
        )

        member_event.additional_properties = d
        return member_event

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
