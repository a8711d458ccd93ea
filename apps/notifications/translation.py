from modeltranslation.translator import TranslationOptions, register

from .models import EmailTemplate


@register(EmailTemplate)
class EmailTemplateTranslationOptions(TranslationOptions):
    # Read per language without fallback (content.py): an empty language keeps the built-in,
    # translated text rather than showing the merchant's English wording to a German member.
    fields = ("subject", "intro")
