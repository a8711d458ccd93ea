"""The home page: featured products at the shopper's prices."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.catalog.pricing import request_pricing
from apps.catalog.selectors import featured_products


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "storefront/home.html",
        {"featured_products": featured_products(context=request_pricing(request), limit=8)},
    )
