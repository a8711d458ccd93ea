"""Provider webhooks: verify the signature, store the event once, act on it, answer fast."""

import json
import logging
from datetime import UTC, datetime, timedelta

import stripe
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from apps.core import metrics

from .gateways.paypal import api as paypal_api
from .payloads import ProviderObject
from .services import handle_paypal_event, handle_stripe_event, record_webhook_event

logger = logging.getLogger(__name__)

PAYPAL_FRESHNESS = timedelta(minutes=5)
# Counted per provider and outcome for the metrics (docs/operations.md, "Metrics").
WEBHOOK_OUTCOMES = "payment_webhooks"
# Stripe's SDK refuses signatures older than its tolerance (5 minutes) but not ones from the
# future: a timestamp later than this ahead of our clock is refused too (clock skew allowed).
STRIPE_FUTURE_SKEW = timedelta(seconds=60)


def _refuse(provider: str, reason: str) -> JsonResponse:
    logger.warning("Webhook refused: %s", reason)
    metrics.count(WEBHOOK_OUTCOMES, provider=provider, outcome="refused")
    return JsonResponse({"error": reason}, status=400)


def _received(provider: str, outcome: str) -> JsonResponse:
    # The outcome's kind ("refund: succeeded" counts as "refund"), so labels stay few.
    kind = outcome.split(":", 1)[0].strip() or "none"
    metrics.count(WEBHOOK_OUTCOMES, provider=provider, outcome=kind)
    return JsonResponse({"received": True, "outcome": outcome})


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    try:
        event = stripe.Webhook.construct_event(
            request.body,
            request.headers.get("Stripe-Signature", ""),
            settings.STRIPE_WEBHOOK_SECRET,
        )
    except (ValueError, stripe.SignatureVerificationError):
        return _refuse("stripe", "invalid signature or payload")
    if _signed_in_the_future(request.headers["Stripe-Signature"]):
        return _refuse("stripe", "signature timestamp in the future")
    payload = event.to_dict()
    outcome = record_webhook_event(
        provider="stripe",
        event_id=payload["id"],
        event_type=payload["type"],
        payload=payload,
        handler=handle_stripe_event,
    )
    return _received("stripe", outcome)


def _signed_in_the_future(header: str) -> bool:
    """Whether a (verified) ``Stripe-Signature`` header's timestamp, ``t=``, the first one as
    the SDK reads it, lies beyond ``STRIPE_FUTURE_SKEW`` ahead of now."""
    timestamp = next(
        part.split("=", 1)[1] for part in header.split(",") if part.strip().startswith("t=")
    )
    signed_at = datetime.fromtimestamp(int(timestamp), tz=UTC)
    return signed_at > timezone.now() + STRIPE_FUTURE_SKEW


@csrf_exempt
@require_POST
def paypal_webhook(request: HttpRequest) -> JsonResponse:
    try:
        event = json.loads(request.body)
        transmission_time = parse_datetime(request.headers["Paypal-Transmission-Time"])
    except (ValueError, KeyError, TypeError):
        return _refuse("paypal", "malformed payload or headers")
    if transmission_time is None or abs(timezone.now() - transmission_time) > PAYPAL_FRESHNESS:
        return _refuse("paypal", "stale or missing transmission time")
    if not _paypal_signature_verified(request, event):
        return _refuse("paypal", "invalid signature")
    outcome = record_webhook_event(
        provider="paypal",
        event_id=str(event.get("id", "")),
        event_type=str(event.get("event_type", "")),
        payload=event,
        handler=handle_paypal_event,
    )
    return _received("paypal", outcome)


def _paypal_signature_verified(request: HttpRequest, event: ProviderObject) -> bool:
    """Ask PayPal (verify-webhook-signature) whether it sent this event to our webhook id."""
    headers = request.headers
    body = {
        "auth_algo": headers.get("Paypal-Auth-Algo", ""),
        "cert_url": headers.get("Paypal-Cert-Url", ""),
        "transmission_id": headers.get("Paypal-Transmission-Id", ""),
        "transmission_sig": headers.get("Paypal-Transmission-Sig", ""),
        "transmission_time": headers.get("Paypal-Transmission-Time", ""),
        "webhook_id": settings.PAYPAL_WEBHOOK_ID,
        "webhook_event": event,
    }
    try:
        answer = paypal_api().post("v1/notifications/verify-webhook-signature", body)
    except Exception:
        logger.exception("PayPal signature verification call failed")
        return False
    status: object = answer.get("verification_status")
    return status == "SUCCESS"
