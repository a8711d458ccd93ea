"""Challenges: progress and completion (docs/challenges.md).

Evaluation is incremental, on each qualifying event (an order paid, a review approved, a
custom event, a profile completed: ``subscribers``), plus a nightly catch-up (``tasks``). A
completion is written once per member and challenge (a unique constraint: of concurrent
evaluations, the first insert wins and the others wait for it and then find it), and its
points are credited once under the ledger key ``challenge:<id>``. What each goal kind counts is
registered in ``goals``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from apps.core import events
from apps.ledger import reasons
from apps.ledger import services as ledger
from apps.members.models import Member

from . import goals
from .events import ChallengeCompleted
from .ledger_reasons import CHALLENGE_COMPLETED
from .models import Challenge, ChallengeCompletion


def running(now: datetime | None = None) -> QuerySet[Challenge]:
    now = now or timezone.now()
    return Challenge.objects.filter(
        is_active=True, starts_at__lte=now, ends_at__gt=now
    ).prefetch_related("extra_goals")


@dataclass(frozen=True)
class Progress:
    """How far a member is in a challenge: per goal (each count capped at its target), and in
    all (``done`` of ``target``, the sums)."""

    challenge: Challenge
    goals: list[tuple[goals.Goal, int]]

    @property
    def done(self) -> int:
        return sum(done for _, done in self.goals)

    @property
    def target(self) -> int:
        return sum(goal.target for goal, _ in self.goals)


def progress(member: Member, challenge: Challenge) -> Progress:
    """How many qualifying actions the member has in the challenge's window, per goal."""
    window = (challenge.starts_at, challenge.ends_at)
    return Progress(
        challenge=challenge,
        goals=[
            (goal, min(goals.count(member, goal, window), goal.target))
            for goal in goals.goals_of(challenge)
        ],
    )


def reached(member: Member, challenge: Challenge) -> bool:
    """Whether the member has reached every goal (counting stops at the first one missed)."""
    window = (challenge.starts_at, challenge.ends_at)
    return all(
        goals.count(member, goal, window) >= goal.target for goal in goals.goals_of(challenge)
    )


def evaluate(*, member: Member, now: datetime | None = None) -> list[ChallengeCompletion]:
    """Complete every running challenge the member has reached and not completed yet; returns
    the completions made now."""
    done = set(
        ChallengeCompletion.objects.filter(member=member).values_list("challenge_id", flat=True)
    )
    made = []
    for challenge in running(now).exclude(pk__in=done):
        if reached(member, challenge):
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
    """The nightly catch-up: evaluate every member who may have reached a running challenge
    they have not completed (a lost event delivery, a challenge created after the actions): the
    members each of its goal kinds names. Returns how many completions it made."""
    made = 0
    for challenge in running(now):
        window = (challenge.starts_at, challenge.ends_at)
        members = Member.objects.exclude(challenge_completions__challenge=challenge)
        for goal in goals.goals_of(challenge):  # a member must reach every goal
            members = members.filter(pk__in=goals.candidates(goal, window))
        for member in members.iterator(chunk_size=500):
            made += len(evaluate(member=member, now=now))
    return made


def member_challenges(member: Member, now: datetime | None = None) -> list[Progress]:
    """The running challenges the member has not completed, with their progress, for the
    member center."""
    done = ChallengeCompletion.objects.filter(member=member).values("challenge_id")
    return [progress(member, challenge) for challenge in running(now).exclude(pk__in=done)]


def badges(member: Member) -> QuerySet[ChallengeCompletion]:
    return ChallengeCompletion.objects.filter(member=member).select_related("challenge")
