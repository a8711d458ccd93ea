from modeltranslation.translator import TranslationOptions, register

from .models import Category, Product, ProductImage


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "description")
    required_languages = ("en",)


@register(Product)
class ProductTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "description", "unit")
    required_languages = ("en",)


@register(ProductImage)
class ProductImageTranslationOptions(TranslationOptions):
    fields = ("alt_text",)
