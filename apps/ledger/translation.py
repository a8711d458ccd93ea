from modeltranslation.translator import TranslationOptions, register

from .models import EarningRule


@register(EarningRule)
class EarningRuleTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
