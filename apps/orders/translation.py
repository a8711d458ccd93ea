from modeltranslation.translator import TranslationOptions, register

from .models import ShippingMethod


@register(ShippingMethod)
class ShippingMethodTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)
