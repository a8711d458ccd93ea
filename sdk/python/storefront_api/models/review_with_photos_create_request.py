from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.preferred_language_enum import PreferredLanguageEnum
from ..types import UNSET, File, FileTypes, Unset

T = TypeVar("T", bound="ReviewWithPhotosCreateRequest")


@_attrs_define
class ReviewWithPhotosCreateRequest:
    """The same review as a multipart form, with photos (form values are text, so the numbers
    are read from text here).

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
            photos (list[File] | Unset): Up to 5 photos (repeat the field): JPEG, PNG or WebP, at most 5 MB and 25
                megapixels each (400 `invalid_photo` otherwise).
    """

    product: int
    rating: int
    text: str
    language: PreferredLanguageEnum
    photos: list[File] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product = self.product

        rating = self.rating

        text = self.text

        language = self.language.value

        photos: list[FileTypes] | Unset = UNSET
        if not isinstance(self.photos, Unset):
            photos = []
            for photos_item_data in self.photos:
                photos_item = photos_item_data.to_tuple()

                photos.append(photos_item)

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
        if photos is not UNSET:
            field_dict["photos"] = photos

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("product", (None, str(self.product).encode(), "text/plain")))

        files.append(("rating", (None, str(self.rating).encode(), "text/plain")))

        files.append(("text", (None, str(self.text).encode(), "text/plain")))

        files.append(("language", (None, str(self.language.value).encode(), "text/plain")))

        if not isinstance(self.photos, Unset):
            for photos_item_element in self.photos:
                files.append(("photos", photos_item_element.to_tuple()))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product = d.pop("product")

        rating = d.pop("rating")

        text = d.pop("text")

        language = PreferredLanguageEnum(d.pop("language"))

        _photos = d.pop("photos", UNSET)
        photos: list[File] | Unset = UNSET
        if _photos is not UNSET:
            photos = []
            for photos_item_data in _photos:
                photos_item = File(payload=BytesIO(photos_item_data))

                photos.append(photos_item)

        review_with_photos_create_request = cls(
            product=product,
            rating=rating,
            text=text,
            language=language,
            photos=photos,
        )

        review_with_photos_create_request.additional_properties = d
        return review_with_photos_create_request

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
