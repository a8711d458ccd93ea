from modeltranslation.translator import TranslationOptions, register

from .models import WhatsAppTemplate


@register(WhatsAppTemplate)
class WhatsAppTemplateTranslationOptions(TranslationOptions):
    # Each language's approved template; an empty language falls back to English.
    fields = ("name", "content_sid", "parameters")
