from enum import StrEnum


class CompaniesListCustomerType(StrEnum):
    DISTRIBUTOR = "distributor"
    END_CUSTOMER = "end_customer"
    OEM = "oem"

    def __str__(self) -> str:
        return str(self.value)
