from enum import StrEnum


class CompaniesListSegment(StrEnum):
    KEY_ACCOUNT = "key_account"
    MEMBER = "member"
    PROSPECT = "prospect"
    STRATEGIC_PARTNER = "strategic_partner"

    def __str__(self) -> str:
        return str(self.value)
