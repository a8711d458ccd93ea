"""A local fake of the Stripe API that the real ``stripe`` SDK (16.1.0) talks to.

Pointing the SDK at it (both ways work in 16.1.0; the global ``stripe.api_base``
is read on every request, and a plain ``http://`` base is accepted)::

    with FakeStripe(webhook_url=live_server.url + "/webhooks/stripe/") as fake:
        stripe.api_key = "sk_test_x"
        stripe.api_base = fake.api_base          # module-level API style
        # or: client = stripe.StripeClient("sk_test_x",
        #                                   base_addresses={"api": fake.api_base})

Restore ``stripe.api_base = stripe.DEFAULT_API_BASE`` afterwards (or patch it
with ``monkeypatch.setattr(stripe, "api_base", fake.api_base)``). The SDK
retries 409 and 5xx answers (``stripe.max_network_retries`` is 2) and sends an
``Idempotency-Key`` on every POST, generating one when the caller gives none.

Covered: ``POST/GET /v1/checkout/sessions[/{id}]``, ``POST
/v1/checkout/sessions/{id}/expire``, ``GET /v1/payment_intents/{id}``, ``POST
/v1/refunds``, ``GET /v1/refunds[/{id}]`` (the list filtered by ``charge`` or
``payment_intent``), ``GET /v1/events/{id}``, and the hosted page ``GET/POST /pay/{id}``.
Paying there completes the session, creates a
succeeded PaymentIntent and (when ``webhook_url`` is set) POSTs a signed
``checkout.session.completed`` event to the app *before* redirecting the
browser to ``success_url``, like a fast real webhook would. A completed or
expired session has ``url: null``, as on Stripe.

What happens in Stripe's dashboard or at the buyer's bank has helpers that return the event
Stripe would send: :meth:`refund_in_dashboard` (``charge.refunded``) and :meth:`dispute`
(``charge.dispute.created``/``closed``); :meth:`charge` is a paid intent's Charge.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any
from urllib.parse import parse_qsl

from tests.fakes._http import (
    FakeServer,
    RecordedRequest,
    Response,
    WebhookDelivery,
    deliver,
    html_page,
    random_token,
)
from tests.fakes.stripe_billing import BillingMixin

try:  # Only used for a constant: the API version the installed SDK pins.
    import stripe as _stripe

    API_VERSION: str = str(_stripe.api_version)
except ImportError:  # pragma: no cover - stripe is a project dependency
    API_VERSION = "2026-10-28.endive"

__all__ = ["API_VERSION", "FakeStripe", "StripeError", "parse_form"]

ZERO_DECIMAL = frozenset(
    {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga"}
    | {"pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"}
)
THREE_DECIMAL = frozenset({"bhd", "jod", "kwd", "omr", "tnd"})
REFUND_REASONS = frozenset({"duplicate", "fraudulent", "requested_by_customer"})
_DOC = "https://stripe.com/docs/error-codes/"
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_MAP_KEYS = frozenset({"metadata"})  # dicts whose keys may look like list indexes


def parse_form(body: str) -> dict[str, Any]:
    """Parse Stripe's bracket form encoding (``a[0][b]=1``) into nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        base, bracket, rest = key.partition("[")
        parts = [base, *_BRACKET.findall(bracket + rest)] if bracket else [base]
        node = root
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        last = parts[-1] or str(len(node))  # ``a[]=x`` appends
        node[last] = value
    return _listify(root, None)


def _listify(node: Any, key: str | None) -> Any:
    """Turn dicts keyed ``"0"``, ``"1"``... into lists, recursively."""
    if not isinstance(node, dict):
        return node
    converted = {k: _listify(v, k) for k, v in node.items()}
    if converted and key not in _MAP_KEYS and all(k.isdigit() for k in converted):
        return [converted[k] for k in sorted(converted, key=int)]
    return converted


def format_amount(amount: int, currency: str) -> str:
    """Show a minor-unit amount in major units, e.g. ``2500, "eur"`` -> ``"25.00 EUR"``."""
    cur = currency.lower()
    digits = 0 if cur in ZERO_DECIMAL else 3 if cur in THREE_DECIMAL else 2
    major = Decimal(amount).scaleb(-digits)
    return f"{major:.{digits}f} {cur.upper()}"


