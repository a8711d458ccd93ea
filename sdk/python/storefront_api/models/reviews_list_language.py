from enum import StrEnum


class ReviewsListLanguage(StrEnum):
    AR = "ar"
    DE = "de"
    EN = "en"
    ES = "es"
    FR = "fr"
    JA = "ja"
    PT = "pt"
    RU = "ru"
    ZH_HANS = "zh-hans"

    def __str__(self) -> str:
        return str(self.value)
