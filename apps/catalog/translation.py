from modeltranslation.translator import TranslationOptions, register

from .models import Category, Product, ProductImage, ProductSpecification, Specification


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


@register(Specification)
class SpecificationTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(ProductSpecification)
class ProductSpecificationTranslationOptions(TranslationOptions):
    fields = ("value",)
    required_languages = ("en",)
