"""Fraud detection listens to the ledger: points earned -> the daily points threshold.

Runs in the outbox delivery, after the earn committed (the earn itself does nothing more), one
grouped query per batch of events; idempotent (an alert is raised once per member and day).
"""

from apps.core.events import subscriber
from apps.ledger.events import PointsEarned

from .detection import check_points_earned


@subscriber(PointsEarned, many=True)
def check_points_earned_today(events: list[PointsEarned]) -> None:
    # A company's own earn (no member) is no member's daily total.
    check_points_earned({event.member_id for event in events if event.member_id is not None})
