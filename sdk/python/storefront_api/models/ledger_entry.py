from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ledger_entry_kind_enum import LedgerEntryKindEnum

T = TypeVar("T", bound="LedgerEntry")


@_attrs_define
class LedgerEntry:
    """
    Attributes:
        id (int):
        member (int | None): The member who earned or spent it (on a company's account, the buyer; null for the
            company's own changes).
        company (int | None): The company whose account it is; null on a member's own account.
        points (int): Signed: negative for debits.
        kind (LedgerEntryKindEnum): * `earn` - Earned
            * `spend` - Spent
            * `expire` - Expired
            * `adjust` - Adjusted
            * `clawback` - Clawed back
            * `restore` - Restored
            * `import` - Imported
        reason (str):
        source (str): What caused it, e.g. order:42, rule:3, redemption:7.
        created_at (datetime.datetime):
    """

    id: int
    member: int | None
    company: int | None
    points: int
    kind: LedgerEntryKindEnum
    reason: str
    source: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        member: int | None
        member = self.member

        company: int | None
        company = self.company

        points = self.points

        kind = self.kind.value

        reason = self.reason

        source = self.source

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "member": member,
                "company": company,
                "points": points,
                "kind": kind,
                "reason": reason,
                "source": source,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_member(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        member = _parse_member(d.pop("member"))

        def _parse_company(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        company = _parse_company(d.pop("company"))

        points = d.pop("points")

        kind = LedgerEntryKindEnum(d.pop("kind"))

        reason = d.pop("reason")

        source = d.pop("source")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        ledger_entry = cls(
            id=id,
            member=member,
            company=company,
            points=points,
            kind=kind,
            reason=reason,
            source=source,
            created_at=created_at,
        )

        ledger_entry.additional_properties = d
        return ledger_entry

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
