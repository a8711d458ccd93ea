import logging

import redis
from django.conf import settings
from django.contrib import admin
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .extensions import preference_chosen
from .languages import url_in_language

logger = logging.getLogger(__name__)


def switcher_return_url(request: HttpRequest) -> str:
    """Where a switcher sends the shopper back: the page it was on (never another site)."""
    next_url = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    if not next_url.startswith(("/", "http://", "https://")):  # e.g. "%00": not a page address
        return "/"
    return next_url


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: the page the shopper was on, in the chosen language (from any page
    in any language, whatever the language cookie said); remembered in the cookie and, for
    members, on the profile (their e-mails follow it)."""
    language = request.POST.get("language")
    next_url = switcher_return_url(request)
    if language not in dict(settings.LANGUAGES):
        return redirect(next_url)
    response = redirect(url_in_language(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    for hook in preference_chosen.hooks():
        hook(request=request, language=language)
    return response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and Redis both answer, 503 otherwise; says which one failed."""
    checks = {"database": database_answers(), "redis": redis_answers()}
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not healthy"; the reason goes to the log
        logger.exception("Health check: database did not answer")
        return False


def redis_answers() -> bool:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
        )
        return bool(client.ping())
    except redis.RedisError:
        logger.exception("Health check: Redis did not answer")
        return False


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403: staff refused a page or action of the admin by their role get it in the admin's
    layout (with the way back); everyone else in the storefront's."""
    if request.path.startswith(reverse("admin:index")):
        return render(request, "admin/403.html", admin.site.each_context(request), status=403)
    return defaults.permission_denied(request, exception)
