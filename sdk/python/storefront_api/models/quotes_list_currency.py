from enum import StrEnum


class QuotesListCurrency(StrEnum):
    AUD = "AUD"
    CAD = "CAD"
    CNY = "CNY"
    EUR = "EUR"
    GBP = "GBP"
    JPY = "JPY"
    USD = "USD"

    def __str__(self) -> str:
        return str(self.value)
