from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.preferred_language_enum import PreferredLanguageEnum

T = TypeVar("T", bound="ReviewCreateRequest")


@_attrs_define
class ReviewCreateRequest:
    """
    Attributes:
        product (int): Product id.
        rating (int): 1 to 5 stars.
        text (str): The review, in `language`.
        language (PreferredLanguageEnum): * `en` - English
            * `zh-hans` - Simplified Chinese
            * `de` - German
            * `fr` - French
            * `es` - Spanish
            * `ar` - Arabic
            * `ja` - Japanese
            * `pt` - Portuguese
            * `ru` - Russian
    """

    product: int
    rating: int
    text: str
    language: PreferredLanguageEnum
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product = self.product

        rating = self.rating

        text = self.text

        language = self.language.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product": product,
                "rating": rating,
                "text": text,
                "language": language,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product = d.pop("product")

        rating = d.pop("rating")

        text = d.pop("text")

        language = PreferredLanguageEnum(d.pop("language"))

        review_create_request = cls(
            product=product,
            rating=rating,
            text=text,
            language=language,
        )

        review_create_request.additional_properties = d
        return review_create_request

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
