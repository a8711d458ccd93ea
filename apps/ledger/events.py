"""What the ledger announces. ``points.earned`` and ``points.spent`` are written to the outbox by
the ledger's SQL functions (``ledger_earn``, ``ledger_spend``: payload ``member_id``,
``entry_id``, ``points``); ``points.expired`` by the expiry job and ``settle_account``."""

from datetime import datetime

from apps.core.events import Event, declare


@declare("points.earned")
class PointsEarned(Event):
    """Points were credited as a new lot by an earn (not by a restore or adjustment):
    ``member_id`` the member who earned them (on a company's account, the buyer), None for a
    company's own earn (the API's or an integration's credit to the company, #20)."""

    member_id: int | None
    entry_id: int
    points: int


@declare("points.spent")
class PointsSpent(Event):
    """Points were spent (redeemed at checkout or for a reward, or debited by an integrator)."""

    member_id: int
    entry_id: int
    points: int


@declare("points.expired")
class PointsExpired(Event):
    """Lots of these accounts expired up to ``as_of`` (one event per batch of accounts, not per
    lot: subscribers find the expiry entries themselves)."""

    account_ids: list[int]
    as_of: datetime
