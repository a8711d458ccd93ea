"""Checking a webhook delivery's signature (``Storefront-Signature: t=<unix time>,v1=<hex>``):
HMAC-SHA256 with the endpoint's secret over ``"<t>.<raw body>"``, compared in constant time,
refused when ``t`` is further than ``tolerance`` seconds from now (a replayed delivery)."""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Storefront-Signature"
DEFAULT_TOLERANCE = 300


class WebhookSignatureError(ValueError):
    """The delivery is not from the shop (wrong or missing signature) or is too old."""


def verify_webhook(
    *,
    secret: str,
    signature: str,
    body: bytes,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Raise ``WebhookSignatureError`` unless ``signature`` (the header's value) signs the raw
    ``body`` with ``secret`` and is recent. Pass the body exactly as received, before parsing."""
    parts: dict[str, list[str]] = {}
    for item in signature.split(","):
        name, _, value = item.strip().partition("=")
        parts.setdefault(name, []).append(value)
    try:
        timestamp = int(parts["t"][0])
    except (KeyError, ValueError):
        raise WebhookSignatureError("The signature has no timestamp.") from None
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise WebhookSignatureError("The signature's timestamp is outside the tolerance.")
    expected = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    if not any(hmac.compare_digest(expected, given) for given in parts.get("v1", [])):
        raise WebhookSignatureError("The signature does not match the body.")
