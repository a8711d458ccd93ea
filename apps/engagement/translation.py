from modeltranslation.translator import TranslationOptions, register

from .models import Challenge


@register(Challenge)
class ChallengeTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)
