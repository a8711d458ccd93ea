from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EarnRequest")


@_attrs_define
class EarnRequest:
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
            available_at (datetime.datetime | Unset): When the points become available (pending until then). Default: at
                once.
            expires_at (datetime.datetime | None | Unset): When the points expire; null: never. Default: the programme's
                expiry. In the future, and after `available_at` if given (else 400 on this field).
    """

    reason: str
    points: int
    reference: str | Unset = ""
    available_at: datetime.datetime | Unset = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        points = self.points

        reference = self.reference

        available_at: str | Unset = UNSET
        if not isinstance(self.available_at, Unset):
            available_at = self.available_at.isoformat()

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

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
        if available_at is not UNSET:
            field_dict["available_at"] = available_at
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = d.pop("reason")

        points = d.pop("points")

        reference = d.pop("reference", UNSET)

        _available_at = d.pop("available_at", UNSET)
        available_at: datetime.datetime | Unset
        if isinstance(_available_at, Unset):
            available_at = UNSET
        else:
            available_at = datetime.datetime.fromisoformat(_available_at)

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        earn_request = cls(
            reason=reason,
            points=points,
            reference=reference,
            available_at=available_at,
            expires_at=expires_at,
        )

        earn_request.additional_properties = d
        return earn_request

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
