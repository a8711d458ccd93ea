from enum import StrEnum


class SourceEnum(StrEnum):
    API = "api"
    CART = "cart"
    FORM = "form"
    PRODUCT = "product"

    def __str__(self) -> str:
        return str(self.value)
