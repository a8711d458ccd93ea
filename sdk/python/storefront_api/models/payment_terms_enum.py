from enum import StrEnum


class PaymentTermsEnum(StrEnum):
    DEPOSIT = "deposit"
    NET_15 = "net_15"
    NET_30 = "net_30"
    NET_60 = "net_60"
    PREPAYMENT = "prepayment"

    def __str__(self) -> str:
        return str(self.value)
