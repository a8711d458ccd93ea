from enum import StrEnum


class ReviewsListStatus(StrEnum):
    APPROVED = "approved"
    PENDING = "pending"
    REJECTED = "rejected"
    REMOVED = "removed"

    def __str__(self) -> str:
        return str(self.value)
