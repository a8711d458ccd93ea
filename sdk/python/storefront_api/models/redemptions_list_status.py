from enum import StrEnum


class RedemptionsListStatus(StrEnum):
    APPROVED = "approved"
    FULFILLED = "fulfilled"
    REJECTED = "rejected"
    REQUESTED = "requested"
    VOIDED = "voided"

    def __str__(self) -> str:
        return str(self.value)
