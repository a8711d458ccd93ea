from modeltranslation.translator import TranslationOptions, register

from .models import PriceList


@register(PriceList)
class PriceListTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
