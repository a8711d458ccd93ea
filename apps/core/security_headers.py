"""Security response headers: Content-Security-Policy (django-csp) and Permissions-Policy."""

from csp.constants import HEADER as CSP_HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

PERMISSIONS_HEADER = "Permissions-Policy"
# What django-csp's decorators set on a response whose view changes the policy.
CUSTOMISED = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware (``CONTENT_SECURITY_POLICY``), with the usual policy built once.

    django-csp builds the header for every response: 0.1-0.15 ms, a few per cent of an API
    call. Every response gets the same one unless its view changed the policy (django-csp's
    decorators) or used a nonce, or the settings ask for more (report-only, excluded paths):
    those go through django-csp as they are. The header is built again when the setting is
    replaced (tests do).
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self._built_for, self._policy = None, ""

    def process_response(self, request, response):
        if not self._usual(request, response):
            return super().process_response(request, response)
        config = settings.CONTENT_SECURITY_POLICY
        if config is not self._built_for:
            self._built_for, self._policy = config, build_policy()
        if CSP_HEADER not in response:
            response[CSP_HEADER] = self._policy
        return response

    @staticmethod
    def _usual(request, response) -> bool:
        config = settings.CONTENT_SECURITY_POLICY
        return not (
            any(getattr(response, attribute, None) for attribute in CUSTOMISED)
            or getattr(request, "_csp_nonce", None) is not None
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or config.get("EXCLUDE_URL_PREFIXES")
            or (settings.DEBUG and response.status_code in (404, 500))  # Django's debug pages
        )


def permissions_policy(features: dict[str, list[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` -> ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in features.items())


class PermissionsPolicyMiddleware:
    """Adds ``PERMISSIONS_POLICY`` to every response that has none of its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(PERMISSIONS_HEADER, self.header)
        return response
