from enum import StrEnum


class AccountTypeEnum(StrEnum):
    COMPANY = "company"
    MEMBER = "member"

    def __str__(self) -> str:
        return str(self.value)
