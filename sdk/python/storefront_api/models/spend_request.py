from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SpendRequest")


@_attrs_define
class SpendRequest:
    """For a request serializer: its fields built once per language (and thread), not on
    every instantiation.

    DRF deep-copies a serializer's declared fields whenever it is instantiated, running each
    field's ``__init__`` again: most of what validating a points write's body costs. Built
    fields are reusable for plain fields: validation reads the field and the data, not the
    serializer the field is bound to (a blank one, without data or context, so no request is
    kept). They are kept per language because a field caches the text of its validators'
    messages once formatted (DRF's ``lazy_format``), and per thread so that two requests never
    validate with the same field objects at once. Only for flat serializers whose fields,
    validators and defaults need no context.

        Attributes:
            reason (str): Shown to the member and staff.
            points (int):
            reference (str | Unset): Your reference (e.g. a CRM campaign id); kept as the entry's source. Default: ''.
    """

    reason: str
    points: int
    reference: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        points = self.points

        reference = self.reference

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reason": reason,
                "points": points,
            }
        )
        if reference is not UNSET:
            field_dict["reference"] = reference

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = d.pop("reason")

        points = d.pop("points")

        reference = d.pop("reference", UNSET)

        spend_request = cls(
            reason=reason,
            points=points,
            reference=reference,
        )

        spend_request.additional_properties = d
        return spend_request

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
