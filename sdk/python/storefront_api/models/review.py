from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.preferred_language_enum import PreferredLanguageEnum
from ..models.review_status_enum import ReviewStatusEnum

T = TypeVar("T", bound="Review")


@_attrs_define
class Review:
    """
    Attributes:
        id (int):
        member (int):
        product (int):
        product_sku (str):
        rating (int):
        language (PreferredLanguageEnum): * `en` - English
            * `zh-hans` - Simplified Chinese
            * `de` - German
            * `fr` - French
            * `es` - Spanish
            * `ar` - Arabic
            * `ja` - Japanese
            * `pt` - Portuguese
            * `ru` - Russian
        text (str):
        status (ReviewStatusEnum): * `pending` - Waiting for moderation
            * `approved` - Approved
            * `rejected` - Rejected
            * `removed` - Removed for abuse
        photos (list[str]): The photos' addresses.
        created_at (datetime.datetime):
        moderated_at (datetime.datetime | None):
    """

    id: int
    member: int
    product: int
    product_sku: str
    rating: int
    language: PreferredLanguageEnum
    text: str
    status: ReviewStatusEnum
    photos: list[str]
    created_at: datetime.datetime
    moderated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        member = self.member

        product = self.product

        product_sku = self.product_sku

        rating = self.rating

        language = self.language.value

        text = self.text

        status = self.status.value

        photos = self.photos

        created_at = self.created_at.isoformat()

        moderated_at: None | str
        if isinstance(self.moderated_at, datetime.datetime):
            moderated_at = self.moderated_at.isoformat()
        else:
            moderated_at = self.moderated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "member": member,
                "product": product,
                "product_sku": product_sku,
                "rating": rating,
                "language": language,
                "text": text,
                "status": status,
                "photos": photos,
                "created_at": created_at,
                "moderated_at": moderated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        member = d.pop("member")

        product = d.pop("product")

        product_sku = d.pop("product_sku")

        rating = d.pop("rating")

        language = PreferredLanguageEnum(d.pop("language"))

        text = d.pop("text")

        status = ReviewStatusEnum(d.pop("status"))

        photos = cast(list[str], d.pop("photos"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_moderated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                moderated_at_type_0 = datetime.datetime.fromisoformat(data)

                return moderated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        moderated_at = _parse_moderated_at(d.pop("moderated_at"))

        review = cls(
            id=id,
            member=member,
            product=product,
            product_sku=product_sku,
            rating=rating,
            language=language,
            text=text,
            status=status,
            photos=photos,
            created_at=created_at,
            moderated_at=moderated_at,
        )

        review.additional_properties = d
        return review

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
