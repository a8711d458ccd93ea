from modeltranslation.translator import TranslationOptions, register

from .models import CompanyDetails, ContentPage, ContentSection


@register(CompanyDetails)
class CompanyDetailsTranslationOptions(TranslationOptions):
    fields = ("name", "address", "registry", "opening_hours")
    required_languages = ("en",)


@register(ContentPage)
class ContentPageTranslationOptions(TranslationOptions):
    fields = ("title", "introduction")
    required_languages = ("en",)


@register(ContentSection)
class ContentSectionTranslationOptions(TranslationOptions):
    fields = ("heading", "body")
    required_languages = ("en",)
