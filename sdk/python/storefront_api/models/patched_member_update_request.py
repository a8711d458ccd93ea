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
from ..types import UNSET, Unset

T = TypeVar("T", bound="PatchedMemberUpdateRequest")


@_attrs_define
class PatchedMemberUpdateRequest:
    """The profile fields an integration may change (all optional).

    Attributes:
        external_id (str | Unset): The member's id in the merchant's ERP or CRM.
        company_name (str | Unset):
        vat_id (str | Unset):
        country (BlankEnum | CountryEnum | Unset):
        phone (str | Unset):
        whatsapp (str | Unset):
        customer_type (BlankEnum | CustomerTypeEnum | Unset):
        purchasing_needs (str | Unset):
        birthday (datetime.date | None | Unset):
        preferred_language (PreferredLanguageEnum | Unset): * `en` - English
            * `zh-hans` - Simplified Chinese
            * `de` - German
            * `fr` - French
            * `es` - Spanish
            * `ar` - Arabic
            * `ja` - Japanese
            * `pt` - Portuguese
            * `ru` - Russian
        preferred_currency (CurrencyEnum | Unset): * `USD` - USD
            * `EUR` - EUR
            * `GBP` - GBP
            * `CNY` - CNY
            * `JPY` - JPY
            * `AUD` - AUD
            * `CAD` - CAD
        timezone (str | Unset): An IANA time zone name, e.g. Europe/Berlin or Asia/Shanghai (the list: sdk/time-
            zones.md). Example: Europe/Berlin.
        marketing_consent (bool | Unset):
    """

    external_id: str | Unset = UNSET
    company_name: str | Unset = UNSET
    vat_id: str | Unset = UNSET
    country: BlankEnum | CountryEnum | Unset = UNSET
    phone: str | Unset = UNSET
    whatsapp: str | Unset = UNSET
    customer_type: BlankEnum | CustomerTypeEnum | Unset = UNSET
    purchasing_needs: str | Unset = UNSET
    birthday: datetime.date | None | Unset = UNSET
    preferred_language: PreferredLanguageEnum | Unset = UNSET
    preferred_currency: CurrencyEnum | Unset = UNSET
    timezone: str | Unset = UNSET
    marketing_consent: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_id = self.external_id

        company_name = self.company_name

        vat_id = self.vat_id

        country: str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        elif isinstance(self.country, CountryEnum):
            country = self.country.value
        else:
            country = self.country.value

        phone = self.phone

        whatsapp = self.whatsapp

        customer_type: str | Unset
        if isinstance(self.customer_type, Unset):
            customer_type = UNSET
        elif isinstance(self.customer_type, CustomerTypeEnum):
            customer_type = self.customer_type.value
        else:
            customer_type = self.customer_type.value

        purchasing_needs = self.purchasing_needs

        birthday: None | str | Unset
        if isinstance(self.birthday, Unset):
            birthday = UNSET
        elif isinstance(self.birthday, datetime.date):
            birthday = self.birthday.isoformat()
        else:
            birthday = self.birthday

        preferred_language: str | Unset = UNSET
        if not isinstance(self.preferred_language, Unset):
            preferred_language = self.preferred_language.value

        preferred_currency: str | Unset = UNSET
        if not isinstance(self.preferred_currency, Unset):
            preferred_currency = self.preferred_currency.value

        timezone = self.timezone

        marketing_consent = self.marketing_consent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if company_name is not UNSET:
            field_dict["company_name"] = company_name
        if vat_id is not UNSET:
            field_dict["vat_id"] = vat_id
        if country is not UNSET:
            field_dict["country"] = country
        if phone is not UNSET:
            field_dict["phone"] = phone
        if whatsapp is not UNSET:
            field_dict["whatsapp"] = whatsapp
        if customer_type is not UNSET:
            field_dict["customer_type"] = customer_type
        if purchasing_needs is not UNSET:
            field_dict["purchasing_needs"] = purchasing_needs
        if birthday is not UNSET:
            field_dict["birthday"] = birthday
        if preferred_language is not UNSET:
            field_dict["preferred_language"] = preferred_language
        if preferred_currency is not UNSET:
            field_dict["preferred_currency"] = preferred_currency
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if marketing_consent is not UNSET:
            field_dict["marketing_consent"] = marketing_consent

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        external_id = d.pop("external_id", UNSET)

        company_name = d.pop("company_name", UNSET)

        vat_id = d.pop("vat_id", UNSET)

        def _parse_country(data: object) -> BlankEnum | CountryEnum | Unset:
            if isinstance(data, Unset):
                return data
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

        country = _parse_country(d.pop("country", UNSET))

        phone = d.pop("phone", UNSET)

        whatsapp = d.pop("whatsapp", UNSET)

        def _parse_customer_type(data: object) -> BlankEnum | CustomerTypeEnum | Unset:
            if isinstance(data, Unset):
                return data
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

        customer_type = _parse_customer_type(d.pop("customer_type", UNSET))

        purchasing_needs = d.pop("purchasing_needs", UNSET)

        def _parse_birthday(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birthday_type_0 = datetime.date.fromisoformat(data)

                return birthday_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        birthday = _parse_birthday(d.pop("birthday", UNSET))

        _preferred_language = d.pop("preferred_language", UNSET)
        preferred_language: PreferredLanguageEnum | Unset
        if isinstance(_preferred_language, Unset):
            preferred_language = UNSET
        else:
            preferred_language = PreferredLanguageEnum(_preferred_language)

        _preferred_currency = d.pop("preferred_currency", UNSET)
        preferred_currency: CurrencyEnum | Unset
        if isinstance(_preferred_currency, Unset):
            preferred_currency = UNSET
        else:
            preferred_currency = CurrencyEnum(_preferred_currency)

        timezone = d.pop("timezone", UNSET)

        marketing_consent = d.pop("marketing_consent", UNSET)

        patched_member_update_request = cls(
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
        )

        patched_member_update_request.additional_properties = d
        return patched_member_update_request

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
