from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.blank_enum import BlankEnum
from ..models.country_enum import CountryEnum
from ..models.currency_enum import CurrencyEnum
from ..models.customer_type_enum import CustomerTypeEnum
from ..models.preferred_language_enum import PreferredLanguageEnum
from ..models.rfm_segment_enum import RfmSegmentEnum
from ..models.segment_enum import SegmentEnum

T = TypeVar("T", bound="Member")


@_attrs_define
class Member:
    """A member as integrators see it; points, tier and segments are never writable here. The
    RFM fields are the nightly scoring's (docs/segments.md): blank and null until scored.

        Attributes:
            id (int):
            email (str):
            external_id (str): The member's id in the merchant's ERP or CRM.
            company_name (str):
            vat_id (str):
            country (BlankEnum | CountryEnum):
            phone (str):
            whatsapp (str):
            customer_type (BlankEnum | CustomerTypeEnum):
            purchasing_needs (str):
            birthday (datetime.date | None):
            preferred_language (PreferredLanguageEnum): * `en` - English
                * `zh-hans` - Simplified Chinese
                * `de` - German
                * `fr` - French
                * `es` - Spanish
                * `ar` - Arabic
                * `ja` - Japanese
                * `pt` - Portuguese
                * `ru` - Russian
            preferred_currency (CurrencyEnum): * `USD` - USD
                * `EUR` - EUR
                * `GBP` - GBP
                * `CNY` - CNY
                * `JPY` - JPY
                * `AUD` - AUD
                * `CAD` - CAD
            timezone (str):
            marketing_consent (bool):
            segment (SegmentEnum): * `prospect` - Prospect
                * `member` - Member
                * `key_account` - Key account
                * `strategic_partner` - Strategic partner
            rfm_segment (BlankEnum | RfmSegmentEnum): From the nightly RFM scoring; blank until the member is first scored.

                * `champions` - Champions
                * `loyal` - Loyal
                * `promising` - Promising
                * `new` - New
                * `needs_attention` - Needs attention
                * `at_risk` - At risk
                * `hibernating` - Hibernating
                * `lost` - Lost
            rfm_recency (int | None):
            rfm_frequency (int | None):
            rfm_monetary (int | None):
            rfm_scored_at (datetime.datetime | None):
            referral_code (str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
    """

    id: int
    email: str
    external_id: str
    company_name: str
    vat_id: str
    country: BlankEnum | CountryEnum
    phone: str
    whatsapp: str
    customer_type: BlankEnum | CustomerTypeEnum
    purchasing_needs: str
    birthday: datetime.date | None
    preferred_language: PreferredLanguageEnum
    preferred_currency: CurrencyEnum
    timezone: str
    marketing_consent: bool
    segment: SegmentEnum
    rfm_segment: BlankEnum | RfmSegmentEnum
    rfm_recency: int | None
    rfm_frequency: int | None
    rfm_monetary: int | None
    rfm_scored_at: datetime.datetime | None
    referral_code: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        email = self.email

        external_id = self.external_id

        company_name = self.company_name

        vat_id = self.vat_id

        country: str
        if isinstance(self.country, CountryEnum):
            country = self.country.value
        else:
            country = self.country.value

        phone = self.phone

        whatsapp = self.whatsapp

        customer_type: str
        if isinstance(self.customer_type, CustomerTypeEnum):
            customer_type = self.customer_type.value
        else:
            customer_type = self.customer_type.value

        purchasing_needs = self.purchasing_needs

        birthday: None | str
        if isinstance(self.birthday, datetime.date):
            birthday = self.birthday.isoformat()
        else:
            birthday = self.birthday

        preferred_language = self.preferred_language.value

        preferred_currency = self.preferred_currency.value

        timezone = self.timezone

        marketing_consent = self.marketing_consent

        segment = self.segment.value

        rfm_segment: str
        if isinstance(self.rfm_segment, RfmSegmentEnum):
            rfm_segment = self.rfm_segment.value
        else:
            rfm_segment = self.rfm_segment.value

        rfm_recency: int | None
        rfm_recency = self.rfm_recency

        rfm_frequency: int | None
        rfm_frequency = self.rfm_frequency

        rfm_monetary: int | None
        rfm_monetary = self.rfm_monetary

        rfm_scored_at: None | str
        if isinstance(self.rfm_scored_at, datetime.datetime):
            rfm_scored_at = self.rfm_scored_at.isoformat()
        else:
            rfm_scored_at = self.rfm_scored_at

        referral_code = self.referral_code

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "email": email,
                "external_id": external_id,
                "company_name": company_name,
                "vat_id": vat_id,
                "country": country,
                "phone": phone,
                "whatsapp": whatsapp,
                "customer_type": customer_type,
                "purchasing_needs": purchasing_needs,
                "birthday": birthday,
                "preferred_language": preferred_language,
                "preferred_currency": preferred_currency,
                "timezone": timezone,
                "marketing_consent": marketing_consent,
                "segment": segment,
                "rfm_segment": rfm_segment,
                "rfm_recency": rfm_recency,
                "rfm_frequency": rfm_frequency,
                "rfm_monetary": rfm_monetary,
                "rfm_scored_at": rfm_scored_at,
                "referral_code": referral_code,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        email = d.pop("email")

        external_id = d.pop("external_id")

        company_name = d.pop("company_name")

        vat_id = d.pop("vat_id")

        def _parse_country(data: object) -> BlankEnum | CountryEnum:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                country_type_0 = CountryEnum(data)

                return country_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            country_type_1 = BlankEnum(data)

            return country_type_1

        country = _parse_country(d.pop("country"))

        phone = d.pop("phone")

        whatsapp = d.pop("whatsapp")

        def _parse_customer_type(data: object) -> BlankEnum | CustomerTypeEnum:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                customer_type_type_0 = CustomerTypeEnum(data)

                return customer_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            customer_type_type_1 = BlankEnum(data)

            return customer_type_type_1

        customer_type = _parse_customer_type(d.pop("customer_type"))

        purchasing_needs = d.pop("purchasing_needs")

        def _parse_birthday(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birthday_type_0 = datetime.date.fromisoformat(data)

                return birthday_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        birthday = _parse_birthday(d.pop("birthday"))

        preferred_language = PreferredLanguageEnum(d.pop("preferred_language"))

        preferred_currency = CurrencyEnum(d.pop("preferred_currency"))

        timezone = d.pop("timezone")

        marketing_consent = d.pop("marketing_consent")

        segment = SegmentEnum(d.pop("segment"))

        def _parse_rfm_segment(data: object) -> BlankEnum | RfmSegmentEnum:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rfm_segment_type_0 = RfmSegmentEnum(data)

                return rfm_segment_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            rfm_segment_type_1 = BlankEnum(data)

            return rfm_segment_type_1

        rfm_segment = _parse_rfm_segment(d.pop("rfm_segment"))

        def _parse_rfm_recency(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rfm_recency = _parse_rfm_recency(d.pop("rfm_recency"))

        def _parse_rfm_frequency(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rfm_frequency = _parse_rfm_frequency(d.pop("rfm_frequency"))

        def _parse_rfm_monetary(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rfm_monetary = _parse_rfm_monetary(d.pop("rfm_monetary"))

        def _parse_rfm_scored_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rfm_scored_at_type_0 = datetime.datetime.fromisoformat(data)

                return rfm_scored_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        rfm_scored_at = _parse_rfm_scored_at(d.pop("rfm_scored_at"))

        referral_code = d.pop("referral_code")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        member = cls(
            id=id,
            email=email,
            external_id=external_id,
            company_name=company_name,
            vat_id=vat_id,
            country=country,
            phone=phone,
            whatsapp=whatsapp,
            customer_type=customer_type,
            purchasing_needs=purchasing_needs,
            birthday=birthday,
            preferred_language=preferred_language,
            preferred_currency=preferred_currency,
            timezone=timezone,
            marketing_consent=marketing_consent,
            segment=segment,
            rfm_segment=rfm_segment,
            rfm_recency=rfm_recency,
            rfm_frequency=rfm_frequency,
            rfm_monetary=rfm_monetary,
            rfm_scored_at=rfm_scored_at,
            referral_code=referral_code,
            created_at=created_at,
            updated_at=updated_at,
        )

        member.additional_properties = d
        return member

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
