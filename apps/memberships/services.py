"""Paid membership: buying it through Stripe Checkout, and mirroring Stripe's word about it.

Every Stripe event reaches ``handle_stripe_event`` through the payments app's webhook (signature
verified, the event stored once under its id, this handler run in the same transaction), so a
re-delivered event changes nothing. Events may come in any order:

- the subscription row is made by whichever event names it first (its metadata says which
  member and price; an invoice's subscription is fetched from Stripe);
- a subscription event older than the last one applied is ignored, and one that ended the
  subscription is final;
- the paid period only grows (``paid_until`` is the latest paid invoice's period end), a paid
  invoice stays paid, and a failure of an invoice already paid or of a period already paid
  changes nothing.

Benefits (``benefits_until``) last while the period is paid (plus a little leeway while a
renewal is charged, none once the member cancelled), through the grace period after a failed
renewal, and stop when Stripe ends the subscription.
"""

import logging
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.members.models import Member
from apps.payments.gateways.stripe import from_minor_units

from . import billing, emails
from .errors import AlreadyMember, BillingNotSetUp, BillingUnavailable, PlanNotAvailable
from .models import (
    BillingCustomer,
    InvoiceStatus,
    MembershipInvoice,
    PaymentReminder,
    Plan,
    PlanPrice,
    Subscription,
    SubscriptionStatus,
)

logger = logging.getLogger(__name__)

Obj = dict[str, Any]

SUBSCRIPTION_EVENTS = (
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
)


# -- plans at Stripe --------------------------------------------------------------------------


def sync_plan_prices(*, plans: list[Plan] | None = None) -> int:
    """Create the Stripe Product of each plan and the Stripe Price of each of its prices that
    has none yet (idempotent keys: a retry makes nothing twice). Returns how many prices were
    created."""
    created = 0
    for plan in plans if plans is not None else Plan.objects.all():
        if not plan.stripe_product_id:
            plan.stripe_product_id = billing.create_product(plan)
            plan.save(update_fields=["stripe_product_id"])
        for price in plan.prices.filter(stripe_price_id=""):
            price.stripe_price_id = billing.create_price(price, plan.stripe_product_id)
            price.save(update_fields=["stripe_price_id"])
            created += 1
    return created


# -- buying, managing -------------------------------------------------------------------------


def start_subscription(
    *, member: Member, price: PlanPrice, success_url: str, cancel_url: str
) -> str:
    """A Stripe Checkout Session (subscription mode) for ``price``; returns its page's URL.

    Raises ``AlreadyMember`` when the member's benefits still run, ``PlanNotAvailable`` for a
    plan not offered or a price Stripe does not know yet, ``BillingNotSetUp`` when Stripe is
    not configured (``billing.configured``), ``BillingUnavailable`` when it cannot be reached.
    """
    if not billing.configured():
        raise BillingNotSetUp()
    if Subscription.objects.filter(member=member, benefits_until__gt=timezone.now()).exists():
        raise AlreadyMember()
    if not price.plan.is_active or not price.stripe_price_id:
        raise PlanNotAvailable()
    try:
        customer_id = billing_customer(member=member)
        return billing.create_checkout_session(
            customer_id=customer_id,
            price=price,
            member_id=member.pk,
            language=member.preferred_language,
            success_url=success_url,
            cancel_url=cancel_url,
        )
    except Exception as error:
        logger.exception("Starting a membership checkout for member %s failed", member.pk)
        raise BillingUnavailable() from error


def billing_customer(*, member: Member) -> str:
    """The member's Stripe customer id, created once (Stripe's idempotency key and our unique
    row keep two clicks to one customer)."""
    known = BillingCustomer.objects.filter(member=member).first()
    if known is not None:
        return known.stripe_customer_id
    customer_id = billing.create_customer(
        member_id=member.pk,
        email=member.user.email,
        name=member.company_name or member.user.email,
        language=member.preferred_language,
    )
    try:
        with transaction.atomic():
            BillingCustomer.objects.create(member=member, stripe_customer_id=customer_id)
    except IntegrityError:
        return BillingCustomer.objects.get(member=member).stripe_customer_id
    return customer_id


