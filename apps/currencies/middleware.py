from django.conf import settings
from django.utils.translation.trans_real import parse_accept_lang_header

CURRENCY_SESSION_KEY = "currency"


class CurrencyMiddleware:
    """Puts the shopper's display currency on ``request.currency``.

    Order of precedence: the choice made with the currency switcher (kept in the session), the
    signed-in member's preferred currency, then a default that is never stored: the currency of
    the visitor's country (``CURRENCY_BY_COUNTRY``; the country from a proxy's header such as
    Cloudflare's ``CF-IPCountry`` when ``VISITOR_COUNTRY_HEADER`` names it, else the region of
    the browser's preferred language, e.g. en-GB), else of the page's language
    (``CURRENCY_BY_LANGUAGE``), else the programme's base currency. Runs after the locale
    middleware (the page's language).
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
        return default_currency(
            language=getattr(request, "LANGUAGE_CODE", ""), country=visitor_country(request)
        )


def default_currency(*, language: str, country: str) -> str:
    """The currency a visitor who has chosen none sees (see ``CurrencyMiddleware``)."""
    for currency in (
        settings.CURRENCY_BY_COUNTRY.get(country.upper()),
        settings.CURRENCY_BY_LANGUAGE.get(language),
    ):
        if currency in settings.CURRENCIES:
            return currency
    return settings.BASE_CURRENCY


def visitor_country(request) -> str:
    """The visitor's country (ISO code) as far as the request tells it, or ""."""
    if settings.VISITOR_COUNTRY_HEADER:
        country = request.headers.get(settings.VISITOR_COUNTRY_HEADER, "")
        if len(country) == 2 and country.isalpha():
            return country.upper()
    for language, _quality in parse_accept_lang_header(request.headers.get("accept-language", "")):
        _base, _separator, region = language.partition("-")
        if len(region) == 2 and region.isalpha():
            return region.upper()
    return ""
