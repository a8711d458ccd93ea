"""The goal kinds a challenge can have, and how each is counted (docs/challenges.md).

Each kind (``models.GoalKind``) is registered here once with two queries:

- ``count(member, goal, window)``: how far the member is (qualifying actions in the window);
- ``members(goal, window)``: the ids of the members who may have reached it (a superset is
  fine), for the nightly catch-up.

A challenge's goals are its own plus the ones it also requires (``ChallengeGoal``); it is
completed when every goal is reached. A new kind is a ``GoalKind`` choice and a ``@kind``
function pair here (a test checks that every kind is registered); nothing else branches on
the kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import IntegerField, Q, QuerySet
from django.db.models.functions import Coalesce

from apps.members.models import Member
from apps.members.services import PROFILE_COMPLETION_FIELDS, profile_completion
from apps.orders.models import Order, OrderLine

from .models import Challenge, GoalKind, MemberEvent, Review, ReviewStatus
from .selectors import NOT_BOUGHT

Window = tuple[datetime, datetime]
Ids = QuerySet[Any, int]


@dataclass(frozen=True)
class Goal:
    """One goal of a challenge: a kind, how many, and (custom events) which event."""

    kind: str
    target: int
    event_name: str = ""

    @property
    def label(self) -> str:
        label = str(GoalKind(self.kind).label)
        return f"{label} “{self.event_name}”" if self.event_name else label


@dataclass(frozen=True)
class Kind:
    count: Callable[[Member, Goal, Window], int]
    members: Callable[[Goal, Window], Ids]


KINDS: dict[str, Kind] = {}


def kind(
    value: GoalKind, *, members: Callable[[Goal, Window], Ids]
) -> Callable[[Callable[[Member, Goal, Window], int]], Callable[[Member, Goal, Window], int]]:
    """Register ``count`` (the decorated function) and ``members`` for a goal kind."""

    def register(
        count: Callable[[Member, Goal, Window], int],
    ) -> Callable[[Member, Goal, Window], int]:
        KINDS[value] = Kind(count=count, members=members)
        return count

    return register


def goals_of(challenge: Challenge) -> list[Goal]:
    """The challenge's own goal, then the ones it also requires (prefetch ``extra_goals``)."""
    return [
        Goal(challenge.goal, challenge.target, challenge.event_name),
        *(
            Goal(extra.goal, extra.target, extra.event_name)
            for extra in challenge.extra_goals.all()
        ),
    ]


def count(member: Member, goal: Goal, window: Window) -> int:
    return KINDS[goal.kind].count(member, goal, window)


def candidates(goal: Goal, window: Window) -> Ids:
    return KINDS[goal.kind].members(goal, window)


# -- paid orders ---------------------------------------------------------------------------


def _paid_orders(window: Window) -> QuerySet[Order]:
    return Order.objects.filter(paid_at__range=window).exclude(status__in=NOT_BOUGHT)


@kind(
    GoalKind.PAID_ORDERS,
    members=lambda goal, window: (
        _paid_orders(window).filter(member__isnull=False).values_list("member_id", flat=True)
    ),
)
def _count_paid_orders(member: Member, goal: Goal, window: Window) -> int:
    return _paid_orders(window).filter(member=member).count()


# -- categories ordered from ---------------------------------------------------------------


@kind(
    GoalKind.ORDER_CATEGORIES,
    members=lambda goal, window: (
        _paid_orders(window).filter(member__isnull=False).values_list("member_id", flat=True)
    ),
)
def _count_categories(member: Member, goal: Goal, window: Window) -> int:
    """The distinct product categories of the member's paid orders in the window (the
    category the product had when bought)."""
    return (
        OrderLine.objects.filter(order__in=_paid_orders(window).filter(member=member))
        .annotate(
            category=Coalesce(
                "category_id_at_purchase", "product__category_id", output_field=IntegerField()
            )
        )
        .values("category")
        .distinct()
        .count()
    )


# -- approved reviews ----------------------------------------------------------------------


def _approved_reviews(window: Window) -> QuerySet[Review]:
    return Review.objects.filter(status=ReviewStatus.APPROVED, moderated_at__range=window)


@kind(
    GoalKind.REVIEWS,
    members=lambda goal, window: _approved_reviews(window).values_list("member_id", flat=True),
)
def _count_reviews(member: Member, goal: Goal, window: Window) -> int:
    return _approved_reviews(window).filter(member=member).count()


# -- custom events -------------------------------------------------------------------------


def _events(goal: Goal, window: Window) -> QuerySet[MemberEvent]:
    return MemberEvent.objects.filter(name=goal.event_name, occurred_at__range=window)


@kind(
    GoalKind.CUSTOM_EVENT,
    members=lambda goal, window: _events(goal, window).values_list("member_id", flat=True),
)
def _count_events(member: Member, goal: Goal, window: Window) -> int:
    return _events(goal, window).filter(member=member).count()


# -- a complete profile --------------------------------------------------------------------


def _complete_profiles() -> QuerySet[Member]:
    """Members with every profile-completion field filled in (``members.services``)."""
    complete = Q()
    for name in PROFILE_COMPLETION_FIELDS:
        field = Member._meta.get_field(name)
        if field.null:
            complete &= Q(**{f"{name}__isnull": False})
        if field.empty_strings_allowed:
            complete &= ~Q(**{name: ""})
    return Member.objects.filter(complete)


@kind(
    GoalKind.PROFILE_COMPLETE,
    members=lambda goal, window: _complete_profiles().values_list("pk", flat=True),
)
def _count_profile(member: Member, goal: Goal, window: Window) -> int:
    """1 once the profile is complete (a state, whenever it was reached), else 0."""
    return int(not profile_completion(member)[1])
