"""``Authorization: Bearer <key>``: per-integration API keys (see ``integrations.keys``)."""

import time
from typing import TYPE_CHECKING, cast

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from ..keys import Caller, authenticate
from ..models import ApiKey

if TYPE_CHECKING:  # imported at run time, it would import DRF's settings, which import us
    from drf_spectacular.openapi import AutoSchema


class Integration:
    """The caller behind an API key; stands in for ``request.user`` in API views."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    pk = None

    def __init__(self, caller: Caller) -> None:
        self.caller = caller  # with the request's rate-limit count, for the throttle

    @property
    def api_key(self) -> ApiKey:
        return self.caller.api_key

    def __str__(self) -> str:
        return f"API: {self.api_key.name}"


def request_api_key(request: Request) -> ApiKey:
    """The key that authenticated ``request``: the API's one authentication (``HasScope``
    refuses a request without one before any view runs)."""
    return cast(ApiKey, request.auth)


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Integration, ApiKey] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the key as: Authorization: Bearer <key>.")
            )
        try:
            key = header[1].decode()
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("Invalid API key.")) from error
        caller = authenticate(key, now=time.time())
        if caller is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API key."))
        return Integration(caller), caller.api_key

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


# drf-spectacular leaves its extensions' ``__init_subclass__`` unannotated.
class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema: "AutoSchema") -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key created in the admin or with `manage.py create_api_key`.",
        }