class StripeError(Exception):
    """A Stripe API error; ``saved`` says whether idempotency keeps (and replays) it."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        saved: bool = False,
    ) -> None:
        super().__init__(message)
        self.status, self.type, self.code, self.param, self.saved = (
            status,
            type,
            code,
            param,
            saved,
        )

    def body(self) -> dict[str, Any]:
        """Error JSON in Stripe's shape."""
        error: dict[str, Any] = {"message": str(self), "type": self.type}
        if self.code:
            error["code"] = self.code
            error["doc_url"] = _DOC + self.code.replace("_", "-")
        if self.param:
            error["param"] = self.param
        return {"error": error}


def _missing(param: str) -> StripeError:
    return StripeError(f"Missing required param: {param}.", code="parameter_missing", param=param)


def _no_such(kind: str, object_id: str, param: str, status: int = 404) -> StripeError:
    return StripeError(
        f"No such {kind}: '{object_id}'", status=status, code="resource_missing", param=param
    )


def _integer(params: dict[str, Any], name: str, *, required: bool = True) -> int | None:
    """Read a non-negative integer param the way Stripe validates it."""
    raw = _dig(params, name)
    if raw is None or raw == "":
        if required:
            raise _missing(name)
        return None
    if not isinstance(raw, str) or not raw.isdigit():
        raise StripeError(f"Invalid integer: {raw}", code="parameter_invalid_integer", param=name)
    return int(raw)


def _metadata(params: dict[str, Any]) -> dict[str, str]:
    """``metadata`` as Stripe stores it: empty values mean "unset"."""
    raw = params.get("metadata")
    return {k: v for k, v in raw.items() if v != ""} if isinstance(raw, dict) else {}


def _amount_param(amount: int | None) -> dict[str, str]:
    return {} if amount is None else {"amount": str(amount)}


def _dig(params: Any, dotted: str) -> Any:
    """Fetch ``a[0][b]`` style params from the parsed form."""
    node = params
    for part in _BRACKET.sub(r".\1", dotted).split("."):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


@dataclass
class _Saved:
    """A stored idempotent result."""

    method: str
    path: str
    params: Any
    response: Response
    request_id: str


