from enum import StrEnum


class CreditLineEnum(StrEnum):
    COMPANY = "company"
    MEMBER = "member"

    def __str__(self) -> str:
        return str(self.value)
