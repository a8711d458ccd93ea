"""The fraud signals: each finds what crossed its threshold and raises one alert per signal,
subject and window (``services.raise_alert``).

- points earned by a member in a day: from the ledger's ``points.earned`` events
  (``subscribers``), after the earn has committed, so the earn itself pays nothing for it;
- referrals by a member in a day, and accounts sharing a device, a payment card or an address:
  the periodic scan (``tasks.scan_for_fraud``), each one grouped query over its window.

Days are calendar days in the programme's time zone (``TIME_ZONE``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from apps.ledger.models import EntryKind, LedgerEntry
from apps.members.models import Referral
from apps.orders.models import Order
from apps.payments.models import Payment, WebhookEvent

from .models import Alert, AlertThresholds, DeviceSighting, Signal
from .services import raise_alert

# Stripe reports a card's fingerprint on the charge (``charge.succeeded``, stored by the
# payments app with every webhook event it receives); the charge names its payment intent,
# which the payment records once settled.
STRIPE_CHARGE = "charge.succeeded"


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _digest(*parts: object) -> str:
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:32]


def check_points_earned(member_ids: Iterable[int], *, day: date | None = None) -> list[Alert]:
    """Raise an alert for each of these members whose earned points on ``day`` (default today)
    reach the threshold. One query for all of them."""
    threshold = AlertThresholds.current().points_per_day
    if not threshold:
        return []
    day = day or timezone.localdate()
    start, end = _day_bounds(day)
    totals = (
        LedgerEntry.objects.filter(
            account__member_id__in=list(member_ids),
            kind=EntryKind.EARN,
            created_at__gte=start,
            created_at__lt=end,
        )
        .values("account__member_id")
        .annotate(points=Sum("points"), entries=ArrayAgg("id", order_by="id"))
        .filter(points__gte=threshold)
    )
    raised = []
    for row in totals:
        member_id = row["account__member_id"]
        alert = raise_alert(
            signal=Signal.POINTS,
            subject=f"member:{member_id}",
            window=day.isoformat(),
            member_ids=[member_id],
            evidence={"points": row["points"], "threshold": threshold, "entries": row["entries"]},
        )
        if alert is not None:
            raised.append(alert)
    return raised


def check_referrals(*, since: date) -> list[Alert]:
    """Raise an alert for each member who referred at least the threshold of new members on one
    day since ``since``."""
    threshold = AlertThresholds.current().referrals_per_day
    if not threshold:
        return []
    start, _end = _day_bounds(since)
    days = (
        Referral.objects.filter(created_at__gte=start)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("referrer_id", "day")
        .annotate(count=Count("id"), referred=ArrayAgg("referred_id", order_by="referred_id"))
        .filter(count__gte=threshold)
    )
    raised = []
    for row in days:
        alert = raise_alert(
            signal=Signal.REFERRALS,
            subject=f"member:{row['referrer_id']}",
            window=row["day"].isoformat(),
            member_ids=[row["referrer_id"]],
            evidence={
                "referrals": row["count"],
                "threshold": threshold,
                "referred": row["referred"],
            },
        )
        if alert is not None:
            raised.append(alert)
    return raised


def _shared(signal: str, subject: str, members: list[int], evidence: dict) -> Alert | None:
    """One alert per shared identifier and set of accounts; an open one takes in newcomers."""
    members = sorted(set(members))
    return raise_alert(
        signal=signal,
        subject=subject,
        window=_digest(*members),
        member_ids=members,
        evidence={**evidence, "members": members},
        merge_open=True,
    )


def check_shared_devices(*, since: datetime) -> list[Alert]:
    threshold = AlertThresholds.current().accounts_per_device
    if not threshold:
        return []
    shared = (
        DeviceSighting.objects.filter(last_seen__gte=since)
        .values("device")
        .annotate(count=Count("member_id", distinct=True), members=ArrayAgg("member_id"))
        .filter(count__gte=threshold)
    )
    alerts = [
        _shared(Signal.DEVICE, f"device:{_digest(row['device'])}", row["members"], {})
        for row in shared
    ]
    return [alert for alert in alerts if alert is not None]


CARDS_SQL = f"""
SELECT charge.card, array_agg(DISTINCT orders.member_id), array_agg(DISTINCT orders.id)
FROM (
    SELECT event.payload #>> '{{data,object,payment_method_details,card,fingerprint}}' AS card,
           event.payload #>> '{{data,object,payment_intent}}' AS intent
    FROM {WebhookEvent._meta.db_table} AS event
    WHERE event.provider = 'stripe' AND event.event_type = %(kind)s
      AND event.received_at >= %(since)s
) AS charge
JOIN {Payment._meta.db_table} AS payment
  ON payment.provider = 'stripe' AND payment.provider_payment_id = charge.intent
