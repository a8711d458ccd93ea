from enum import StrEnum


class IncotermEnum(StrEnum):
    CFR = "CFR"
    CIF = "CIF"
    DAP = "DAP"
    DDP = "DDP"
    EXW = "EXW"
    FCA = "FCA"
    FOB = "FOB"

    def __str__(self) -> str:
        return str(self.value)
