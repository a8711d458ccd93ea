from django.conf import settings
from django.utils.functional import SimpleLazyObject

from apps.checkout.carts import request_cart_item_count


def storefront(request) -> dict:
    return {
        "currencies": settings.CURRENCIES,
        "current_currency": getattr(request, "currency", settings.BASE_CURRENCY),
        "cart_item_count": SimpleLazyObject(lambda: request_cart_item_count(request)),
    }
