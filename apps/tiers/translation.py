from modeltranslation.translator import TranslationOptions, register

from .models import Tier


@register(Tier)
class TierTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
