from enum import StrEnum


class RfmSegmentEnum(StrEnum):
    AT_RISK = "at_risk"
    CHAMPIONS = "champions"
    HIBERNATING = "hibernating"
    LOST = "lost"
    LOYAL = "loyal"
    NEEDS_ATTENTION = "needs_attention"
    NEW = "new"
    PROMISING = "promising"

    def __str__(self) -> str:
        return str(self.value)
