"""Raising fraud alerts and deciding them: the one way alerts change.

An alert is raised once per signal, subject and window (a unique constraint); raising it again
updates an open alert's evidence and members (a shared device that one more account uses) and
leaves a decided one alone. With the thresholds' ``hold_points`` the alert holds its members'
pending points in the ledger (``ledger.holds``) until a manager clears it; clearing releases
what is due, confirming may claw the pending points back (the ledger's clawback) and keeps the
hold. Managers are e-mailed once per alert, after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from apps.ledger import holds
from apps.members.models import Member

from .emails import email_alert
from .errors import AlertDecided
from .models import Alert, AlertStatus, AlertThresholds

if TYPE_CHECKING:
    from apps.accounts.models import User

# What a hold and a clawback say in the ledger (the system's text, in the source language).
HOLD_REASON = gettext_noop("Fraud alert under review")
CLAWBACK_REASON = gettext_noop("Fraud alert confirmed")


@transaction.atomic
def raise_alert(
    *,
    signal: str,
    subject: str,
    window: str,
    member_ids: Iterable[int],
    evidence: dict[str, Any],
    merge_open: bool = False,
) -> Alert | None:
    """Raise the alert for ``signal`` on ``subject`` in ``window`` with its members and
    evidence, or update it while it is open. ``merge_open``: an open alert on the same subject
    in another window takes this one's place (shared identifiers, whose window is the set of
    accounts). Returns the alert raised now, or None if it existed already."""
    member_ids = sorted(set(member_ids))
    found = Alert.objects.select_for_update().filter(signal=signal, subject=subject)
    found = found.filter(status=AlertStatus.OPEN) if merge_open else found.filter(window=window)
    alert = found.order_by("-pk").first()
    if alert is not None:
        if alert.status == AlertStatus.OPEN:
            _update(alert, window=window, member_ids=member_ids, evidence=evidence)
        return None
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                signal=signal, subject=subject, window=window, evidence=evidence
            )
    except IntegrityError:  # raised meanwhile by another delivery, or decided in this window
        return None
    alert.members.set(member_ids)
    if AlertThresholds.current().hold_points:
        hold_members(alert=alert)
    transaction.on_commit(lambda: _email_managers(alert.pk))
    return alert


def _update(alert: Alert, *, window: str, member_ids: list[int], evidence: dict[str, Any]) -> None:
    known = set(alert.members.values_list("pk", flat=True))
    taken = Alert.objects.filter(signal=alert.signal, subject=alert.subject, window=window)
    if window != alert.window and taken.exists():
        window = alert.window  # that set of accounts was decided before: keep this alert's key
    alert.window, alert.evidence = window, evidence
    alert.save(update_fields=["window", "evidence", "updated_at"])
    new = [pk for pk in member_ids if pk not in known]
    if new:
        alert.members.add(*new)
        if alert.holds_points:
            for member in Member.objects.filter(pk__in=new):
                holds.hold_pending_points(
                    member=member, source=alert.hold_source, reason=HOLD_REASON
                )


def _email_managers(alert_id: int) -> None:
    email_alert.delay(alert_id)


@transaction.atomic
def hold_members(*, alert: Alert) -> Alert:
    """Hold the pending points of the alert's members until it is cleared (idempotent).
    Raises ``AlertDecided`` for a cleared alert."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status == AlertStatus.CLEARED:
        raise AlertDecided()
    for member in alert.members.all():
        holds.hold_pending_points(member=member, source=alert.hold_source, reason=HOLD_REASON)
    if not alert.holds_points:
        alert.holds_points = True
        alert.save(update_fields=["holds_points", "updated_at"])
    return alert


def _decide(alert: Alert, *, status: str, actor: User | None, note: str) -> Alert:
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status != AlertStatus.OPEN:
        raise AlertDecided()
    alert.status, alert.decided_by, alert.decided_at = status, actor, timezone.now()
    if note:
        alert.note = note
    alert.save(update_fields=["status", "decided_by", "decided_at", "note", "updated_at"])
    return alert


@transaction.atomic
def clear_alert(*, alert: Alert, actor: User | None, note: str = "") -> Alert:
    """A manager found nothing wrong: the alert is cleared (who, when, their note) and its
    members' holds are lifted, which releases their pending points that are due now (a member
    held by another open alert stays held). Raises ``AlertDecided`` unless the alert is open."""
    alert = _decide(alert, status=AlertStatus.CLEARED, actor=actor, note=note)
    for member in alert.members.all():
        holds.lift_points_hold(member=member, source=alert.hold_source, actor=actor)
    return alert


@transaction.atomic
def confirm_alert(
    *, alert: Alert, actor: User | None, note: str = "", claw_back: bool = False
) -> Alert:
    """A manager confirmed the fraud: the alert is confirmed (who, when, their note); with
    ``claw_back`` the pending points of its held members are taken back by the ledger's
    clawback (available points are left to the manager's adjustment). The hold stays, so
    points earned later wait too. Raises ``AlertDecided`` unless the alert is open."""
    alert = _decide(alert, status=AlertStatus.CONFIRMED, actor=actor, note=note)
    if claw_back:
        for member in alert.members.all():
            if holds.is_held(member):
                holds.claw_back_pending_points(
                    member=member,
                    reason=CLAWBACK_REASON,
                    idempotency_key=f"{alert.hold_source}:member:{member.pk}",
                    actor=actor,
                )
    return alert
