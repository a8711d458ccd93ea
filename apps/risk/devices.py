"""The device cookie: a long-lived random id the storefront sets on the browser (first-party,
nothing else in it), recorded per member when they sign up or sign in, so that several accounts
used from one browser can be seen (``detection.check_shared_devices``)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import DeviceSighting

if TYPE_CHECKING:
    from apps.members.models import Member

COOKIE_AGE = 2 * 365 * 24 * 60 * 60  # two years
# Paths that are not the storefront's pages: no cookie set there.
NOT_STOREFRONT = (
    "/admin/",
    "/api/",
    "/static/",
    "/media/",
    "/payments/webhooks/",
    "/healthz",
    "/robots.txt",
    "/sitemap",
    "/favicon.ico",
)
VALID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def device_of(request: HttpRequest) -> str:
    """The browser's device id (from its cookie, or the one this response will set)."""
    return getattr(request, "device_id", "")


class DeviceCookieMiddleware:
    """Gives every storefront visitor's browser a device id cookie (``DEVICE_COOKIE_NAME``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = settings.DEVICE_COOKIE_NAME
        known = request.COOKIES.get(name, "")
        storefront = not request.path.startswith(NOT_STOREFRONT)
        new = "" if VALID.match(known) or not storefront else secrets.token_urlsafe(24)
        request.device_id = known if VALID.match(known) else new  # type: ignore[attr-defined]
        response = self.get_response(request)
        if new:
            response.set_cookie(
                name,
                new,
                max_age=COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def record_device(*, request: HttpRequest, member: Member) -> None:
    """Note that ``member`` signed up or in from this browser (last seen now)."""
    device = device_of(request)
    if not device:
        return
    DeviceSighting.objects.update_or_create(
        device=device, member=member, defaults={"last_seen": timezone.now()}
    )
