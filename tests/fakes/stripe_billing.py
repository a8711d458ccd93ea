"""Stripe Billing for the fake Stripe server (``FakeStripe`` mixes this in).

Covered, as the real ``stripe`` SDK calls them: ``POST /v1/customers``, ``GET
/v1/customers/{id}``, ``POST /v1/products``, ``POST /v1/prices``, ``GET /v1/prices/{id}``,
Checkout Sessions in ``mode=subscription`` (``line_items[0][price]``, ``customer``,
``subscription_data[metadata]``), ``GET /v1/subscriptions/{id}``, ``POST
/v1/subscriptions/{id}`` (``cancel_at_period_end``), ``DELETE /v1/subscriptions/{id}``, ``GET
/v1/invoices`` (filtered by ``customer`` or ``subscription``), ``GET /v1/invoices/{id}``,
``POST /v1/billing_portal/sessions`` and the hosted customer portal ``GET/POST /portal/{id}``
(cancel at the period's end, or take the cancellation back).

Paying a subscription session (the hosted page's Pay button, or :meth:`pay`) makes the
customer (when the session had none), the subscription and its first paid invoice and, when
``webhook_url`` is set, sends ``checkout.session.completed``, ``customer.subscription.created``
and ``invoice.paid``, signed. What happens later at Stripe has helpers returning the events it
would send (sent too when ``deliver=True``): :meth:`renew` (the next period's invoice paid or
failed), :meth:`retry_invoice`, :meth:`cancel_at_period_end`, :meth:`end_subscription`.
Objects have the shape of API version 2025-03 and later: the period on the subscription's
item, the invoice's subscription under ``parent.subscription_details``.

The fake's clock is ``time.time() + clock_offset`` (:meth:`advance`), so a test can move to a
period's end.
"""

from __future__ import annotations

import copy
import time
from html import escape
from typing import Any

from tests.fakes._http import RecordedRequest, Response, html_page, random_token

INTERVAL_SECONDS = {"day": 86400, "week": 7 * 86400, "month": 30 * 86400, "year": 365 * 86400}


