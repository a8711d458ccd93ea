"""``points.expired`` webhooks: the expiry job announces batches of accounts; each of their
expiry entries becomes one event (found by the ``integrations.announce_expired_points`` task)."""

from datetime import datetime, timedelta
from functools import partial

from apps.ledger.events import PointsExpired
from apps.ledger.models import EntryKind, LedgerEntry

from . import events as catalogue
from .delivery import enqueue_event

# Expiry entries older than this when their batch is announced are assumed announced already.
EXPIRY_LOOKBACK = timedelta(days=7)


def announce_expired_points(*, account_ids: list[int], as_of: datetime) -> int:
    """One ``points.expired`` event per expiry entry of these accounts (ids from the entries, so
    an entry announced by an earlier batch is not announced again)."""
    entries = LedgerEntry.objects.filter(
        account_id__in=account_ids,
        kind=EntryKind.EXPIRE,
        created_at__lte=as_of,
        created_at__gt=as_of - EXPIRY_LOOKBACK,
    ).values_list("pk", flat=True)
    return sum(
        enqueue_event(
            PointsExpired.name,
            key=str(entry_id),
            data=partial(catalogue.entry_data, entry_id),
        )
        for entry_id in entries.iterator()
    )
