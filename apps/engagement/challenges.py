"""Challenges: progress and completion (docs/challenges.md).

Evaluation is incremental, on each qualifying event (an order paid, a review approved, a
custom event: ``subscribers``), plus a nightly catch-up (``tasks``). A completion is written
once per member and challenge (a unique constraint: of concurrent evaluations, the first insert
wins and the others wait for it and then find it), and its points are credited once under the
ledger key ``challenge:<id>``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from apps.core import events
from apps.ledger import reasons
from apps.ledger import services as ledger
from apps.members.models import Member
from apps.orders.models import Order

from .events import ChallengeCompleted
from .ledger_reasons import CHALLENGE_COMPLETED
from .models import (
    Challenge,
    ChallengeCompletion,
    GoalKind,
    MemberEvent,
    Review,
    ReviewStatus,
)
from .selectors import NOT_BOUGHT


def running(now: datetime | None = None) -> QuerySet[Challenge]:
    now = now or timezone.now()
    return Challenge.objects.filter(is_active=True, starts_at__lte=now, ends_at__gt=now)


def progress(member: Member, challenge: Challenge) -> int:
    """How many qualifying actions the member has in the challenge's window."""
    window = (challenge.starts_at, challenge.ends_at)
    if challenge.goal == GoalKind.PAID_ORDERS:
        return (
            Order.objects.filter(member=member, paid_at__range=window)
            .exclude(status__in=NOT_BOUGHT)
            .count()
        )
    if challenge.goal == GoalKind.REVIEWS:
        return Review.objects.filter(
            member=member, status=ReviewStatus.APPROVED, moderated_at__range=window
        ).count()
    return MemberEvent.objects.filter(
        member=member, name=challenge.event_name, occurred_at__range=window
    ).count()


def evaluate(*, member: Member, now: datetime | None = None) -> list[ChallengeCompletion]:
    """Complete every running challenge the member has reached and not completed yet; returns
    the completions made now."""
    done = set(
        ChallengeCompletion.objects.filter(member=member).values_list("challenge_id", flat=True)
    )
    made = []
    for challenge in running(now).exclude(pk__in=done):
        if progress(member, challenge) >= challenge.target:
            completion = complete(member=member, challenge=challenge)
            if completion is not None:
                made.append(completion)
    return made


@transaction.atomic
def complete(*, member: Member, challenge: Challenge) -> ChallengeCompletion | None:
    """Record the completion and credit its points, once; None if it was completed already
    (by this call's twin, a moment earlier)."""
    try:
        with transaction.atomic():
            completion = ChallengeCompletion.objects.create(
                member=member,
                challenge=challenge,
                points=challenge.points,
                completed_at=timezone.now(),
            )
    except IntegrityError:
        return None
    if challenge.points:
        ledger.earn(
            member=member,
            points=challenge.points,
            reason=reasons.written(CHALLENGE_COMPLETED, challenge=reasons.source_name(challenge)),
            idempotency_key=f"challenge:{challenge.pk}",
            source=f"challenge:{challenge.pk}",
        )
    events.publish(
        ChallengeCompleted(
            member_id=member.pk, challenge_id=challenge.pk, completion_id=completion.pk
        )
    )
    return completion


def catch_up(*, now: datetime | None = None) -> int:
    """The nightly catch-up: evaluate every member with qualifying activity in a running
    challenge's window (a lost event delivery, a challenge created after the actions).
    Returns how many completions it made."""
    made = 0
    for challenge in running(now):
        window = (challenge.starts_at, challenge.ends_at)
        ids: QuerySet[Any, int]
        if challenge.goal == GoalKind.PAID_ORDERS:
            ids = Order.objects.filter(paid_at__range=window, member__isnull=False).values_list(
                "member_id", flat=True
            )
        elif challenge.goal == GoalKind.REVIEWS:
            ids = Review.objects.filter(
                status=ReviewStatus.APPROVED, moderated_at__range=window
            ).values_list("member_id", flat=True)
        else:
            ids = MemberEvent.objects.filter(
                name=challenge.event_name, occurred_at__range=window
            ).values_list("member_id", flat=True)
        members = Member.objects.filter(pk__in=ids).exclude(
            challenge_completions__challenge=challenge
        )
        for member in members.iterator(chunk_size=500):
            made += len(evaluate(member=member, now=now))
    return made


def member_challenges(member: Member, now: datetime | None = None) -> list[tuple[Challenge, int]]:
    """The running challenges the member has not completed, with their progress (capped at
    the target), for the member center."""
    done = ChallengeCompletion.objects.filter(member=member).values("challenge_id")
    return [
        (challenge, min(progress(member, challenge), challenge.target))
        for challenge in running(now).exclude(pk__in=done)
    ]


def badges(member: Member) -> QuerySet[ChallengeCompletion]:
    return ChallengeCompletion.objects.filter(member=member).select_related("challenge")