class BillingMixin:
    """Customers, products, prices, subscriptions, invoices and the customer portal."""

    # Provided by FakeStripe.
    lock: Any
    webhook_url: str | None
    _sessions: dict[str, dict[str, Any]]
    _line_items: dict[str, list[dict[str, Any]]]

    def _billing_init(self) -> None:
        self.clock_offset = 0
        self._customers: dict[str, dict[str, Any]] = {}
        self._products: dict[str, dict[str, Any]] = {}
        self._prices: dict[str, dict[str, Any]] = {}
        self._subscriptions: dict[str, dict[str, Any]] = {}
        self._invoices: dict[str, dict[str, Any]] = {}
        self._portal_sessions: dict[str, dict[str, Any]] = {}
        self._invoice_count = 0
        self._subscription_data: dict[str, dict[str, Any]] = {}

    # -- public helpers -------------------------------------------------------------------------

    def now(self) -> int:
        return int(time.time()) + self.clock_offset

    def advance(self, seconds: int) -> None:
        """Move the fake's clock forward (a period's end, a retry's day)."""
        self.clock_offset += seconds

    def subscription(self, subscription_id: str) -> dict[str, Any]:
        with self.lock:
            return copy.deepcopy(self._subscriptions[subscription_id])

    @property
    def subscriptions(self) -> list[dict[str, Any]]:
        with self.lock:
            return copy.deepcopy(list(self._subscriptions.values()))

    def invoice(self, invoice_id: str) -> dict[str, Any]:
        with self.lock:
            return copy.deepcopy(self._invoices[invoice_id])

    @property
    def prices(self) -> list[dict[str, Any]]:
        with self.lock:
            return copy.deepcopy(list(self._prices.values()))

    @property
    def customers(self) -> list[dict[str, Any]]:
        with self.lock:
            return copy.deepcopy(list(self._customers.values()))

    def renew(
        self, subscription_id: str, *, fail: bool = False, deliver: bool = False
    ) -> list[dict[str, Any]]:
        """The period ends and Stripe invoices the next one: paid (``invoice.paid``) or not
        (``invoice.payment_failed``, the subscription past due); either way the subscription
        moves to the next period (``customer.subscription.updated``). Returns the events,
        invoice first."""
        with self.lock:
            sub = self._subscriptions[subscription_id]
            item = sub["items"]["data"][0]
            start = item["current_period_end"]
            end = start + INTERVAL_SECONDS[item["price"]["recurring"]["interval"]]
            item.update(current_period_start=start, current_period_end=end)
            invoice = self._new_invoice(sub, start, end, paid=not fail)
            sub["latest_invoice"] = invoice["id"]
            sub["status"] = "past_due" if fail else "active"
            kind = "invoice.payment_failed" if fail else "invoice.paid"
            events = [
                self.make_event(kind, invoice),  # type: ignore[attr-defined]
                self.make_event("customer.subscription.updated", sub),  # type: ignore[attr-defined]
            ]
        return self._maybe_deliver(events, deliver)

    def retry_invoice(
        self, invoice_id: str, *, succeed: bool = True, deliver: bool = False
    ) -> list[dict[str, Any]]:
        """Stripe retries a failed invoice's payment (Smart Retries)."""
        with self.lock:
            invoice = self._invoices[invoice_id]
            invoice["attempt_count"] += 1
            sub = self._subscriptions[invoice["parent"]["subscription_details"]["subscription"]]
            if succeed:
                invoice.update(status="paid", amount_paid=invoice["amount_due"])
                invoice["status_transitions"]["paid_at"] = self.now()
                sub["status"] = "active"
                kind = "invoice.paid"
            else:
                kind = "invoice.payment_failed"
            events = [
                self.make_event(kind, invoice),  # type: ignore[attr-defined]
                self.make_event("customer.subscription.updated", sub),  # type: ignore[attr-defined]
            ]
        return self._maybe_deliver(events, deliver)

    def cancel_at_period_end(
        self, subscription_id: str, *, cancel: bool = True, deliver: bool = False
    ) -> dict[str, Any]:
        """The customer cancels (or takes the cancellation back) in the portal."""
        with self.lock:
            sub = self._subscriptions[subscription_id]
            self._set_cancel(sub, cancel)
            event = self.make_event("customer.subscription.updated", sub)  # type: ignore[attr-defined]
        return self._maybe_deliver([event], deliver)[0]

    def end_subscription(self, subscription_id: str, *, deliver: bool = False) -> dict[str, Any]:
        """The subscription ends (at its period's end after a cancellation, or when the retries
        run out): ``customer.subscription.deleted``."""
        with self.lock:
            sub = self._subscriptions[subscription_id]
            self._end(sub)
            event = self.make_event("customer.subscription.deleted", sub)  # type: ignore[attr-defined]
        return self._maybe_deliver([event], deliver)[0]

    def _maybe_deliver(self, events: list[dict[str, Any]], deliver: bool) -> list[dict[str, Any]]:
        if deliver:
            for event in events:
                self.send_event(event)  # type: ignore[attr-defined]
        return events

    # -- API ------------------------------------------------------------------------------------

    def _billing_api(
        self, request: RecordedRequest, parts: list[str], request_id: str
    ) -> Response | None:
        method, params = request.method, request.params
        idem = self._idempotent  # type: ignore[attr-defined]
        match method, parts:
            case "POST", ["customers"]:
                return idem(request, request_id, lambda: self._create_customer(params))
            case "GET", ["customers", customer_id]:
                return Response.json(self._get(self._customers, customer_id, "customer", "id"))  # type: ignore[attr-defined]
            case "POST", ["products"]:
                return idem(request, request_id, lambda: self._create_product(params))
            case "POST", ["prices"]:
                return idem(request, request_id, lambda: self._create_price(params))
            case "GET", ["prices", price_id]:
                return Response.json(self._get(self._prices, price_id, "price", "price"))  # type: ignore[attr-defined]
            case "GET", ["subscriptions", sub_id]:
                return Response.json(
                    self._get(self._subscriptions, sub_id, "subscription", "id")  # type: ignore[attr-defined]
                )
            case "POST", ["subscriptions", sub_id]:
                return idem(request, request_id, lambda: self._update_subscription(sub_id, params))
            case "DELETE", ["subscriptions", sub_id]:
                return self._cancel_now(sub_id)
            case "GET", ["invoices"]:
                return Response.json(
                    self._list_invoices(params if isinstance(params, dict) else {})
                )
            case "GET", ["invoices", invoice_id]:
                return Response.json(self._get(self._invoices, invoice_id, "invoice", "id"))  # type: ignore[attr-defined]
            case "POST", ["billing_portal", "sessions"]:
                return idem(request, request_id, lambda: self._create_portal_session(params))
        return None

    def _error(self, message: str, param: str | None = None, status: int = 400) -> Exception:
        from tests.fakes.stripe_server import StripeError

        return StripeError(message, status=status, param=param)

    def _missing_resource(self, kind: str, object_id: str, param: str) -> Exception:
        from tests.fakes.stripe_server import StripeError

        return StripeError(
            f"No such {kind}: '{object_id}'", status=400, code="resource_missing", param=param
        )

    def _create_customer(self, params: dict[str, Any]) -> Response:
        return Response.json(copy.deepcopy(self._new_customer(params)))

    def _new_customer(self, params: dict[str, Any]) -> dict[str, Any]:
        from tests.fakes.stripe_server import _metadata

        customer_id = "cus_" + random_token(14)
        customer = {
            "id": customer_id,
            "object": "customer",
            "created": self.now(),
            "email": params.get("email"),
            "name": params.get("name"),
            "preferred_locales": params.get("preferred_locales") or [],
            "metadata": _metadata(params),
            "livemode": False,
        }
        self._customers[customer_id] = customer
        return customer

    def _create_product(self, params: dict[str, Any]) -> Response:
        from tests.fakes.stripe_server import _metadata, _missing

        if not params.get("name"):
            raise _missing("name")
        product_id = "prod_" + random_token(14)
        product = {
            "id": product_id,
            "object": "product",
            "active": True,
            "created": self.now(),
            "name": params["name"],
            "metadata": _metadata(params),
            "livemode": False,
        }
        self._products[product_id] = product
        return Response.json(copy.deepcopy(product))

    def _create_price(self, params: dict[str, Any]) -> Response:
        from tests.fakes.stripe_server import _integer, _metadata, _missing

        product = params.get("product")
        if not product:
            raise _missing("product")
        if product not in self._products:
            raise self._missing_resource("product", product, "product")
        currency = str(params.get("currency") or "").lower()
        if not currency:
            raise _missing("currency")
        unit_amount = _integer(params, "unit_amount")
        recurring = params.get("recurring") if isinstance(params.get("recurring"), dict) else None
        if recurring is not None and recurring.get("interval") not in INTERVAL_SECONDS:
            raise self._error("Invalid recurring[interval]", "recurring[interval]")
        price_id = "price_" + random_token(24)
        price = {
            "id": price_id,
            "object": "price",
            "active": True,
            "created": self.now(),
            "currency": currency,
            "product": product,
            "unit_amount": unit_amount,
            "recurring": {"interval": recurring["interval"], "interval_count": 1}
            if recurring
            else None,
            "type": "recurring" if recurring else "one_time",
            "metadata": _metadata(params),
            "livemode": False,
        }
        self._prices[price_id] = price
        return Response.json(copy.deepcopy(price))

    def _subscription_session_items(self, params: dict[str, Any]) -> tuple[str, int, str]:
        """Check a subscription session's line items; (price id, total, currency)."""
        from tests.fakes.stripe_server import _missing

        items = params.get("line_items")
        if not isinstance(items, list) or len(items) != 1 or not isinstance(items[0], dict):
            raise self._error("The fake takes exactly one line item in subscription mode.")
        price_id = items[0].get("price")
        if not price_id:
            raise _missing("line_items[0][price]")
        price = self._prices.get(price_id)
        if price is None:
            raise self._missing_resource("price", price_id, "line_items[0][price]")
        if not price["recurring"]:
            raise self._error(
                "You must provide at least one recurring price in `subscription` mode when "
                "using prices.",
                "line_items",
            )
        customer = params.get("customer")
        if customer and customer not in self._customers:
            raise self._missing_resource("customer", customer, "customer")
        quantity = int(items[0].get("quantity") or 1)
        return price_id, price["unit_amount"] * quantity, price["currency"]

    def _create_subscription_session(self, params: dict[str, Any]) -> Response:
        from tests.fakes.stripe_server import _integer, _metadata

        price_id, total, currency = self._subscription_session_items(params)
        now = self.now()
        session_id = "cs_test_" + random_token(58)
        session: dict[str, Any] = {
            "id": session_id,
            "object": "checkout.session",
            "amount_subtotal": total,
            "amount_total": total,
            "cancel_url": params.get("cancel_url"),
            "client_reference_id": params.get("client_reference_id"),
            "created": now,
            "currency": currency,
            "customer": params.get("customer"),
            "customer_details": None,
            "customer_email": params.get("customer_email"),
            "expires_at": _integer(params, "expires_at", required=False) or now + 86400,
            "invoice": None,
            "livemode": False,
            "locale": params.get("locale") or None,
            "metadata": _metadata(params),
            "mode": "subscription",
            "payment_intent": None,
            "payment_status": "unpaid",
            "status": "open",
            "subscription": None,
            "success_url": params.get("success_url"),
            "ui_mode": "hosted",
            "url": f"{self.api_base}/pay/{session_id}",  # type: ignore[attr-defined]
        }
        self._sessions[session_id] = session
        self._line_items[session_id] = [
            {
                "price": price_id,
                "quantity": params["line_items"][0].get("quantity") or "1",
                "price_data": {
                    "unit_amount": str(total),
                    "product_data": {"name": "Subscription"},
                },
            }
        ]
        sub_data = params.get("subscription_data")
        self._subscription_data[session_id] = sub_data if isinstance(sub_data, dict) else {}
        return Response.json(copy.deepcopy(session))

    def _is_subscription_session(self, session_id: str) -> bool:
        with self.lock:
            session = self._sessions.get(session_id)
            return session is not None and session["mode"] == "subscription"

    def _pay_subscription(self, session_id: str) -> str:
        with self.lock:
            session = self._sessions[session_id]
            if session["status"] != "open":
                raise ValueError(f"session {session_id} is {session['status']}, not open")
            events = self._pay_subscription_locked(session)
            success_url = session["success_url"] or ""
        for event in events if self.webhook_url else []:
            self.send_event(event)  # type: ignore[attr-defined]
        return success_url.replace("{CHECKOUT_SESSION_ID}", session_id)

    def _pay_subscription_locked(self, session: dict[str, Any]) -> list[dict[str, Any]]:
        """Pay a subscription session (lock held); returns the events to send."""
        from tests.fakes.stripe_server import _metadata

        items = self._line_items[session["id"]]
        price = self._prices[items[0]["price"]]
        customer_id = session["customer"]
        if not customer_id:
            customer_id = self._new_customer({"email": session["customer_email"]})["id"]
        start = self.now()
        end = start + INTERVAL_SECONDS[price["recurring"]["interval"]]
        sub_id = "sub_" + random_token(24)
        sub = {
            "id": sub_id,
            "object": "subscription",
            "cancel_at": None,
            "cancel_at_period_end": False,
            "canceled_at": None,
            "created": start,
            "currency": price["currency"],
            "customer": customer_id,
            "ended_at": None,
            "items": {
                "object": "list",
                "data": [
                    {
                        "id": "si_" + random_token(14),
                        "object": "subscription_item",
                        "current_period_start": start,
                        "current_period_end": end,
                        "price": copy.deepcopy(price),
                        "quantity": int(items[0].get("quantity") or 1),
                    }
                ],
            },
            "latest_invoice": None,
            "livemode": False,
            "metadata": _metadata(self._subscription_data.pop(session["id"], {})),
            "start_date": start,
            "status": "active",
        }
        self._subscriptions[sub_id] = sub
        invoice = self._new_invoice(sub, start, end, paid=True)
        sub["latest_invoice"] = invoice["id"]
        session.update(
            status="complete",
            payment_status="paid",
            customer=customer_id,
            subscription=sub_id,
            invoice=invoice["id"],
            url=None,
        )
        return [
            self.make_event("checkout.session.completed", session),  # type: ignore[attr-defined]
            self.make_event("customer.subscription.created", sub),  # type: ignore[attr-defined]
            self.make_event("invoice.paid", invoice),  # type: ignore[attr-defined]
        ]

    def _new_invoice(
        self, sub: dict[str, Any], start: int, end: int, *, paid: bool
    ) -> dict[str, Any]:
        item = sub["items"]["data"][0]
        amount = item["price"]["unit_amount"] * item["quantity"]
        self._invoice_count += 1
        invoice_id = "in_" + random_token(24)
        invoice = {
            "id": invoice_id,
            "object": "invoice",
            "amount_due": amount,
            "amount_paid": amount if paid else 0,
            "amount_remaining": 0 if paid else amount,
            "attempt_count": 1,
            "billing_reason": "subscription_create"
            if sub["latest_invoice"] is None
            else "subscription_cycle",
            "created": self.now(),
            "currency": item["price"]["currency"],
            "customer": sub["customer"],
            "hosted_invoice_url": f"{self.api_base}/invoice/{invoice_id}",  # type: ignore[attr-defined]
            "lines": {
                "object": "list",
                "data": [
                    {
                        "id": "il_" + random_token(14),
                        "object": "line_item",
                        "amount": amount,
                        "currency": item["price"]["currency"],
                        "period": {"start": start, "end": end},
                        "pricing": {"price_details": {"price": item["price"]["id"]}},
                        "quantity": item["quantity"],
                    }
                ],
            },
            "livemode": False,
            "number": f"FAKE-{self._invoice_count:04d}",
            "parent": {
                "type": "subscription_details",
                "subscription_details": {
                    "subscription": sub["id"],
                    "metadata": copy.deepcopy(sub["metadata"]),
                },
            },
            "period_start": start,
            "period_end": end,
            "status": "paid" if paid else "open",
            "status_transitions": {"paid_at": self.now() if paid else None},
        }
        self._invoices[invoice_id] = invoice
        return invoice

    def _set_cancel(self, sub: dict[str, Any], cancel: bool) -> None:
        if sub["status"] == "canceled":
            raise self._error("This subscription has been canceled.")
        period_end = sub["items"]["data"][0]["current_period_end"]
        sub.update(
            cancel_at_period_end=cancel,
            cancel_at=period_end if cancel else None,
            canceled_at=self.now() if cancel else None,
        )

    def _end(self, sub: dict[str, Any]) -> None:
        if sub["status"] == "canceled":
            return
        now = self.now()
        period_end = sub["items"]["data"][0]["current_period_end"]
        ended = min(now, period_end) if sub["cancel_at_period_end"] else now
        sub.update(status="canceled", ended_at=ended, canceled_at=sub["canceled_at"] or now)

    def _update_subscription(self, sub_id: str, params: dict[str, Any]) -> Response:
        sub = self._subscriptions.get(sub_id)
        if sub is None:
            raise self._missing_resource("subscription", sub_id, "id")
        if "cancel_at_period_end" in params:
            self._set_cancel(sub, params["cancel_at_period_end"] == "true")
            event = self.make_event("customer.subscription.updated", sub)  # type: ignore[attr-defined]
            self._send_later(event)
        return Response.json(copy.deepcopy(sub))

    def _cancel_now(self, sub_id: str) -> Response:
        with self.lock:
            sub = self._subscriptions.get(sub_id)
            if sub is None:
                raise self._missing_resource("subscription", sub_id, "id")
            sub["cancel_at_period_end"] = False
            self._end(sub)
            event = self.make_event("customer.subscription.deleted", sub)  # type: ignore[attr-defined]
        self._send_later(event)
        return Response.json(copy.deepcopy(sub))

    def _send_later(self, event: dict[str, Any]) -> None:
        """Send an event caused by an API call after answering it (in a thread), as Stripe
        does; nothing when no ``webhook_url``."""
        if not self.webhook_url:
            return
        import threading

        threading.Thread(target=self.send_event, args=(event,), daemon=True).start()  # type: ignore[attr-defined]

    def _list_invoices(self, params: dict[str, Any]) -> dict[str, Any]:
        customer, sub = params.get("customer"), params.get("subscription")
        with self.lock:
            found = [
                copy.deepcopy(invoice)
                for invoice in reversed(self._invoices.values())
                if (not customer or invoice["customer"] == customer)
                and (not sub or invoice["parent"]["subscription_details"]["subscription"] == sub)
            ]
        return {"object": "list", "data": found[:100], "has_more": False, "url": "/v1/invoices"}

    def _create_portal_session(self, params: dict[str, Any]) -> Response:
        from tests.fakes.stripe_server import _missing

        customer = params.get("customer")
        if not customer:
            raise _missing("customer")
        if customer not in self._customers:
            raise self._missing_resource("customer", customer, "customer")
        session_id = "bps_" + random_token(24)
        session = {
            "id": session_id,
            "object": "billing_portal.session",
            "created": self.now(),
            "customer": customer,
            "locale": params.get("locale"),
            "return_url": params.get("return_url"),
            "url": f"{self.api_base}/portal/{session_id}",  # type: ignore[attr-defined]
            "livemode": False,
        }
        self._portal_sessions[session_id] = session
        return Response.json(copy.deepcopy(session))

    # -- hosted customer portal -------------------------------------------------------------

    def _portal_page(self, request: RecordedRequest, session_id: str) -> Response:
        with self.lock:
            session = copy.deepcopy(self._portal_sessions.get(session_id))
        if session is None:
            return Response.html(html_page("Fake Stripe portal", "<p>Unknown session.</p>"), 404)
        if request.method == "POST":
            params = request.params if isinstance(request.params, dict) else {}
            sub_id = str(params.get("subscription") or "")
            with self.lock:
                sub = self._subscriptions.get(sub_id)
                if sub is None or sub["customer"] != session["customer"]:
                    return Response.html(html_page("Fake Stripe portal", "<p>No.</p>"), 404)
                self._set_cancel(sub, params.get("action") == "cancel")
                event = self.make_event("customer.subscription.updated", sub)  # type: ignore[attr-defined]
            if self.webhook_url:
                self.send_event(event)  # type: ignore[attr-defined]
            return Response.redirect(f"{self.api_base}/portal/{session_id}")  # type: ignore[attr-defined]
        with self.lock:
            subs = [
                copy.deepcopy(s)
                for s in self._subscriptions.values()
                if s["customer"] == session["customer"] and s["status"] != "canceled"
            ]
        rows = []
        for sub in subs:
            action, label = (
                ("renew", "Renew plan")
                if sub["cancel_at_period_end"]
                else ("cancel", "Cancel plan")
            )
            state = "Cancels at period end" if sub["cancel_at_period_end"] else sub["status"]
            rows.append(
                f'<li data-testid="portal-subscription">{escape(sub["id"])}: {escape(state)}'
                f'<form method="post" action="/portal/{escape(session_id)}">'
                f'<input type="hidden" name="subscription" value="{escape(sub["id"])}">'
                f'<button type="submit" name="action" value="{action}">{label}</button>'
                "</form></li>"
            )
        back = session.get("return_url") or ""
        body = (
            f'<ul aria-label="Subscriptions">{"".join(rows)}</ul>'
            f'<p><a href="{escape(back)}">Return</a></p>'
        )
        return Response.html(html_page("Fake Stripe portal", body))
