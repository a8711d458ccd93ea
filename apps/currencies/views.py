from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from apps.core.extensions import preference_chosen
from apps.core.views import switcher_return_url

from .middleware import CURRENCY_SESSION_KEY


@require_POST
def set_currency(request: HttpRequest) -> HttpResponse:
    """The currency switcher: remembers the choice for the visit and, for members, for good."""
    currency = request.POST.get("currency")
    next_url = switcher_return_url(request)
    if currency in settings.CURRENCIES:
        request.session[CURRENCY_SESSION_KEY] = currency
        for hook in preference_chosen.hooks():
            hook(request=request, currency=currency)
    return redirect(next_url)
