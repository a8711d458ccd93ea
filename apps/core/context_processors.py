from django.conf import settings
from django.utils.functional import SimpleLazyObject


def storefront(request) -> dict:
    return {
        "currencies": settings.CURRENCIES,
        "current_currency": getattr(request, "currency", settings.BASE_CURRENCY),
        "cart_item_count": SimpleLazyObject(lambda: cart_item_count(request)),
    }


def cart_item_count(request) -> int:
    from apps.checkout.carts import current_cart
    from apps.checkout.selectors import cart_item_count

    if not hasattr(request, "session"):
        return 0
    cart = current_cart(request)
    return cart_item_count(cart.pk if cart else None)
