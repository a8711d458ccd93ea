from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.quote_revision_line import QuoteRevisionLine


T = TypeVar("T", bound="QuoteRevision")


@_attrs_define
class QuoteRevision:
    """
    Attributes:
        number (int):
        lines (list[QuoteRevisionLine]):
        subtotal_amount (str):
        freight_amount (str):
        insurance_amount (str):
        total_amount (str):
        valid_until (datetime.date):
        terms (str):
        note (str):
        answered_by_label (str):
        created_at (datetime.datetime):
    """

    number: int
    lines: list[QuoteRevisionLine]
    subtotal_amount: str
    freight_amount: str
    insurance_amount: str
    total_amount: str
    valid_until: datetime.date
    terms: str
    note: str
    answered_by_label: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        number = self.number

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        subtotal_amount = self.subtotal_amount

        freight_amount = self.freight_amount

        insurance_amount = self.insurance_amount

        total_amount = self.total_amount

        valid_until = self.valid_until.isoformat()

        terms = self.terms

        note = self.note

        answered_by_label = self.answered_by_label

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "number": number,
                "lines": lines,
                "subtotal_amount": subtotal_amount,
                "freight_amount": freight_amount,
                "insurance_amount": insurance_amount,
                "total_amount": total_amount,
                "valid_until": valid_until,
                "terms": terms,
                "note": note,
                "answered_by_label": answered_by_label,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.quote_revision_line import QuoteRevisionLine  # noqa: PLC0415

        d = dict(src_dict)
        number = d.pop("number")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = QuoteRevisionLine.from_dict(lines_item_data)

            lines.append(lines_item)

        subtotal_amount = d.pop("subtotal_amount")

        freight_amount = d.pop("freight_amount")

        insurance_amount = d.pop("insurance_amount")

        total_amount = d.pop("total_amount")

        valid_until = datetime.date.fromisoformat(d.pop("valid_until"))

        terms = d.pop("terms")

        note = d.pop("note")

        answered_by_label = d.pop("answered_by_label")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        quote_revision = cls(
            number=number,
            lines=lines,
            subtotal_amount=subtotal_amount,
            freight_amount=freight_amount,
            insurance_amount=insurance_amount,
            total_amount=total_amount,
            valid_until=valid_until,
            terms=terms,
            note=note,
            answered_by_label=answered_by_label,
            created_at=created_at,
        )

        quote_revision.additional_properties = d
        return quote_revision

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