def portal_url(*, member: Member, return_url: str) -> str:
    """Stripe's customer portal for the member (change the card, cancel, invoices)."""
    customer = BillingCustomer.objects.filter(member=member).first()
    if customer is None:
        raise PlanNotAvailable()
    try:
        return billing.create_portal_session(
            customer_id=customer.stripe_customer_id,
            return_url=return_url,
            language=member.preferred_language,
        )
    except Exception as error:
        logger.exception("Opening the billing portal for member %s failed", member.pk)
        raise BillingUnavailable() from error


def end_with_account(*, member: Member) -> None:
    """The ``members.account_closing`` hook: a closed account's memberships end now, and
    Stripe is told to stop charging after the closure commits (a task that retries)."""
    now = timezone.now()
    running = (
        Subscription.objects.select_for_update()
        .filter(member=member)
        .exclude(status=SubscriptionStatus.ENDED)
    )
    for subscription in running:
        _end(subscription, now)
        _save(subscription)
        transaction.on_commit(partial(_queue_cancel, subscription.stripe_subscription_id))


def _queue_cancel(subscription_id: str) -> None:
    from .tasks import cancel_at_stripe

    cancel_at_stripe.delay(subscription_id)


def cancel_at_stripe(*, subscription_id: str) -> None:
    """Cancel the subscription at Stripe now (no more charges); one that is already cancelled
    is left alone."""
    billing.cancel_subscription(subscription_id)


# -- Stripe's events ----------------------------------------------------------------------------


def handle_stripe_event(event: Obj) -> str | None:
    """The ``payments.stripe_event`` hook: the outcome of a membership event, None for others."""
    kind = event["type"]
    obj = event["data"]["object"]
    at = _time(event.get("created")) or timezone.now()
    if kind == "checkout.session.completed":
        if obj.get("mode") != "subscription":
            return None
        return _checkout_completed(obj, at)
    if kind in SUBSCRIPTION_EVENTS:
        return _subscription_event(kind, obj, at)
    if kind == "invoice.paid":
        return _invoice_paid(obj, at)
    if kind == "invoice.payment_failed":
        return _invoice_failed(obj, at)
    return None


def _checkout_completed(session: Obj, at: datetime) -> str:
    if not session.get("subscription"):
        return "no subscription"
    remote = billing.retrieve_subscription(session["subscription"])
    subscription = _subscription_for(remote["id"], remote=remote)
    if subscription is None:
        return "unknown subscription"
    if session.get("payment_status") == "paid" and remote.get("status") in ("active", "trialing"):
        # The first period is paid: the checkout charged its invoice.
        _pay_until(subscription, _period_end(remote))
    _apply_subscription(subscription, remote, at)
    _save(subscription)
    return "membership started"


def _subscription_event(kind: str, remote: Obj, at: datetime) -> str:
    subscription = _subscription_for(remote["id"], remote=remote)
    if subscription is None:
        return "unknown subscription"
    if kind == "customer.subscription.deleted":
        _end(subscription, _time(remote.get("ended_at")) or at)
        _save(subscription)
        return "membership ended"
    if not _apply_subscription(subscription, remote, at):
        return "stale subscription event"
    _save(subscription)
    return "membership updated"


def _invoice_paid(invoice: Obj, at: datetime) -> str:
    subscription_id = _invoice_subscription(invoice)
    if not subscription_id:
        return "not a subscription invoice"
    subscription = _subscription_for(subscription_id)
    if subscription is None:
        return "unknown subscription"
    row = _invoice_row(subscription, invoice)
    row.status = InvoiceStatus.PAID
    row.paid_at = _time(_dig(invoice, "status_transitions", "paid_at")) or at
    row.attempt_count = int(invoice.get("attempt_count") or row.attempt_count)
    row.save()
    _pay_until(subscription, row.period_end)
    if subscription.status == SubscriptionStatus.PAST_DUE and not _unpaid_after(subscription):
        subscription.status = SubscriptionStatus.ACTIVE
        subscription.grace_until = None
    _save(subscription)
    return "membership paid"


