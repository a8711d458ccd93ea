from enum import StrEnum


class CompaniesLedgerListKind(StrEnum):
    ADJUST = "adjust"
    CLAWBACK = "clawback"
    EARN = "earn"
    EXPIRE = "expire"
    IMPORT = "import"
    RESTORE = "restore"
    SPEND = "spend"

    def __str__(self) -> str:
        return str(self.value)
