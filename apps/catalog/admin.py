from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from .models import Category, Product, ProductImage, ProductPrice


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
    inlines = (ProductPriceInline, ProductImageInline)