def _invoice_failed(invoice: Obj, at: datetime) -> str:
    subscription_id = _invoice_subscription(invoice)
    if not subscription_id:
        return "not a subscription invoice"
    subscription = _subscription_for(subscription_id)
    if subscription is None:
        return "unknown subscription"
    row = _invoice_row(subscription, invoice)
    if row.status == InvoiceStatus.PAID:
        return "invoice already paid"
    row.status = InvoiceStatus.FAILED
    row.attempt_count = max(row.attempt_count, int(invoice.get("attempt_count") or 1))
    row.failed_at = min(row.failed_at or at, at)
    row.save()
    if subscription.status == SubscriptionStatus.ENDED:
        return "membership already ended"
    if subscription.paid_until and row.period_end <= subscription.paid_until:
        return "period already paid"
    subscription.status = SubscriptionStatus.PAST_DUE
    grace_until = row.failed_at + timedelta(days=settings.MEMBERSHIP_GRACE_DAYS)
    if subscription.grace_until is None or grace_until < subscription.grace_until:
        subscription.grace_until = grace_until  # from the first failure, never prolonged
    _save(subscription)
    transaction.on_commit(_queue_reminders)
    return "membership payment failed"


def _queue_reminders() -> None:
    from .tasks import send_payment_reminders

    send_payment_reminders.delay()


# -- the subscription row -----------------------------------------------------------------------


def _subscription_for(subscription_id: str, *, remote: Obj | None = None) -> Subscription | None:
    """The row of a Stripe subscription, locked; made from Stripe's object (fetched when the
    event does not carry it) on first sight. None for a subscription that is not ours."""
    found = Subscription.objects.select_for_update().filter(stripe_subscription_id=subscription_id)
    if (row := found.first()) is not None:
        return row
    remote = remote if remote is not None else billing.retrieve_subscription(subscription_id)
    metadata = remote.get("metadata") or {}
    price = PlanPrice.objects.filter(pk=_int(metadata.get("plan_price_id")) or 0).first()
    member = Member.objects.filter(pk=_int(metadata.get("member_id")) or 0).first()
    if price is None or member is None:
        logger.warning("Stripe subscription %s is not a membership of ours", subscription_id)
        return None
    try:
        with transaction.atomic():
            Subscription.objects.create(
                member=member,
                plan=price.plan,
                price=price,
                stripe_subscription_id=subscription_id,
                stripe_customer_id=str(remote.get("customer") or ""),
                current_period_end=_period_end(remote),
            )
    except IntegrityError:
        pass  # another event made it meanwhile
    return found.get()


def _apply_subscription(subscription: Subscription, remote: Obj, at: datetime) -> bool:
    """Copy Stripe's subscription object unless an event at least as new was applied or it
    ended; returns whether it was applied."""
    if subscription.status == SubscriptionStatus.ENDED:
        return False
    if subscription.stripe_updated_at and at < subscription.stripe_updated_at:
        return False
    subscription.stripe_updated_at = at
    subscription.cancel_at_period_end = bool(
        remote.get("cancel_at_period_end") or remote.get("cancel_at")
    )
    period_end = _period_end(remote)
    if period_end and (
        subscription.current_period_end is None or period_end > subscription.current_period_end
    ):
        subscription.current_period_end = period_end
    _follow_price(subscription, remote)
    status = remote.get("status")
    if status in ("canceled", "incomplete_expired"):
        _end(subscription, _time(remote.get("ended_at")) or at)
    elif status in ("past_due", "unpaid") and _unpaid_after(subscription):
        subscription.status = SubscriptionStatus.PAST_DUE
    return True


def _follow_price(subscription: Subscription, remote: Obj) -> None:
    """A plan or interval changed in Stripe's portal: the subscription follows its new price
    (one of ours; an unknown price changes nothing)."""
    items = _dig(remote, "items", "data") or []
    price_id = _dig(items[0], "price", "id") if items else None
    if not price_id or price_id == subscription.price.stripe_price_id:
        return
    price = PlanPrice.objects.select_related("plan").filter(stripe_price_id=price_id).first()
    if price is not None:
        subscription.price, subscription.plan = price, price.plan


def _unpaid_after(subscription: Subscription) -> bool:
    """Whether an invoice for a period beyond the paid one failed and is still unpaid."""
    invoices = subscription.invoices.filter(status=InvoiceStatus.FAILED)
    if subscription.paid_until:
        invoices = invoices.filter(period_end__gt=subscription.paid_until)
    return invoices.exists()


def _pay_until(subscription: Subscription, period_end: datetime | None) -> None:
    if period_end and (subscription.paid_until is None or period_end > subscription.paid_until):
        subscription.paid_until = period_end


def _end(subscription: Subscription, ended_at: datetime) -> None:
    subscription.status = SubscriptionStatus.ENDED
    subscription.ended_at = subscription.ended_at or ended_at
    subscription.grace_until = None


def _save(subscription: Subscription) -> None:
    subscription.benefits_until = benefits_until(subscription)
    subscription.save()


