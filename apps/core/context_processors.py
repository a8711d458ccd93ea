from django.conf import settings


def storefront(request) -> dict:
    return {
        "currencies": settings.CURRENCIES,
        "current_currency": getattr(request, "currency", settings.BASE_CURRENCY),
    }
