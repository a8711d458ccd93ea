from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role_enum import RoleEnum

T = TypeVar("T", bound="CompanyMember")


@_attrs_define
class CompanyMember:
    """A member's place in the company.

    Attributes:
        member (int):
        email (str):
        external_id (str):
        role (RoleEnum): * `admin` - Company admin
            * `buyer` - Buyer
            * `viewer` - Viewer
        joined_at (datetime.datetime):
    """

    member: int
    email: str
    external_id: str
    role: RoleEnum
    joined_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        member = self.member

        email = self.email

        external_id = self.external_id

        role = self.role.value

        joined_at = self.joined_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "member": member,
                "email": email,
                "external_id": external_id,
                "role": role,
                "joined_at": joined_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member = d.pop("member")

        email = d.pop("email")

        external_id = d.pop("external_id")

        role = RoleEnum(d.pop("role"))

        joined_at = datetime.datetime.fromisoformat(d.pop("joined_at"))

        company_member = cls(
            member=member,
            email=email,
            external_id=external_id,
            role=role,
            joined_at=joined_at,
        )

        company_member.additional_properties = d
        return company_member

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
