from enum import StrEnum


class RoleEnum(StrEnum):
    ADMIN = "admin"
    BUYER = "buyer"
    VIEWER = "viewer"

    def __str__(self) -> str:
        return str(self.value)
