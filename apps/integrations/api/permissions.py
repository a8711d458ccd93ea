"""Scopes: each view says which scope each HTTP method needs (``required_scopes``)."""

from typing import TYPE_CHECKING, cast

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions
from rest_framework.exceptions import ValidationError

if TYPE_CHECKING:  # DRF's settings import this module; its views, at run time, import them
    from rest_framework.request import Request
    from rest_framework.views import APIView

    from ..models import ApiKey


class HasScope(permissions.BasePermission):
    """The request's API key holds the scope the view requires for this method.

    Views set ``required_scopes = {"GET": "members:read", "POST": "members:write", ...}``;
    ``None`` means any valid key. A method missing from the mapping is refused (fail closed).
    """

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        api_key = cast("ApiKey | None", request.auth)  # the API's one authentication
        if api_key is None:
            raise exceptions.NotAuthenticated()
        scopes = getattr(view, "required_scopes", {})
        http_method = request.method or ""
        method = "GET" if http_method in ("HEAD", "OPTIONS") else http_method
        if method not in scopes:
            # No handler: let DRF answer 405. A handler without a declared scope: refuse.
            return not hasattr(view, http_method.lower())
        needed = scopes[method]
        if needed is None or needed in api_key.scopes:
            return True
        raise exceptions.PermissionDenied(
            _("This API key lacks the scope %(scope)s.") % {"scope": needed},
            code="insufficient_scope",
        )


class KnownQueryParameters(permissions.BasePermission):
    """Refuse query parameters the endpoint does not know (400), so a typo such as
    ``?kinds=earn`` is an error instead of a silently unfiltered list."""

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        if not hasattr(view, (request.method or "").lower()):
            return True  # DRF answers 405
        known = set(getattr(view, "query_parameters", ()))  # a view reading them itself
        filterset = getattr(view, "filterset_class", None)
        if filterset is not None:
            known |= set(filterset.base_filters)
        paginator = getattr(view, "paginator", None)
        if paginator is not None:
            known |= {
                getattr(paginator, name)
                for name in ("page_query_param", "page_size_query_param", "cursor_query_param")
                if getattr(paginator, name, None)
            }
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError({name: [_("Unknown query parameter.")] for name in unknown})
        return True
