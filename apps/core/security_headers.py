"""Response headers that switch off browser features (Permissions-Policy).

Content-Security-Policy comes from django-csp (``CONTENT_SECURITY_POLICY`` in the settings).
"""

from django.conf import settings

HEADER = "Permissions-Policy"


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
        response.headers.setdefault(HEADER, self.header)
        return response
