"""A local fake of PayPal's v1 REST API that the real ``paypalrestsdk`` (1.13.3) talks to.

Pointing the SDK at it: ``Api`` honours an ``endpoint`` option (and
``token_endpoint``, which defaults to ``endpoint``); ``mode`` must still be
``"sandbox"`` or ``"live"``::

    with FakePayPal(webhook_url=live_server.url + "/webhooks/paypal/") as fake:
        api = paypalrestsdk.Api(
            {"mode": "sandbox", "client_id": "x", "client_secret": "y",
             "endpoint": fake.endpoint}
        )
        payment = paypalrestsdk.Payment({...}, api=api)

Pass ``api=`` to every resource (``Payment``, ``Sale.find`` ...), or call
``paypalrestsdk.configure({... "endpoint": fake.endpoint})`` to replace the
SDK's global default. The SDK turns 400 answers into ``resource.error`` (and
``create()``/``execute()`` return ``False``) but raises on 401/404/5xx
(``ResourceNotFound`` for unknown ids).

Covered: ``POST /v1/oauth2/token`` (Basic auth), ``POST/GET
/v1/payments/payment[/{id}]``, ``POST /v1/payments/payment/{id}/execute``,
``GET /v1/payments/sale/{id}``, ``POST /v1/payments/sale/{id}/refund``, ``GET
/v1/payments/refund/{id}``, ``POST /v1/notifications/verify-webhook-signature``,
``GET /v1/notifications/webhooks-events/{id}``, the buyer's approval page ``GET/POST
/approve/{id}`` and a placeholder ``GET /certs/fake``. What happens on paypal.com or at the
buyer's bank has helpers returning the event PayPal would send: ``refund_in_dashboard``
(``PAYMENT.SALE.REFUNDED``) and ``reverse`` (``PAYMENT.SALE.REVERSED``). ``PayPal-Request-Id``
makes POSTs idempotent (a repeated id replays the first successful answer).

Webhook signatures are *not* PayPal's RSA ones: ``PAYPAL-TRANSMISSION-SIG`` is a
base64 HMAC known only to the fake, so the app must verify through ``POST
v1/notifications/verify-webhook-signature`` (passing the parsed JSON body as
``webhook_event``), not ``WebhookEvent.verify`` (which downloads PayPal's cert).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import copy
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from html import escape
from typing import Any

from tests.fakes._http import (
    FakeServer,
    RecordedRequest,
    Response,
    WebhookDelivery,
    add_query,
    deliver,
    html_page,
    random_token,
    random_upper,
)

__all__ = ["FakePayPal", "PayPalError"]

AUTH_ALGO = "SHA256withRSA"
NO_DECIMALS = frozenset({"HUF", "JPY", "TWD"})
_AMOUNT = re.compile(r"^\d{1,7}(\.\d{1,2})?$")
_INFO = "https://developer.paypal.com/docs/api/payments/v1/#errors"
_DETAIL_PARTS = ("subtotal", "shipping", "tax", "handling_fee", "insurance", "gift_wrap")
_RESOURCE_TYPES = {"PAYMENT.SALE.REFUNDED": "refund", "PAYMENT.SALE.REVERSED": "refund"}
_SUMMARIES = {
    "PAYMENT.SALE.COMPLETED": "Payment completed for {amount}",
    "PAYMENT.SALE.DENIED": "A {amount} sale payment was denied",
    "PAYMENT.SALE.PENDING": "Payment pending for {amount}",
    "PAYMENT.SALE.REFUNDED": "A {amount} sale payment was refunded",
    "PAYMENT.SALE.REVERSED": "A {amount} sale payment was reversed",
}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def canonical_json(value: Any) -> bytes:
    """Key-order independent JSON that the fake signs webhook events over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def money(value: Decimal, currency: str) -> str:
    """Format like PayPal echoes amounts: ``"12.50"``, or ``"1250"`` for JPY/HUF/TWD."""
    if currency in NO_DECIMALS and value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return str(value.quantize(Decimal("0.01")))


