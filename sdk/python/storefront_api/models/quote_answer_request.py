from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.answer_line_request import AnswerLineRequest


T = TypeVar("T", bound="QuoteAnswerRequest")


@_attrs_define
class QuoteAnswerRequest:
    """
    Attributes:
        lines (list[AnswerLineRequest]): A price for every line of the quote.
        valid_until (datetime.date):
        freight_amount (str | Unset):  Default: '0.00'.
        insurance_amount (str | Unset):  Default: '0.00'.
        terms (str | Unset):  Default: ''.
        note (str | Unset):  Default: ''.
        expected_revision (int | Unset): The revision the answer was made from (0: none); 409 `quote_revised` when
            another was sent meanwhile.
    """

    lines: list[AnswerLineRequest]
    valid_until: datetime.date
    freight_amount: str | Unset = "0.00"
    insurance_amount: str | Unset = "0.00"
    terms: str | Unset = ""
    note: str | Unset = ""
    expected_revision: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        valid_until = self.valid_until.isoformat()

        freight_amount = self.freight_amount

        insurance_amount = self.insurance_amount

        terms = self.terms

        note = self.note

        expected_revision = self.expected_revision

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "lines": lines,
                "valid_until": valid_until,
            }
        )
        if freight_amount is not UNSET:
            field_dict["freight_amount"] = freight_amount
        if insurance_amount is not UNSET:
            field_dict["insurance_amount"] = insurance_amount
        if terms is not UNSET:
            field_dict["terms"] = terms
        if note is not UNSET:
            field_dict["note"] = note
        if expected_revision is not UNSET:
            field_dict["expected_revision"] = expected_revision

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.answer_line_request import AnswerLineRequest  # noqa: PLC0415

        d = dict(src_dict)
        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = AnswerLineRequest.from_dict(lines_item_data)

            lines.append(lines_item)

        valid_until = datetime.date.fromisoformat(d.pop("valid_until"))

        freight_amount = d.pop("freight_amount", UNSET)

        insurance_amount = d.pop("insurance_amount", UNSET)

        terms = d.pop("terms", UNSET)

        note = d.pop("note", UNSET)

        expected_revision = d.pop("expected_revision", UNSET)

        quote_answer_request = cls(
            lines=lines,
            valid_until=valid_until,
            freight_amount=freight_amount,
            insurance_amount=insurance_amount,
            terms=terms,
            note=note,
            expected_revision=expected_revision,
        )

        quote_answer_request.additional_properties = d
        return quote_answer_request

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