JOIN {Order._meta.db_table} AS orders
  ON orders.id = payment.order_id AND orders.member_id IS NOT NULL
WHERE charge.card IS NOT NULL
GROUP BY charge.card
HAVING count(DISTINCT orders.member_id) >= %(threshold)s
"""  # noqa: S608 - table names from the models, values as parameters


def check_shared_cards(*, since: datetime) -> list[Alert]:
    threshold = AlertThresholds.current().accounts_per_card
    if not threshold:
        return []
    with connection.cursor() as cursor:
        cursor.execute(CARDS_SQL, {"kind": STRIPE_CHARGE, "since": since, "threshold": threshold})
        rows = cursor.fetchall()
    alerts = [
        _shared(Signal.CARD, f"card:{card}", members, {"card": card, "orders": sorted(orders)})
        for card, members, orders in rows
    ]
    return [alert for alert in alerts if alert is not None]


# An address's key: letters and digits of the street line, postcode and country, lower-cased
# ("Hauptstr. 1" and "hauptstr 1" are one address); billing addresses are the invoice's text.
ADDRESSES_SQL = f"""
WITH addresses AS (
    SELECT id, member_id,
           lower(regexp_replace(ship_to_line1 || ship_to_postal_code || ship_to_country,
                                '[^[:alnum:]]', '', 'g')) AS address
    FROM {Order._meta.db_table}
    WHERE paid_at >= %(since)s AND member_id IS NOT NULL
    UNION ALL
    SELECT id, member_id, lower(regexp_replace(billing_address, '[^[:alnum:]]', '', 'g'))
    FROM {Order._meta.db_table}
    WHERE paid_at >= %(since)s AND member_id IS NOT NULL AND billing_address <> ''
)
SELECT address, array_agg(DISTINCT member_id), array_agg(DISTINCT id)
FROM addresses WHERE address <> ''
GROUP BY address
HAVING count(DISTINCT member_id) >= %(threshold)s
"""  # noqa: S608 - table names from the models, values as parameters


def check_shared_addresses(*, since: datetime) -> list[Alert]:
    threshold = AlertThresholds.current().accounts_per_address
    if not threshold:
        return []
    with connection.cursor() as cursor:
        cursor.execute(ADDRESSES_SQL, {"since": since, "threshold": threshold})
        rows = cursor.fetchall()
    alerts = [
        _shared(Signal.ADDRESS, f"address:{_digest(key)}", members, {"orders": sorted(orders)})
        for key, members, orders in rows
    ]
    return [alert for alert in alerts if alert is not None]


def scan(*, now: datetime | None = None) -> int:
    """Every periodic signal once (referrals since yesterday, shared identifiers over the
    window). Idempotent: what was raised is not raised again. Returns the alerts raised."""
    now = now or timezone.now()
    since = now - timedelta(days=AlertThresholds.current().shared_window_days)
    yesterday = timezone.localdate(now) - timedelta(days=1)
    raised = [
        *check_referrals(since=yesterday),
        *check_shared_devices(since=since),
        *check_shared_cards(since=since),
        *check_shared_addresses(since=since),
    ]
    return len(raised)
