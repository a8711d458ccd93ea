from enum import StrEnum


class ShippingBenefitKindEnum(StrEnum):
    AMOUNT = "amount"
    FREE = "free"
    PERCENT = "percent"

    def __str__(self) -> str:
        return str(self.value)
