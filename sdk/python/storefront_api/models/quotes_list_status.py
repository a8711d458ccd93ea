from enum import StrEnum


class QuotesListStatus(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    QUOTED = "quoted"
    REQUESTED = "requested"
    REVISION_REQUESTED = "revision_requested"

    def __str__(self) -> str:
        return str(self.value)
