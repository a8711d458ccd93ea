from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from .images import make_renditions
from .models import (
    Category,
    Product,
    ProductImage,
    ProductPrice,
    ProductSpecification,
    Specification,
)


@admin.register(Category)
class CategoryAdmin(TabbedTranslationAdmin):
    list_display = ("name", "parent", "position")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class ProductPriceInline(admin.TabularInline):
    model = ProductPrice
    extra = 1
    fields = ("price", "min_quantity")


class ProductImageInline(TranslationTabularInline):
    model = ProductImage
    extra = 1
    fields = ("image", "alt_text", "position")


class ProductSpecificationInline(TranslationTabularInline):
    model = ProductSpecification
    extra = 1
    fields = ("specification", "value")


@admin.register(Specification)
class SpecificationAdmin(TabbedTranslationAdmin):
    list_display = ("name", "position")
    list_editable = ("position",)
    search_fields = ("name",)


@admin.register(Product)
class ProductAdmin(TabbedTranslationAdmin):
    list_display = (
        "name",
        "sku",
        "category",
        "price",
        "stock_quantity",
        "is_new",
        "public_from",
        "is_custom_made",
        "is_active",
    )
    list_filter = ("category", "is_new", "is_custom_made", "is_active")
    search_fields = ("name", "sku", "hs_code")
    list_select_related = ("category",)
    list_editable = ("is_active",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (ProductPriceInline, ProductSpecificationInline, ProductImageInline)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is ProductImage:
            # New or replaced pictures get their smaller copies for phones and tablets.
            replaced = [image for image, fields in formset.changed_objects if "image" in fields]
            for image in [*formset.new_objects, *replaced]:
                make_renditions(image=image)
