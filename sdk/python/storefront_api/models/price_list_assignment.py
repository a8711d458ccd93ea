from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.customer_type_enum import CustomerTypeEnum

T = TypeVar("T", bound="PriceListAssignment")


@_attrs_define
class PriceListAssignment:
    """
    Attributes:
        company (int | None): The company's id; null for a customer type and/or country.
        customer_type (CustomerTypeEnum): * `distributor` - Distributor / agent
            * `end_customer` - End customer
            * `oem` - OEM
        country (str): ISO 3166-1 alpha-2; empty: any country.
    """

    company: int | None
    customer_type: CustomerTypeEnum
    country: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        company: int | None
        company = self.company

        customer_type = self.customer_type.value

        country = self.country

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "company": company,
                "customer_type": customer_type,
                "country": country,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_company(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        company = _parse_company(d.pop("company"))

        customer_type = CustomerTypeEnum(d.pop("customer_type"))

        country = d.pop("country")

        price_list_assignment = cls(
            company=company,
            customer_type=customer_type,
            country=country,
        )

        price_list_assignment.additional_properties = d
        return price_list_assignment

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
