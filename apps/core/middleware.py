from django.conf import settings

CURRENCY_SESSION_KEY = "currency"


class CurrencyMiddleware:
    """Puts the shopper's display currency on ``request.currency``.

    Order of precedence: the choice made with the currency switcher (kept in the session), the
    signed-in member's preferred currency, the programme's base currency.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.currency = self._currency_for(request)
        return self.get_response(request)

    def _currency_for(self, request) -> str:
        chosen = request.session.get(CURRENCY_SESSION_KEY)
        if chosen in settings.CURRENCIES:
            return chosen
        user = request.user
        if user.is_authenticated:
            member = getattr(user, "member", None)
            if member is not None:
                request.session[CURRENCY_SESSION_KEY] = member.preferred_currency
                return member.preferred_currency
        return settings.BASE_CURRENCY
