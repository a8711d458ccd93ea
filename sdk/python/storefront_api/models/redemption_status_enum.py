from enum import StrEnum


class RedemptionStatusEnum(StrEnum):
    APPROVED = "approved"
    FULFILLED = "fulfilled"
    REJECTED = "rejected"
    REQUESTED = "requested"
    VOIDED = "voided"

    def __str__(self) -> str:
        return str(self.value)
