"""Webhook signatures: HMAC-SHA256 over "<unix timestamp>.<body>" with the endpoint's secret.

Header: ``Storefront-Signature: t=1767225600,v1=<hex digest>``. Receivers recompute the digest
over the raw body, compare in constant time, and refuse timestamps older than a few minutes
(``docs/api.md`` has a verification snippet).
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Storefront-Signature"
TOLERANCE_SECONDS = 300


def sign(*, secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(
    *,
    secret: str,
    body: bytes,
    header: str,
    tolerance: int = TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """What a receiver does; used by our tests exactly as the documentation shows it."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), parts.get("v1", ""))
