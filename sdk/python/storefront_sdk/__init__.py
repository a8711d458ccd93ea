"""The hand-written layer over the generated client (``storefront_api``).

    from storefront_sdk import Storefront
    from storefront_api.api.points import members_points_earn_create
    from storefront_api.models import EarnRequest

    shop = Storefront("https://shop.example.com", api_key="sk_live_...")
    result = shop.call(
        members_points_earn_create,
        member="email:buyer@example.com",
        body=EarnRequest(points=500, reason="Trade fair visit"),
    )

``Storefront.call`` runs any generated operation: it creates an ``Idempotency-Key`` for every
write unless one is given, retries 429 and 503 answers after their ``Retry-After`` (and
connection failures of requests that are safe to repeat), and raises ``StorefrontError`` with
the API's error ``code`` instead of returning the error body. ``Storefront.paginate`` iterates
a list across its pages. ``verify_webhook`` checks a delivery's ``Storefront-Signature``.
"""

from .client import Storefront, StorefrontError, new_idempotency_key
from .retry import RetryTransport
from .webhooks import SIGNATURE_HEADER, WebhookSignatureError, verify_webhook

__all__ = [
    "SIGNATURE_HEADER",
    "RetryTransport",
    "Storefront",
    "StorefrontError",
    "WebhookSignatureError",
    "new_idempotency_key",
    "verify_webhook",
]