class PayPalError(Exception):
    """A PayPal v1 API error (``name`` such as ``VALIDATION_ERROR``)."""

    def __init__(
        self,
        name: str,
        message: str,
        *,
        status: int = 400,
        details: list[dict[str, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.name, self.status, self.details = name, status, details or []

    def response(self) -> Response:
        """Error JSON in PayPal's v1 shape, with a ``Paypal-Debug-Id`` header."""
        debug_id = secrets.token_hex(7)[:13]
        body: dict[str, Any] = {"name": self.name, "message": str(self)}
        if self.details:
            body["details"] = self.details
        body.update(information_link=f"{_INFO}-{self.name}", debug_id=debug_id)
        return Response.json(body, self.status, **{"Paypal-Debug-Id": debug_id})


def _invalid(field: str, issue: str) -> PayPalError:
    return PayPalError(
        "VALIDATION_ERROR",
        "Invalid request - see details",
        details=[{"field": field, "issue": issue}],
    )


class FakePayPal(FakeServer):
    """Fake PayPal v1 payments API plus approval page; use as a context manager.

    ``strict_decimals`` rejects fractional amounts for currencies PayPal has no
    decimals for (JPY, HUF, TWD), as PayPal does. ``webhook_delay`` is how long
    after a successful execute the ``PAYMENT.SALE.COMPLETED`` webhook is sent.
    """

    name = "fake-paypal"

    def __init__(
        self,
        webhook_url: str | None = None,
        webhook_id: str = "WH-TEST",
        *,
        strict_decimals: bool = True,
        webhook_delay: float = 0.2,
    ) -> None:
        super().__init__()
        self.webhook_url = webhook_url
        self.webhook_id = webhook_id
        self.strict_decimals = strict_decimals
        self.webhook_delay = webhook_delay
        self._secret = secrets.token_bytes(32)
        self._tokens: set[str] = set()
        self._payments: dict[str, dict[str, Any]] = {}
        self._redirects: dict[str, dict[str, str]] = {}
        self._payers: dict[str, str] = {}  # payment id -> approving payer id
        self._sales: dict[str, dict[str, Any]] = {}
        self._refunds: dict[str, dict[str, Any]] = {}
        self._events: dict[str, dict[str, Any]] = {}
        self._replies: dict[tuple[str, str], Response] = {}
        self._senders: list[threading.Thread] = []

    # -- public helpers -------------------------------------------------------------

    @property
    def endpoint(self) -> str:
        """Value for the SDK's ``endpoint`` option (``http://127.0.0.1:PORT``)."""
        return self.base_url

    @property
    def cert_url(self) -> str:
        """What ``PAYPAL-CERT-URL`` carries on webhooks from this fake."""
        return f"{self.endpoint}/certs/fake"

    def payment(self, payment_id: str) -> dict[str, Any]:
        """A copy of one payment (``KeyError`` if unknown)."""
        with self.lock:
            return copy.deepcopy(self._payments[payment_id])

    @property
    def payments(self) -> list[dict[str, Any]]:
        """Copies of all payments, oldest first."""
        with self.lock:
            return copy.deepcopy(list(self._payments.values()))

    def sale(self, sale_id: str) -> dict[str, Any]:
        """A copy of one sale (``KeyError`` if unknown)."""
        with self.lock:
            return copy.deepcopy(self._sales[sale_id])

    @property
    def refunds(self) -> list[dict[str, Any]]:
        """Copies of all refunds."""
        with self.lock:
            return copy.deepcopy(list(self._refunds.values()))

    def approve(self, payment_id: str) -> str:
        """Do what the approval page's Approve button does; return the return_url redirect."""
        with self.lock:
            payment = self._payments[payment_id]
            if payment["state"] != "created":
                raise ValueError(f"payment {payment_id} is {payment['state']}")
            payer_id = self._payers.setdefault(payment_id, random_upper(13))
            redirect = self._redirects[payment_id]
            token = redirect["token"]
            return add_query(
                redirect["return_url"],
                {"paymentId": payment_id, "token": token, "PayerID": payer_id},
            )

    def make_event(
        self,
        event_type: str,
        resource: dict[str, Any],
        *,
        summary: str | None = None,
        resource_type: str | None = None,
    ) -> dict[str, Any]:
        """Build (and remember) a v1 webhook event wrapping ``resource``."""
        event_id = "WH-EVT-" + random_upper(17)
        if resource_type is None:
            parts = event_type.split(".")
            resource_type = _RESOURCE_TYPES.get(
                event_type, parts[1].lower() if len(parts) > 1 else "payment"
            )
        if summary is None:
            amount = resource.get("amount") or resource.get("total_refunded_amount") or {}
            shown = f"{amount.get('total', amount.get('value', ''))} {amount.get('currency', '')}"
            summary = _SUMMARIES.get(event_type, event_type + " for {amount}").format(
                amount=shown.strip()
            )
        base = f"{self.endpoint}/v1/notifications/webhooks-events/{event_id}"
        event = {
            "id": event_id,
            "event_version": "1.0",
            "create_time": _now(),
            "resource_type": resource_type,
            "event_type": event_type,
            "summary": summary,
            "resource": copy.deepcopy(resource),
            "links": [
                {"href": base, "rel": "self", "method": "GET"},
                {"href": base + "/resend", "rel": "resend", "method": "POST"},
            ],
        }
        with self.lock:
            self._events[event_id] = event
        return copy.deepcopy(event)

    def signature(
        self, transmission_id: str, transmission_time: str, webhook_id: str, event: Any
    ) -> str:
        """The ``PAYPAL-TRANSMISSION-SIG`` this fake gives (and accepts) for ``event``."""
        crc = binascii.crc32(canonical_json(event)) & 0xFFFFFFFF
        message = f"{transmission_id}|{transmission_time}|{webhook_id}|{crc}".encode()
        return base64.b64encode(hmac.new(self._secret, message, hashlib.sha256).digest()).decode()

    def send_event(self, event: dict[str, Any], *, tamper: bool = False) -> int:
        """POST ``event`` to ``webhook_url`` with PayPal's headers; return the status.

        ``tamper=True`` sends a signature that verification will reject. The
        status is 0 if the app could not be reached.
        """
        if not self.webhook_url:
            raise RuntimeError("FakePayPal has no webhook_url to send events to")
        transmission_id, transmission_time = str(uuid.uuid1()), _now()
        sig = self.signature(transmission_id, transmission_time, self.webhook_id, event)
        if tamper:
            sig = base64.b64encode(secrets.token_bytes(32)).decode()
        body = json.dumps(event).encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "PayPal/AUHD-214.0-58434744",
            "PAYPAL-TRANSMISSION-ID": transmission_id,
            "PAYPAL-TRANSMISSION-TIME": transmission_time,
            "PAYPAL-TRANSMISSION-SIG": sig,
            "PAYPAL-CERT-URL": self.cert_url,
            "PAYPAL-AUTH-ALGO": AUTH_ALGO,
        }
        url, error, status = self.webhook_url, None, 0
        try:
            status = deliver(url, body, headers)
        except OSError as exc:
            error = repr(exc)
        delivery = WebhookDelivery(
            event.get("id", ""), event.get("event_type", ""), url, status, body, headers, error
        )
        with self.lock:
            self.webhook_deliveries.append(delivery)
        return status

    def wait_for_webhooks(self, timeout: float = 5.0) -> None:
        """Block until background webhook deliveries (after execute) have finished."""
        deadline = time.monotonic() + timeout
        with self.lock:
            senders = list(self._senders)
        for sender in senders:
            sender.join(max(0.0, deadline - time.monotonic()))
        with self.lock:
            self._senders = [s for s in self._senders if s.is_alive()]
            if self._senders:
                raise TimeoutError("webhook deliveries still running")

    def stop(self) -> None:
        """Let pending webhook deliveries finish, then stop serving."""
        with contextlib.suppress(TimeoutError):
            self.wait_for_webhooks(timeout=5.0)
        super().stop()

    def refund_in_dashboard(self, sale_id: str, total: str | None = None) -> dict[str, Any]:
        """Refund (part of) a sale as the merchant would on paypal.com (nothing of ours on
        it); returns the ``PAYMENT.SALE.REFUNDED`` event PayPal sends for it."""
        sale = self.sale(sale_id)
        body = {"amount": {"total": total, "currency": sale["amount"]["currency"]}} if total else {}
        with self.lock:
            refund = json.loads(self._refund(sale_id, body).body)
        return self.make_event("PAYMENT.SALE.REFUNDED", refund)

    def reverse(self, sale_id: str) -> dict[str, Any]:
        """The buyer's bank takes the whole sale back (a chargeback); returns the
        ``PAYMENT.SALE.REVERSED`` event, whose amount PayPal gives as a negative total."""
        with self.lock:
            sale = self._sales[sale_id]
            sale["state"] = "reversed"
            sale["update_time"] = _now()
            reversal = {
                "id": "REV-" + random_upper(17),
                "state": "completed",
                "amount": {
                    "total": "-" + sale["amount"]["total"],
                    "currency": sale["amount"]["currency"],
                },
                "sale_id": sale_id,
                "parent_payment": sale["parent_payment"],
                "reason_code": "CHARGEBACK",
                "create_time": _now(),
            }
        return self.make_event("PAYMENT.SALE.REVERSED", reversal)

    # -- HTTP -----------------------------------------------------------------------

    def handle(self, request: RecordedRequest) -> Response:
        """Route one request."""
        parts = request.path.strip("/").split("/")
        if parts[0] == "approve" and len(parts) == 2:
            return self._approval_page(request, parts[1])
        if request.method == "GET" and parts == ["certs", "fake"]:
            pem = "-----BEGIN CERTIFICATE-----\nRkFLRQ==\n-----END CERTIFICATE-----\n"
            return Response(200, pem.encode(), "application/x-pem-file")
        if parts[0] != "v1":
            return Response(404, b"Not Found", "text/plain; charset=utf-8")
        try:
            if parts[1:] == ["oauth2", "token"] and request.method == "POST":
                return self._token(request)
            self._authenticate(request)
            return self._api(request, parts[1:])
        except PayPalError as exc:
            return exc.response()

    def _token(self, request: RecordedRequest) -> Response:
        scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
        try:
            client_id, _, client_secret = base64.b64decode(encoded).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            client_id = client_secret = ""
        if scheme != "Basic" or not client_id or not client_secret:
            body = {"error": "invalid_client", "error_description": "Client Authentication failed"}
            return Response.json(body, 401)
        grant = request.params.get("grant_type") if isinstance(request.params, dict) else None
        if grant != "client_credentials":
            body = {"error": "unsupported_grant_type", "error_description": f"Grant Type {grant}"}
            return Response.json(body, 400)
        token = "A21AA" + random_token(90)
        with self.lock:
            self._tokens.add(token)
        return Response.json(
            {
                "scope": "https://uri.paypal.com/services/payments/payment "
                "https://uri.paypal.com/services/payments/refund "
                "https://uri.paypal.com/services/applications/webhooks",
                "access_token": token,
                "token_type": "Bearer",
                "app_id": "APP-80W284485P519543T",
                "expires_in": 32400,
                "nonce": f"{_now()}{random_token(20)}",
            }
        )

    def _authenticate(self, request: RecordedRequest) -> None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        with self.lock:
            known = token in self._tokens
        if scheme != "Bearer" or not known:
            raise PayPalError(
                "AUTHENTICATION_FAILURE",
                "Authentication failed due to invalid authentication credentials or a missing "
                "Authorization header.",
                status=401,
            )

    def _api(self, request: RecordedRequest, parts: list[str]) -> Response:
        body = request.params if isinstance(request.params, dict) else {}
        match request.method, parts:
            case "POST", ["payments", "payment"]:
                return self._once(request, lambda: self._create_payment(body))
            case "GET", ["payments", "payment", payment_id]:
                return Response.json(self._find(self._payments, payment_id))
            case "POST", ["payments", "payment", payment_id, "execute"]:
                return self._once(request, lambda: self._execute(payment_id, body))
            case "GET", ["payments", "sale", sale_id]:
                return Response.json(self._find(self._sales, sale_id))
            case "POST", ["payments", "sale", sale_id, "refund"]:
                return self._once(request, lambda: self._refund(sale_id, body))
            case "GET", ["payments", "refund", refund_id]:
                return Response.json(self._find(self._refunds, refund_id))
            case "POST", ["notifications", "verify-webhook-signature"]:
                return Response.json(self._verify(body))
            case "GET", ["notifications", "webhooks-events", event_id]:
                return Response.json(self._find(self._events, event_id))
        raise PayPalError("NOT_FOUND", "The specified resource does not exist.", status=404)

    def _find(self, store: dict[str, dict[str, Any]], object_id: str) -> dict[str, Any]:
        with self.lock:
            found = store.get(object_id)
            if found is None:
                raise PayPalError(
                    "INVALID_RESOURCE_ID", "Requested resource ID was not found.", status=404
                )
            return copy.deepcopy(found)

    def _once(self, request: RecordedRequest, action: Any) -> Response:
        """Honour ``PayPal-Request-Id``: replay the first successful answer for an id."""
        request_id = request.headers.get("PayPal-Request-Id")
        key = (request.path, request_id or "")
        with self.lock:
            if request_id and key in self._replies:
                return copy.deepcopy(self._replies[key])
            try:
                response = action()
            except PayPalError as exc:
                return exc.response()
            if request_id and response.status < 300:
                self._replies[key] = copy.deepcopy(response)
            return response

    # -- payments ---------------------------------------------------------------------

    def _amount(self, raw: Any, field: str) -> tuple[Decimal, str]:
        """Validate a ``{"total", "currency"}`` amount; return its value and currency."""
        if not isinstance(raw, dict):
            raise _invalid(field, "This field required when payment_method is 'paypal'")
        currency = raw.get("currency")
        if not isinstance(currency, str) or not re.fullmatch(r"[A-Z]{3}", currency):
            raise _invalid(f"{field}.currency", "Currency code is invalid")
        total = raw.get("total")
        if not isinstance(total, str) or not _AMOUNT.match(total):
            raise _invalid(
                f"{field}.total",
                "Currency amount must be non-negative number, may optionally contain exactly "
                "2 decimal places separated by '.', optional thousands separator ',', limited "
                "to 7 digits before the decimal point",
            )
        value = Decimal(total)
        if self.strict_decimals and currency in NO_DECIMALS and value != value.to_integral_value():
            raise _invalid(f"{field}.total", "Currency does not support decimals.")
        return value, currency

    def _create_payment(self, body: dict[str, Any]) -> Response:
        intent = body.get("intent")
        if intent != "sale":
            raise _invalid("intent", "FakePayPal supports intent 'sale' only")
        if (body.get("payer") or {}).get("payment_method") != "paypal":
            raise _invalid("payer.payment_method", "FakePayPal supports payment_method 'paypal'")
        transactions = body.get("transactions")
        if not isinstance(transactions, list) or len(transactions) != 1:
            raise _invalid("transactions", "Only single payment transaction currently supported")
        transaction = copy.deepcopy(transactions[0])
        total, currency = self._amount(transaction.get("amount"), "transactions[0].amount")
        if total <= 0:
            raise _invalid("transactions[0].amount.total", "Amount cannot be zero")
        details = transaction["amount"].get("details") or {}
        try:
            parts = {k: Decimal(str(details[k])) for k in _DETAIL_PARTS if k in details}
            discount = Decimal(str(details.get("shipping_discount") or 0))
        except InvalidOperation:
            raise _invalid("transactions[0].amount.details", "Invalid amount") from None
        if details and sum(parts.values(), Decimal(0)) - discount != total:
            raise _invalid(
                "transactions[0].amount",
                "Transaction amount details (subtotal, tax, shipping) must add up to specified "
                "amount total",
            )
        items = (transaction.get("item_list") or {}).get("items") or []
        if items:
            try:
                item_sum = sum(
                    (Decimal(str(i["price"])) * int(i.get("quantity", 1)) for i in items),
                    Decimal(0),
                )
            except (KeyError, InvalidOperation, ValueError, TypeError):
                raise _invalid("transactions[0].item_list.items", "Invalid item") from None
            if any(i.get("currency") != currency for i in items):
                raise _invalid(
                    "transactions[0].item_list.items", "Item currency must match amount currency"
                )
            if item_sum != parts.get("subtotal", total):
                raise _invalid(
                    "transactions[0]",
                    "Item amount must add up to specified amount subtotal (or total if amount "
                    "details not specified)",
                )
        redirect_urls = body.get("redirect_urls") or {}
        for name in ("return_url", "cancel_url"):
            if not redirect_urls.get(name):
                raise _invalid(
                    f"redirect_urls.{name}", "This field required when payment_method is 'paypal'"
                )
        payment_id = "PAYID-" + random_upper(24)
        cart = random_upper(17)
        href = f"{self.endpoint}/v1/payments/payment/{payment_id}"
        transaction["amount"]["total"] = money(total, currency)
        transaction["related_resources"] = []
        payment: dict[str, Any] = {
            "id": payment_id,
            "intent": intent,
            "state": "created",
            "cart": cart,
            "payer": {"payment_method": "paypal"},
            "transactions": [transaction],
            "create_time": _now(),
            "links": [
                {"href": href, "rel": "self", "method": "GET"},
                {
                    "href": f"{self.endpoint}/approve/{payment_id}?token=EC-{cart}",
                    "rel": "approval_url",
                    "method": "REDIRECT",
                },
                {"href": href + "/execute", "rel": "execute", "method": "POST"},
            ],
        }
        if body.get("note_to_payer"):
            payment["note_to_payer"] = body["note_to_payer"]
        self._payments[payment_id] = payment
        self._redirects[payment_id] = {
            "return_url": redirect_urls["return_url"],
            "cancel_url": redirect_urls["cancel_url"],
            "token": f"EC-{cart}",
        }
        return Response.json(copy.deepcopy(payment), 201)

    def _execute(self, payment_id: str, body: dict[str, Any]) -> Response:
        payment = self._payments.get(payment_id)
        if payment is None:
            raise PayPalError(
                "INVALID_RESOURCE_ID", "Requested resource ID was not found.", status=404
            )
        payer_id = body.get("payer_id")
        if not payer_id:
            raise _invalid("payer_id", "Value is required")
        if payment["state"] != "created":
            raise PayPalError(
                "PAYMENT_ALREADY_DONE", "Payment has been done already for this cart."
            )
        if self._payers.get(payment_id) != payer_id:
            raise PayPalError(
                "PAYMENT_NOT_APPROVED_FOR_EXECUTION", "Payer has not approved payment"
            )
        transaction = payment["transactions"][0]
        invoice = transaction.get("invoice_number")
        if invoice and any(
            s.get("invoice_number") == invoice and s["state"] != "denied"
            for s in self._sales.values()
        ):
            raise PayPalError("DUPLICATE_TRANSACTION", "Duplicate invoice Id detected.")
        now = _now()
        amount = transaction["amount"]
        total, currency = Decimal(amount["total"]), amount["currency"]
        fee = money(
            (total * Decimal("0.034")).quantize(
                Decimal(1) if currency in NO_DECIMALS else Decimal("0.01")
            ),
            currency,
        )
        sale_id = "SALE-" + random_upper(17)
        base = f"{self.endpoint}/v1/payments"
        sale: dict[str, Any] = {
            "id": sale_id,
            "state": "completed",
            "amount": {
                "total": amount["total"],
                "currency": currency,
                "details": {"subtotal": amount["total"]},
            },
            "payment_mode": "INSTANT_TRANSFER",
            "protection_eligibility": "ELIGIBLE",
            "protection_eligibility_type": (
                "ITEM_NOT_RECEIVED_ELIGIBLE,UNAUTHORIZED_PAYMENT_ELIGIBLE"
            ),
            "transaction_fee": {"value": fee, "currency": currency},
            "parent_payment": payment_id,
            "create_time": now,
            "update_time": now,
            "links": [
                {"href": f"{base}/sale/{sale_id}", "rel": "self", "method": "GET"},
                {"href": f"{base}/sale/{sale_id}/refund", "rel": "refund", "method": "POST"},
                {"href": f"{base}/payment/{payment_id}", "rel": "parent_payment", "method": "GET"},
            ],
        }
        for key in ("invoice_number", "custom", "soft_descriptor"):
            if transaction.get(key):
                sale[key] = transaction[key]
        self._sales[sale_id] = sale
        transaction["related_resources"] = [{"sale": sale}]  # shared: refunds update it
        payment.update(
            state="approved",
            update_time=now,
            payer={
                "payment_method": "paypal",
                "status": "VERIFIED",
                "payer_info": {
                    "email": "buyer@example.com",
                    "first_name": "Test",
                    "last_name": "Buyer",
                    "payer_id": payer_id,
                    "country_code": "DE",
                },
            },
        )
        if self.webhook_url:
            event = self.make_event("PAYMENT.SALE.COMPLETED", sale)
            sender = threading.Thread(
                target=self._send_later, args=(event,), name="fake-paypal-webhook", daemon=True
            )
            self._senders.append(sender)
            sender.start()
        return Response.json(copy.deepcopy(payment))

    def _send_later(self, event: dict[str, Any]) -> None:
        time.sleep(self.webhook_delay)
        self.send_event(event)

    def _refund(self, sale_id: str, body: dict[str, Any]) -> Response:
        sale = self._sales.get(sale_id)
        if sale is None:
            raise PayPalError(
                "INVALID_RESOURCE_ID", "Requested resource ID was not found.", status=404
            )
        currency = sale["amount"]["currency"]
        refunded = sum(
            (
                Decimal(r["amount"]["total"])
                for r in self._refunds.values()
                if r["sale_id"] == sale_id
            ),
            Decimal(0),
        )
        remaining = Decimal(sale["amount"]["total"]) - refunded
        if remaining <= 0:
            raise PayPalError(
                "TRANSACTION_ALREADY_REFUNDED",
                "Requested transaction has already been fully refunded.",
            )
        if body.get("amount"):
            amount, refund_currency = self._amount(body["amount"], "amount")
            if refund_currency != currency:
                raise _invalid("amount.currency", f"Currency must be {currency}, like the sale")
            if amount <= 0:
                raise _invalid("amount.total", "Amount must be greater than zero")
        else:
            amount = remaining
        if amount > remaining:
            raise PayPalError(
                "TRANSACTION_REFUSED",
                f"The request was refused. Refund amount exceeds the remaining refundable amount "
                f"({money(remaining, currency)} {currency}).",
            )
        now = _now()
        refund_id = "REF-" + random_upper(17)
        payment_id = sale["parent_payment"]
        base = f"{self.endpoint}/v1/payments"
        refund: dict[str, Any] = {
            "id": refund_id,
            "create_time": now,
            "update_time": now,
            "state": "completed",
            "amount": {"total": money(amount, currency), "currency": currency},
            "refund_from_received_amount": {"value": money(amount, currency), "currency": currency},
            "sale_id": sale_id,
            "parent_payment": payment_id,
            "links": [
                {"href": f"{base}/refund/{refund_id}", "rel": "self", "method": "GET"},
                {"href": f"{base}/payment/{payment_id}", "rel": "parent_payment", "method": "GET"},
                {"href": f"{base}/sale/{sale_id}", "rel": "sale", "method": "GET"},
            ],
        }
        for key in ("invoice_number", "custom", "description", "reason"):
            if body.get(key):
                refund[key] = body[key]
        self._refunds[refund_id] = refund
        sale["state"] = "refunded" if amount == remaining else "partially_refunded"
        sale["update_time"] = now
        payment = self._payments[payment_id]
        payment["transactions"][0]["related_resources"].append({"refund": refund})
        return Response.json(copy.deepcopy(refund), 201)

    # -- webhooks ---------------------------------------------------------------------

    def _verify(self, body: dict[str, Any]) -> dict[str, str]:
        fields = (
            "auth_algo",
            "cert_url",
            "transmission_id",
            "transmission_sig",
            "transmission_time",
            "webhook_id",
            "webhook_event",
        )
        missing = [f for f in fields if not body.get(f)]
        if missing:
            raise PayPalError(
                "VALIDATION_ERROR",
                "Invalid request - see details",
                details=[{"field": f, "issue": "Required field is missing"} for f in missing],
            )
        expected = self.signature(
            str(body["transmission_id"]),
            str(body["transmission_time"]),
            self.webhook_id,
            body["webhook_event"],
        )
        ok = (
            body["webhook_id"] == self.webhook_id
            and body["auth_algo"] == AUTH_ALGO
            and body["cert_url"] == self.cert_url
            and hmac.compare_digest(str(body["transmission_sig"]), expected)
        )
        return {"verification_status": "SUCCESS" if ok else "FAILURE"}

    # -- approval page ----------------------------------------------------------------

    def _approval_page(self, request: RecordedRequest, payment_id: str) -> Response:
        with self.lock:
            payment = copy.deepcopy(self._payments.get(payment_id))
            redirect = dict(self._redirects.get(payment_id, {}))
        if payment is None:
            return Response.html(
                html_page("Fake PayPal", "<p>This payment does not exist.</p>"), 404
            )
        params = request.params if isinstance(request.params, dict) else {}
        if params.get("token") != redirect["token"]:
            return Response.html(
                html_page("Fake PayPal", '<p role="alert">Invalid token.</p>'), 400
            )
        if request.method == "GET":
            return Response.html(self._render(payment, redirect["token"]))
        if request.method != "POST":
            return Response(405, b"Method Not Allowed", "text/plain; charset=utf-8")
        action = params.get("action")
        if action == "cancel":
            return Response.redirect(
                add_query(redirect["cancel_url"], {"token": redirect["token"]})
            )
        if action != "approve":
            return Response.html(
                self._render(payment, redirect["token"], "Choose Approve or Cancel."), 400
            )
        try:
            return Response.redirect(self.approve(payment_id))
        except ValueError:
            return Response.html(self._render(payment, redirect["token"]), 409)

    @staticmethod
    def _render(payment: dict[str, Any], token: str, problem: str = "") -> str:
        transaction = payment["transactions"][0]
        amount = transaction["amount"]
        total = escape(f"{amount['total']} {amount['currency']}")
        if payment["state"] != "created":
            return html_page(
                "Fake PayPal",
                f'<p role="status">This payment is already {escape(payment["state"])}.</p>\n'
                f"<p>Amount: <strong>{total}</strong></p>",
            )
        description = transaction.get("description")
        about = f"<p>{escape(str(description))}</p>\n" if description else ""
        alert = f'<p role="alert">{escape(problem)}</p>\n' if problem else ""
        return html_page(
            "Fake PayPal",
            f"{alert}{about}"
            f'<p>Amount: <strong data-testid="amount">{total}</strong></p>\n'
            f'<form method="post" action="/approve/{escape(payment["id"])}">\n'
            f'<input type="hidden" name="token" value="{escape(token)}">\n'
            '<button type="submit" name="action" value="approve">Approve</button>\n'
            '<button type="submit" name="action" value="cancel">Cancel</button>\n'
            "</form>",
        )
