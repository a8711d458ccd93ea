"""The storefront's product filters and sort orders (django-filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Product

SORT_CHOICES = (
    ("relevance", _("Relevance")),
    ("newest", _("Newest first")),
    ("name", _("Name")),
    ("price", _("Price: low to high")),
    ("-price", _("Price: high to low")),
    ("lead_time", _("Shortest lead time")),
)

# Prices are sorted on the base price: explicit prices in other currencies follow it closely.
SORT_FIELDS = {
    "newest": ("-created_at", "id"),
    "name": ("name", "id"),
    "price": ("price", "id"),
    "-price": ("-price", "id"),
    "lead_time": ("lead_time_days", "id"),
}


class ProductFilter(django_filters.FilterSet):
    is_new = django_filters.BooleanFilter(
        label=_("New products only"),
        widget=forms.CheckboxInput,
        method="filter_checked",
    )
    is_custom_made = django_filters.BooleanFilter(
        label=_("Custom-made only"),
        widget=forms.CheckboxInput,
        method="filter_checked",
    )
    in_stock = django_filters.BooleanFilter(
        label=_("In stock"),
        widget=forms.CheckboxInput,
        method="filter_in_stock",
    )
    max_lead_time = django_filters.NumberFilter(
        field_name="lead_time_days",
        lookup_expr="lte",
        label=_("Lead time up to (days)"),
        min_value=0,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="sort_products", empty_label=None
    )

    class Meta:
        model = Product
        fields: list[str] = []

    def filter_checked(self, queryset, name, value):
        return queryset.filter(**{name: True}) if value else queryset

    def filter_in_stock(self, queryset, name, value):
        return queryset.exclude(stock_quantity=0) if value else queryset

    def sort_products(self, queryset, name, value):
        fields = SORT_FIELDS.get(value)
        return queryset.order_by(*fields) if fields else queryset


def active_filter_count(filters: ProductFilter) -> int:
    """How many filters (and a sort order other than the default) the shopper has chosen."""
    if not filters.form.is_valid():
        return 0
    chosen = filters.form.cleaned_data
    return sum(
        1
        for name, value in chosen.items()
        if value not in (None, False, "") and not (name == "sort" and value == "relevance")
    )