def benefits_until(subscription: Subscription) -> datetime | None:
    """When the subscription's benefits stop, from what Stripe told us so far."""
    paid = subscription.paid_until
    if subscription.status == SubscriptionStatus.ENDED:
        ended = subscription.ended_at
        return min(paid, ended) if paid and ended else None
    ends = []
    if paid:
        leeway = timedelta(hours=settings.MEMBERSHIP_RENEWAL_LEEWAY_HOURS)
        ends.append(paid if subscription.cancel_at_period_end else paid + leeway)
    if subscription.status == SubscriptionStatus.PAST_DUE and subscription.grace_until:
        ends.append(subscription.grace_until)
    return max(ends, default=None)


def _invoice_row(subscription: Subscription, invoice: Obj) -> MembershipInvoice:
    currency = str(invoice.get("currency") or subscription.price.currency).upper()
    start, end = _invoice_period(invoice)
    amount = invoice.get("amount_paid") or invoice.get("amount_due") or 0
    row, _created = MembershipInvoice.objects.select_for_update().get_or_create(
        stripe_invoice_id=invoice["id"],
        defaults={
            "subscription": subscription,
            "status": InvoiceStatus.FAILED,
            "amount": from_minor_units(int(amount), currency),
            "currency": currency,
            "period_start": start,
            "period_end": end,
        },
    )
    row.number = str(invoice.get("number") or row.number)
    row.hosted_invoice_url = str(invoice.get("hosted_invoice_url") or row.hosted_invoice_url)
    if invoice.get("amount_paid"):
        row.amount = from_minor_units(int(invoice["amount_paid"]), currency)
    return row


# -- reminders -------------------------------------------------------------------------------


def send_due_reminders(*, now: datetime | None = None) -> int:
    """E-mail the reminders now due for unpaid invoices of memberships in their grace period,
    in the member's language; returns how many were sent.

    Each reminder is recorded in the transaction that sends it (a failed send records nothing,
    a retry sends it; a second run finds the record and sends nothing). Only the latest due
    reminder of an invoice is sent: one missed while the job was not running is recorded, not
    sent late on top of the next.
    """
    now = now or timezone.now()
    days = sorted(settings.MEMBERSHIP_REMINDER_DAYS)
    sent = 0
    invoices = MembershipInvoice.objects.filter(
        status=InvoiceStatus.FAILED,
        failed_at__isnull=False,
        subscription__status=SubscriptionStatus.PAST_DUE,
        subscription__grace_until__gt=now,
    ).select_related("subscription__member__user", "subscription__plan")
    for invoice in invoices:
        failed_at = invoice.failed_at or now
        due = [n for n, day in enumerate(days, 1) if failed_at + timedelta(days=day) <= now]
        if not due:
            continue
        with transaction.atomic():
            made = [
                PaymentReminder.objects.get_or_create(invoice=invoice, sequence=n)[1] for n in due
            ]
            if made[-1]:
                emails.payment_reminder(invoice).send()
                sent += 1
    return sent


# -- helpers ---------------------------------------------------------------------------------


def _time(value: object) -> datetime | None:
    if value in (None, ""):
        return None
    return datetime.fromtimestamp(int(str(value)), tz=UTC)


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _dig(obj: Obj, *keys: str) -> Any:
    node: Any = obj
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _period_end(remote: Obj) -> datetime | None:
    """The current period's end: on the subscription's item (API 2025-03 and later) or, in
    older API versions, on the subscription."""
    items = _dig(remote, "items", "data") or []
    if items and items[0].get("current_period_end"):
        return _time(items[0]["current_period_end"])
    return _time(remote.get("current_period_end"))


def _invoice_subscription(invoice: Obj) -> str:
    return str(
        _dig(invoice, "parent", "subscription_details", "subscription")
        or invoice.get("subscription")
        or ""
    )


def _invoice_period(invoice: Obj) -> tuple[datetime, datetime]:
    """The service period the invoice bills: its subscription line's (an invoice's own
    ``period_*`` are the previous period's for a renewal)."""
    lines = _dig(invoice, "lines", "data") or []
    period = lines[0].get("period") if lines else None
    if period:
        start, end = _time(period.get("start")), _time(period.get("end"))
    else:
        start, end = _time(invoice.get("period_start")), _time(invoice.get("period_end"))
    now = timezone.now()
    return start or now, end or now
