"""Per-key points limits on API credits (earns and positive adjustments): at most
``max_points_per_call`` in one call and ``max_points_per_day`` in one calendar day (the
installation's time zone). Above either, the call is refused with ``approval_required``: an
award that large is a staff adjustment, with a second approver.

The per-call limit costs nothing (the key is in memory). The day's total is a Redis counter
per key and day: an earn adds its points before writing (one round trip) and takes them back
if the write does not happen or was a repeat; when the counter is new (the day's first earn,
or Redis lost it) it starts from the earns the database recorded for the key that day. With
Redis down every earn counts from the database (one query more), so the limit still holds.
"""

from dataclasses import dataclass
from datetime import datetime, time
from types import TracebackType

from django.db.models import BigIntegerField, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.cache import cache
from apps.ledger.errors import ApprovalRequired

from .models import ApiKey, IdempotencyRecord

COUNTER_SECONDS = 2 * 24 * 3600  # a day's counter outlives its day (time zones, clock skew)


@dataclass(frozen=True)
class Reservation:
    """Points counted toward a key's day before the write; given back if it does not happen."""

    counter: str
    points: int

    def give_back(self) -> None:
        cache.add_to_counter(self.counter, -self.points, timeout=COUNTER_SECONDS)


class CountedCredit:
    """One API call's credit of ``points`` checked against ``api_key``'s limits: ``refusal`` is
    why it may not happen (None: it may; the caller raises it unless the request is a repeat).
    Used as a context manager around the write: the day's count is given back if the write
    raises, or by ``settle`` if it was a repeat."""

    def __init__(self, api_key: ApiKey, points: int, *, now: datetime) -> None:
        self.reservation: Reservation | None = None
        self.refusal = check_per_call(api_key, points) if points > 0 else None
        if self.refusal is None and points > 0:
            try:
                self.reservation = reserve_for_today(api_key, points, now=now)
            except ApprovalRequired as error:
                self.refusal = error

    def __enter__(self) -> "CountedCredit":
        return self

    def __exit__(
        self,
        error_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if error_type is not None and self.reservation is not None:
            self.reservation.give_back()

    def settle(self, *, replayed: bool) -> None:
        """The write is done; a repeat credited nothing new."""
        if replayed and self.reservation is not None:
            self.reservation.give_back()
            self.reservation = None


def check_per_call(api_key: ApiKey, points: int) -> ApprovalRequired | None:
    """Why ``api_key`` may not earn ``points`` in one call, if it may not (no I/O)."""
    if points <= api_key.max_points_per_call:
        return None
    return ApprovalRequired(
        _(
            "This API key may earn at most %(limit)s points per call. Ask a staff member to "
            "award more as an adjustment (it needs a second approver)."
        )
        % {"limit": api_key.max_points_per_call}
    )


def reserve_for_today(api_key: ApiKey, points: int, *, now: datetime) -> Reservation:
    """Count ``points`` toward ``api_key``'s earns today; raises ``ApprovalRequired`` (and
    counts nothing) if that would go over its ``max_points_per_day``."""
    day = timezone.localdate(now)
    reservation = Reservation(f"api-points:{api_key.pk}:{day.isoformat()}", points)
    started, total = cache.add_to_counter(reservation.counter, points, timeout=COUNTER_SECONDS)
    if started:  # the day's first earn here, or Redis lost the count: add what was recorded
        recorded = earned_on(api_key, day_start=timezone.make_aware(datetime.combine(day, time())))
        if recorded:
            # With Redis away the counter answers only the amount given; the database's figure
            # then stands alone.
            counted = cache.add_to_counter(reservation.counter, recorded, COUNTER_SECONDS)[1]
            total = max(counted, points + recorded)
    if total > api_key.max_points_per_day:
        reservation.give_back()
        raise ApprovalRequired(
            _(
                "This API key may earn at most %(limit)s points per day, and this call would go "
                "over it. Ask a staff member to award more as an adjustment (it needs a second "
                "approver)."
            )
            % {"limit": api_key.max_points_per_day}
        )
    return reservation


def earned_on(api_key: ApiKey, *, day_start: datetime) -> int:
    """The points ``api_key`` credited since ``day_start`` (earns and positive adjustments),
    from its stored responses."""
    total = (
        IdempotencyRecord.objects.filter(
            api_key=api_key,
            created_at__gte=day_start,
            response_status=201,
            response_body__entry__kind__in=["earn", "adjust"],
        )
        .annotate(points=Cast(KT("response_body__entry__points"), BigIntegerField()))
        .filter(points__gt=0)
        .aggregate(total=Sum("points"))["total"]
    )
    return total or 0
