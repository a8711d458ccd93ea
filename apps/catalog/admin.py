from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Category, Product


@admin.register(Category)
class CategoryAdmin(TabbedTranslationAdmin):
    list_display = ("name", "parent", "position")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Product)
class ProductAdmin(TabbedTranslationAdmin):
    list_display = ("name", "sku", "category", "price", "is_new", "is_custom_made", "is_active")
    list_filter = ("category", "is_new", "is_custom_made", "is_active")
    search_fields = ("name", "sku", "hs_code")
    list_select_related = ("category",)
    prepopulated_fields = {"slug": ("name",)}
