from modeltranslation.translator import TranslationOptions, register

from .models import Reward


@register(Reward)
class RewardTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)