class FakeStripe(BillingMixin, FakeServer):
    """Fake Stripe API plus hosted Checkout page; use as a context manager.

    Public state for tests (read under ``lock`` or via the copying accessors):
    ``requests`` (every request, with parsed form ``params``),
    ``webhook_deliveries``, ``sessions``, ``payment_intents``, ``refunds``,
    ``events``.
    """

    name = "fake-stripe"

    def __init__(
        self,
        webhook_url: str | None = None,
        webhook_secret: str = "whsec_test_secret",  # noqa: S107
    ) -> None:
        super().__init__()
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self._sessions: dict[str, dict[str, Any]] = {}
        self._line_items: dict[str, list[dict[str, Any]]] = {}
        self._intent_metadata: dict[str, dict[str, Any]] = {}
        self._intents: dict[str, dict[str, Any]] = {}
        self._refunded: dict[str, int] = {}
        self._refunds: dict[str, dict[str, Any]] = {}
        self._events: dict[str, dict[str, Any]] = {}
        self._idempotency: dict[str, _Saved] = {}
        self._billing_init()  # subscriptions (tests/fakes/stripe_billing.py)

    # -- public helpers -------------------------------------------------------------

    @property
    def api_base(self) -> str:
        """Value for ``stripe.api_base`` (``http://127.0.0.1:PORT``)."""
        return self.base_url

    def session(self, session_id: str) -> dict[str, Any]:
        """A copy of one Checkout Session (``KeyError`` if unknown)."""
        with self.lock:
            return copy.deepcopy(self._sessions[session_id])

    @property
    def sessions(self) -> list[dict[str, Any]]:
        """Copies of all Checkout Sessions, oldest first."""
        with self.lock:
            return copy.deepcopy(list(self._sessions.values()))

    def line_items(self, session_id: str) -> list[dict[str, Any]]:
        """The line items a session was created with, as parsed from the form."""
        with self.lock:
            return copy.deepcopy(self._line_items[session_id])

    def payment_intent(self, intent_id: str) -> dict[str, Any]:
        """A copy of one PaymentIntent (``KeyError`` if unknown)."""
        with self.lock:
            return copy.deepcopy(self._intents[intent_id])

    @property
    def payment_intents(self) -> list[dict[str, Any]]:
        """Copies of all PaymentIntents."""
        with self.lock:
            return copy.deepcopy(list(self._intents.values()))

    @property
    def refunds(self) -> list[dict[str, Any]]:
        """Copies of all refunds."""
        with self.lock:
            return copy.deepcopy(list(self._refunds.values()))

    @property
    def events(self) -> list[dict[str, Any]]:
        """Copies of every event made by :meth:`make_event`."""
        with self.lock:
            return copy.deepcopy(list(self._events.values()))

    def make_event(self, type: str, obj: dict[str, Any]) -> dict[str, Any]:
        """Build (and remember, for ``GET /v1/events/{id}``) an event wrapping ``obj``."""
        event = {
            "id": "evt_" + random_token(24),
            "object": "event",
            "api_version": API_VERSION,
            "created": self.now(),  # the fake's clock (``advance``)
            "data": {"object": copy.deepcopy(obj)},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": type,
        }
        with self.lock:
            self._events[event["id"]] = event
        return copy.deepcopy(event)

    def sign(self, payload: bytes, timestamp: int | None = None, secret: str | None = None) -> str:
        """``Stripe-Signature`` value for ``payload``: ``t=<ts>,v1=<hex HMAC-SHA256>``."""
        ts = int(time.time()) if timestamp is None else timestamp
        key = (self.webhook_secret if secret is None else secret).encode()
        signed = f"{ts}.".encode() + payload
        return f"t={ts},v1={hmac.new(key, signed, hashlib.sha256).hexdigest()}"

    def send_event(self, event: dict[str, Any], *, signature: str | None = None) -> int:
        """POST ``event`` to ``webhook_url``; return the status (0 if unreachable).

        The body is signed with ``webhook_secret`` unless ``signature`` is given.
        """
        if not self.webhook_url:
            raise RuntimeError("FakeStripe has no webhook_url to send events to")
        body = json.dumps(event, indent=2).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            "Stripe-Signature": signature if signature is not None else self.sign(body),
        }
        url, error, status = self.webhook_url, None, 0
        try:
            status = deliver(url, body, headers)
        except OSError as exc:
            error = repr(exc)
        delivery = WebhookDelivery(
            event.get("id", ""), event.get("type", ""), url, status, body, headers, error
        )
        with self.lock:
            self.webhook_deliveries.append(delivery)
        return status

    def pay(self, session_id: str) -> str:
        """Do what the hosted page's Pay button does; return the success redirect URL.

        Completes the session, creates the PaymentIntent and, when
        ``webhook_url`` is set, delivers ``checkout.session.completed``
        synchronously (the lock is not held meanwhile, so the app may call back).
        A subscription session makes its subscription instead (``stripe_billing``).
        """
        if self._is_subscription_session(session_id):
            return self._pay_subscription(session_id)
        with self.lock:
            session = self._sessions.get(session_id)
            if session is None:
                raise KeyError(session_id)
            if session["status"] != "open":
                raise ValueError(f"session {session_id} is {session['status']}, not open")
            now = int(time.time())
            intent_id = "pi_" + random_token(24)
            intent = {
                "id": intent_id,
                "object": "payment_intent",
                "amount": session["amount_total"],
                "amount_capturable": 0,
                "amount_received": session["amount_total"],
                "capture_method": "automatic_async",
                "client_secret": f"{intent_id}_secret_{random_token(24)}",
                "confirmation_method": "automatic",
                "created": now,
                "currency": session["currency"],
                "customer": None,
                "description": None,
                "latest_charge": "ch_" + random_token(24),
                "livemode": False,
                "metadata": copy.deepcopy(self._intent_metadata.get(session_id, {})),
                "payment_method": "pm_" + random_token(24),
                "payment_method_types": ["card"],
                "status": "succeeded",
            }
            self._intents[intent_id] = intent
            self._refunded[intent_id] = 0
            session.update(
                status="complete",
                payment_status="paid",
                payment_intent=intent_id,
                url=None,
                customer_details={
                    "address": None,
                    "email": session["customer_email"] or "buyer@example.com",
                    "name": "Test Buyer",
                    "phone": None,
                    "tax_exempt": "none",
                    "tax_ids": [],
                },
            )
            success_url = session["success_url"] or ""
            event = self.make_event("checkout.session.completed", session)
        if self.webhook_url:
            self.send_event(event)
        return success_url.replace("{CHECKOUT_SESSION_ID}", session_id)

    def charge(self, intent_id: str) -> dict[str, Any]:
        """The Charge of a paid PaymentIntent, as ``charge.*`` events carry it."""
        with self.lock:
            intent = self._intents[intent_id]
            refunded = self._refunded[intent_id]
            return {
                "id": intent["latest_charge"],
                "object": "charge",
                "amount": intent["amount"],
                "amount_captured": intent["amount"],
                "amount_refunded": refunded,
                "captured": True,
                "created": intent["created"],
                "currency": intent["currency"],
                "livemode": False,
                "metadata": copy.deepcopy(intent["metadata"]),
                "paid": True,
                "payment_intent": intent_id,
                "refunded": refunded >= intent["amount"],
                "status": "succeeded",
            }

    def refund_in_dashboard(
        self, intent_id: str, amount: int | None = None, *, pending: bool = False
    ) -> dict[str, Any]:
        """Refund (part of) a payment as the merchant would in Stripe's dashboard (no metadata
        of ours); returns the ``charge.refunded`` event Stripe sends for it. ``pending``: the
        refund waits (as for some payment methods) until :meth:`complete_refund`."""
        with self.lock:
            answer = self._create_refund({"payment_intent": intent_id, **_amount_param(amount)})
            if pending:
                self._refunds[json.loads(answer.body)["id"]]["status"] = "pending"
        return self.make_event("charge.refunded", self.charge(intent_id))

    def complete_refund(self, refund_id: str) -> dict[str, Any]:
        """A pending refund succeeds; returns the ``charge.refund.updated`` event."""
        with self.lock:
            refund = self._refunds[refund_id]
            refund["status"] = "succeeded"
            return self.make_event("charge.refund.updated", copy.deepcopy(refund))

    def dispute(
        self, intent_id: str, *, status: str = "needs_response", dispute_id: str | None = None
    ) -> tuple[str, dict[str, Any]]:
        """The buyer's bank disputes the whole charge; returns (dispute id, the event):
        ``charge.dispute.created`` for an open dispute, ``charge.dispute.closed`` for
        ``status`` "won" or "lost" (pass the ``dispute_id`` of the created one)."""
        charge = self.charge(intent_id)
        dispute = {
            "id": dispute_id or "dp_" + random_token(24),
            "object": "dispute",
            "amount": charge["amount"],
            "charge": charge["id"],
            "created": int(time.time()),
            "currency": charge["currency"],
            "livemode": False,
            "metadata": {},
            "payment_intent": intent_id,
            "reason": "fraudulent",
            "status": status,
        }
        kind = "charge.dispute.created" if status == "needs_response" else "charge.dispute.closed"
        return dispute["id"], self.make_event(kind, dispute)

    # -- HTTP -----------------------------------------------------------------------

    def parse_body(self, content_type: str, body: bytes) -> Any:
        """Parse form bodies and query strings with Stripe's bracket notation."""
        if content_type.startswith("application/json"):
            return super().parse_body(content_type, body)
        return parse_form(body.decode("utf-8", "replace"))

    def handle(self, request: RecordedRequest) -> Response:
        """Route one request."""
        parts = request.path.strip("/").split("/")
        if parts[0] == "pay" and len(parts) == 2:
            return self._hosted_page(request, parts[1])
        if parts[0] == "portal" and len(parts) == 2:
            return self._portal_page(request, parts[1])
        if parts[0] != "v1":
            return Response(404, b"Not Found", "text/plain; charset=utf-8")
        request_id = "req_" + random_token(14)
        try:
            self._authenticate(request)
            response = self._api(request, parts[1:], request_id)
        except StripeError as exc:
            response = Response.json(exc.body(), exc.status)
        response.headers.setdefault("Request-Id", request_id)
        response.headers["Stripe-Version"] = request.headers.get("Stripe-Version", API_VERSION)
        if "Idempotency-Key" in request.headers:
            response.headers["Idempotency-Key"] = request.headers["Idempotency-Key"]
        return response

    def internal_error(self, exc: BaseException) -> Response:
        """Answer 500 but tell the SDK not to retry, so the traceback surfaces once."""
        response = super().internal_error(exc)
        response.headers["Stripe-Should-Retry"] = "false"
        return response

    @staticmethod
    def _authenticate(request: RecordedRequest) -> None:
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not key.strip():
            raise StripeError(
                "You did not provide an API key. You need to provide your API key in the "
                "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
                "YOUR_SECRET_KEY').",
                status=401,
            )

    def _api(self, request: RecordedRequest, parts: list[str], request_id: str) -> Response:
        method, params = request.method, request.params
        match method, parts:
            case "POST", ["checkout", "sessions"]:
                return self._idempotent(request, request_id, lambda: self._create_session(params))
            case "GET", ["checkout", "sessions", session_id]:
                return Response.json(
                    self._get(self._sessions, session_id, "checkout.session", "session")
                )
            case "POST", ["checkout", "sessions", session_id, "expire"]:
                return self._idempotent(
                    request, request_id, lambda: self._expire_session(session_id)
                )
            case "GET", ["payment_intents", intent_id]:
                return Response.json(
                    self._get(self._intents, intent_id, "payment_intent", "intent")
                )
            case "POST", ["refunds"]:
                return self._idempotent(request, request_id, lambda: self._create_refund(params))
            case "GET", ["refunds"]:
                return Response.json(self._list_refunds(params if isinstance(params, dict) else {}))
            case "GET", ["refunds", refund_id]:
                return Response.json(self._get(self._refunds, refund_id, "refund", "refund"))
            case "GET", ["events", event_id]:
                return Response.json(self._get(self._events, event_id, "event", "id"))
        if (billing := self._billing_api(request, parts, request_id)) is not None:
            return billing
        raise StripeError(
            f"Unrecognized request URL ({method}: {request.path}). Please see "
            "https://stripe.com/docs or we can help at https://support.stripe.com/.",
            status=404,
        )

    def _get(self, store: dict[str, dict[str, Any]], object_id: str, kind: str, param: str) -> Any:
        """A copy of ``store[object_id]``, or Stripe's 404 ``resource_missing``."""
        with self.lock:
            found = store.get(object_id)
            if found is None:
                raise _no_such(kind, object_id, param)
            return copy.deepcopy(found)

    def _idempotent(self, request: RecordedRequest, request_id: str, action: Any) -> Response:
        """Run ``action`` once per Idempotency-Key and replay its saved answer."""
        key = request.headers.get("Idempotency-Key")
        with self.lock:
            saved = self._idempotency.get(key) if key else None
            if saved is not None:
                if (saved.method, saved.path) != (request.method, request.path):
                    raise StripeError(
                        "Keys for idempotent requests can only be used for the same endpoint "
                        f"they were first used for ('{request.path}' vs '{saved.path}'). Try "
                        f"using a key other than '{key}' if you meant to execute a different "
                        "request.",
                        type="idempotency_error",
                    )
                if saved.params != request.params:
                    raise StripeError(
                        "Keys for idempotent requests can only be used with the same "
                        f"parameters they were first used with. Try using a key other than "
                        f"'{key}' if you meant to execute a different request.",
                        type="idempotency_error",
                    )
                replay = copy.deepcopy(saved.response)
                replay.headers.update(
                    {"Idempotent-Replayed": "true", "Original-Request": saved.request_id}
                )
                return replay
            try:
                response = action()
            except StripeError as exc:
                if not exc.saved:
                    raise
                response = Response.json(exc.body(), exc.status)
            if key:
                self._idempotency[key] = _Saved(
                    request.method, request.path, request.params, response, request_id
                )
            return copy.deepcopy(response)

    # -- Checkout Sessions --------------------------------------------------------------

    def _create_session(self, params: dict[str, Any]) -> Response:
        mode = params.get("mode")
        if not mode:
            raise _missing("mode")
        if mode == "subscription":
            return self._create_subscription_session(params)
        if mode != "payment":
            raise StripeError(
                f"FakeStripe only supports mode=payment or subscription, not {mode!r}.",
                code="parameter_invalid_string",
                param="mode",
            )
        items = params.get("line_items")
        if not isinstance(items, list) or not items:
            raise StripeError(
                "You must specify either `line_items` or `prices` in `payment` mode.",
                code="parameter_missing",
                param="line_items",
            )
        currencies: set[str] = set()
        total = 0
        for index, item in enumerate(items):
            prefix = f"line_items[{index}]"
            if not isinstance(item, dict) or not isinstance(item.get("price_data"), dict):
                if isinstance(item, dict) and item.get("price"):
                    raise _no_such("price", item["price"], f"{prefix}[price]", status=400)
                raise _missing(f"{prefix}[price_data]")
            price = item["price_data"]
            currency = str(price.get("currency") or "").lower()
            if not currency:
                raise _missing(f"{prefix}[price_data][currency]")
            if not _dig(price, "product_data.name") and not price.get("product"):
                raise _missing(f"{prefix}[price_data][product_data][name]")
            unit = _integer(params, f"{prefix}[price_data][unit_amount]")
            quantity = _integer(params, f"{prefix}[quantity]")
            assert unit is not None and quantity is not None
            if quantity < 1:
                raise StripeError(
                    "This value must be greater than or equal to 1.",
                    code="parameter_invalid_integer",
                    param=f"{prefix}[quantity]",
                )
            currencies.add(currency)
            total += unit * quantity
        if len(currencies) > 1:
            raise StripeError(
                "All line items must use the same currency; got "
                + ", ".join(sorted(currencies))
                + ".",
                param="line_items",
            )
        locale = params.get("locale") or None
        now = int(time.time())
        session_id = "cs_test_" + random_token(58)
        session: dict[str, Any] = {
            "id": session_id,
            "object": "checkout.session",
            "after_expiration": None,
            "allow_promotion_codes": None,
            "amount_subtotal": total,
            "amount_total": total,
            "automatic_tax": {"enabled": False, "liability": None, "status": None},
            "billing_address_collection": None,
            "cancel_url": params.get("cancel_url"),
            "client_reference_id": params.get("client_reference_id"),
            "client_secret": None,
            "consent": None,
            "created": now,
            "currency": currencies.pop(),
            "custom_fields": [],
            "customer": None,
            "customer_creation": "if_required",
            "customer_details": None,
            "customer_email": params.get("customer_email"),
            "expires_at": _integer(params, "expires_at", required=False) or now + 86400,
            "invoice": None,
            "livemode": False,
            "locale": locale,
            "metadata": _metadata(params),
            "mode": mode,
            "payment_intent": None,
            "payment_link": None,
            "payment_method_collection": "if_required",
            "payment_method_types": ["card"],
            "payment_status": "unpaid",
            "status": "open",
            "submit_type": None,
            "subscription": None,
            "success_url": params.get("success_url"),
            "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
            "ui_mode": "hosted",
            "url": f"{self.api_base}/pay/{session_id}",
        }
        self._sessions[session_id] = session
        self._line_items[session_id] = copy.deepcopy(items)
        self._intent_metadata[session_id] = _metadata(params.get("payment_intent_data") or {})
        return Response.json(copy.deepcopy(session))

    def _expire_session(self, session_id: str) -> Response:
        session = self._sessions.get(session_id)
        if session is None:
            raise _no_such("checkout.session", session_id, "session")
        if session["status"] != "open":
            raise StripeError(
                f'Only Checkout Sessions with a status in ["open"] can be expired. This '
                f'Checkout Session has a status of "{session["status"]}".',
                saved=True,
            )
        session.update(status="expired", url=None)
        return Response.json(copy.deepcopy(session))

    # -- Refunds ----------------------------------------------------------------------

    def _create_refund(self, params: dict[str, Any]) -> Response:
        intent_id = params.get("payment_intent")
        charge_id = params.get("charge")
        if not intent_id and not charge_id:
            raise StripeError(
                "One of the following params should be provided for this request: "
                "payment_intent or charge.",
                code="parameter_missing",
            )
        if intent_id:
            intent = self._intents.get(intent_id)
            if intent is None:
                raise _no_such("payment_intent", intent_id, "payment_intent", status=400)
        else:
            intent = next(
                (i for i in self._intents.values() if i["latest_charge"] == charge_id), None
            )
            if intent is None:
                raise _no_such("charge", str(charge_id), "charge", status=400)
        reason = params.get("reason") or None
        if reason is not None and reason not in REFUND_REASONS:
            raise StripeError(
                f"Invalid reason: must be one of {', '.join(sorted(REFUND_REASONS))}",
                code="parameter_invalid_string",
                param="reason",
            )
        amount = _integer(params, "amount", required=False)
        if amount is not None and amount < 1:
            raise StripeError(
                "This value must be greater than or equal to 1.",
                code="parameter_invalid_integer",
                param="amount",
            )
        remaining = intent["amount"] - self._refunded[intent["id"]]
        currency = intent["currency"]
        if remaining <= 0:
            raise StripeError(
                f"Charge {intent['latest_charge']} has already been refunded.",
                code="charge_already_refunded",
                saved=True,
            )
        if amount is None:
            amount = remaining
        if amount > remaining:
            raise StripeError(
                f"Refund amount ({format_amount(amount, currency)}) is greater than unrefunded "
                f"amount on charge ({format_amount(remaining, currency)})",
                code="amount_too_large",
                param="amount",
                saved=True,
            )
        self._refunded[intent["id"]] += amount
        refund_id = "re_" + random_token(24)
        refund = {
            "id": refund_id,
            "object": "refund",
            "amount": amount,
            "balance_transaction": "txn_" + random_token(24),
            "charge": intent["latest_charge"],
            "created": int(time.time()),
            "currency": currency,
            "destination_details": {"card": {"type": "refund"}, "type": "card"},
            "metadata": _metadata(params),
            "payment_intent": intent["id"],
            "reason": reason,
            "receipt_number": None,
            "source_transfer_reversal": None,
            "status": "succeeded",
            "transfer_reversal": None,
        }
        self._refunds[refund_id] = refund
        return Response.json(copy.deepcopy(refund))

    def _list_refunds(self, params: dict[str, Any]) -> dict[str, Any]:
        charge, intent = params.get("charge"), params.get("payment_intent")
        with self.lock:
            found = [
                copy.deepcopy(refund)
                for refund in reversed(self._refunds.values())  # newest first, as Stripe lists
                if (not charge or refund["charge"] == charge)
                and (not intent or refund["payment_intent"] == intent)
            ]
        limit = _integer(params, "limit", required=False) or 10
        return {
            "object": "list",
            "data": found[:limit],
            "has_more": len(found) > limit,
            "url": "/v1/refunds",
        }

    # -- hosted Checkout page -----------------------------------------------------------

    def _hosted_page(self, request: RecordedRequest, session_id: str) -> Response:
        with self.lock:
            session = copy.deepcopy(self._sessions.get(session_id))
            items = copy.deepcopy(self._line_items.get(session_id, []))
        if session is None:
            return Response.html(
                html_page("Fake Stripe Checkout", "<p>This Checkout Session does not exist.</p>"),
                404,
            )
        if request.method == "GET":
            return Response.html(self._render(session, items))
        if request.method != "POST":
            return Response(405, b"Method Not Allowed", "text/plain; charset=utf-8")
        action = request.params.get("action") if isinstance(request.params, dict) else None
        if action == "cancel" and session["cancel_url"]:
            return Response.redirect(session["cancel_url"])
        if action != "pay":
            return Response.html(self._render(session, items, "Choose Pay or Cancel."), 400)
        try:
            target = self.pay(session_id)
        except ValueError:
            return Response.html(self._render(session, items), 409)
        if not target:
            return Response.html(html_page("Fake Stripe Checkout", "<p>Payment succeeded.</p>"))
        return Response.redirect(target)

    @staticmethod
    def _render(session: dict[str, Any], items: list[dict[str, Any]], problem: str = "") -> str:
        total = escape(format_amount(session["amount_total"], session["currency"]))
        if session["status"] != "open":
            state = escape(session["status"])
            return html_page(
                "Fake Stripe Checkout",
                f'<p role="status">This Checkout Session is {state} and can no longer be paid.'
                f"</p>\n<p>Amount: <strong>{total}</strong></p>",
            )
        rows = "\n".join(
            "<li>{} &times; {} &ndash; {}</li>".format(
                escape(str(item.get("quantity"))),
                escape(str(_dig(item, "price_data.product_data.name") or "Item")),
                escape(
                    format_amount(
                        int(_dig(item, "price_data.unit_amount") or 0), session["currency"]
                    )
                ),
            )
            for item in items
        )
        alert = f'<p role="alert">{escape(problem)}</p>\n' if problem else ""
        cancel = (
            '<button type="submit" name="action" value="cancel">Cancel</button>\n'
            if session["cancel_url"]
            else ""
        )
        return html_page(
            "Fake Stripe Checkout",
            f"{alert}"
            f'<ul aria-label="Items">\n{rows}\n</ul>\n'
            f'<p>Amount due: <strong data-testid="amount">{total}</strong></p>\n'
            f'<form method="post" action="/pay/{escape(session["id"])}">\n'
            '<button type="submit" name="action" value="pay">Pay</button>\n'
            f"{cancel}"
            "</form>",
        )
