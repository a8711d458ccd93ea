"""Challenges: progress over a window, completion once per member (even for 20 concurrent
qualifying events, or an event handed over twice), its points and badge, the member told, the
nightly catch-up, the member center; every goal kind, and composite goals (a complete profile +
1 review)."""

import re
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.engagement import challenges, goals
from apps.engagement.models import (
    Challenge,
    ChallengeCompletion,
    ChallengeGoal,
    GoalKind,
    MemberEvent,
)
from apps.engagement.services import approve_review, record_event, submit_review
from apps.ledger.models import LedgerEntry
from apps.ledger.selectors import balance
from apps.members.services import update_profile
from apps.notifications.models import Kind, Notification
from tests.factories import CategoryFactory, MemberFactory, ProductFactory

from .conftest import order_of

pytestmark = pytest.mark.django_db


def challenge(goal=GoalKind.CUSTOM_EVENT, target=2, points=300, **fields):
    now = timezone.now()
    return Challenge.objects.create(
        name_en=fields.pop("name", "Visit our booth twice"),
        name_ar="زر جناحنا مرتين",
        goal=goal,
        event_name=fields.pop("event_name", "trade_fair_visit" if goal == "custom_event" else ""),
        target=target,
        points=points,
        starts_at=fields.pop("starts_at", now - timedelta(days=1)),
        ends_at=fields.pop("ends_at", now + timedelta(days=30)),
        **fields,
    )


def shown(member):
    """The member center's challenges: (challenge, done of all its goals)."""
    return [(p.challenge, p.done) for p in challenges.member_challenges(member)]


def test_a_custom_event_challenge_completes_once_with_points_and_a_message(
    member, django_capture_on_commit_callbacks
):
    goal = challenge()
    with django_capture_on_commit_callbacks(execute=True):
        record_event(member=member, name="trade_fair_visit", properties={})
    assert shown(member) == [(goal, 1)]
    with django_capture_on_commit_callbacks(execute=True):
        record_event(member=member, name="trade_fair_visit", properties={})
        record_event(member=member, name="trade_fair_visit", properties={})
    completion = ChallengeCompletion.objects.get(member=member)
    assert (completion.challenge, completion.points) == (goal, 300)
    assert balance(member).available == 300
    assert shown(member) == []
    assert list(challenges.badges(member)) == [completion]
    told = Notification.objects.get(member=member, kind=Kind.CHALLENGE_COMPLETED)
    assert told.context["points"] == 300
    # Handed over again (at-least-once delivery) or evaluated again: nothing more.
    assert challenges.evaluate(member=member) == []
    assert challenges.complete(member=member, challenge=goal) is None
    assert LedgerEntry.objects.filter(account__member=member).count() == 1


def test_only_actions_inside_the_window_count(member):
    now = timezone.now()
    challenge(target=1, starts_at=now - timedelta(days=10), ends_at=now - timedelta(days=1))
    record_event(member=member, name="trade_fair_visit", properties={})
    assert not ChallengeCompletion.objects.exists()
    MemberEvent.objects.update(occurred_at=now - timedelta(days=20))
    upcoming = challenge(target=1, name="Later")
    assert challenges.evaluate(member=member) == []
    assert shown(member) == [(upcoming, 0)]


def test_orders_and_reviews_goals(member, staff, django_capture_on_commit_callbacks):
    orders = challenge(GoalKind.PAID_ORDERS, target=2, points=0, name="Two orders")
    reviews = challenge(GoalKind.REVIEWS, target=1, points=100, name="A review")
    first, second = ProductFactory(), ProductFactory()
    with django_capture_on_commit_callbacks(execute=True):
        order_of(member, first)
    assert shown(member) == [(orders, 1), (reviews, 0)]
    with django_capture_on_commit_callbacks(execute=True):
        order_of(member, second)
        order_of(member, ProductFactory(), paid=False)
        review = submit_review(member=member, product=first, rating=5, text="Good.", language="en")
        approve_review(review=review, staff=staff)
    done = set(ChallengeCompletion.objects.values_list("challenge__name", flat=True))
    assert done == {"Two orders", "A review"}
    assert balance(member).available == 100  # the badge-only challenge gives no points


def test_twenty_concurrent_qualifying_events_complete_it_once(transactional_db):
    member = MemberFactory()
    goal = challenge(target=3)
    barrier = threading.Barrier(20)
    failures = []

    def send():
        try:
            barrier.wait()
            record_event(member=member, name="trade_fair_visit", properties={})
            challenges.evaluate(member=member)  # what each event's delivery does
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert ChallengeCompletion.objects.filter(member=member, challenge=goal).count() == 1
    assert (
        LedgerEntry.objects.filter(account__member=member, source__startswith="challenge:").count()
        == 1
    )
    assert balance(member).available == 300


def test_the_nightly_catch_up_completes_what_deliveries_missed(member):
    record_event(member=member, name="trade_fair_visit", properties={})  # events not delivered
    record_event(member=member, name="trade_fair_visit", properties={})
    goal = challenge()  # created after the actions
    assert challenges.catch_up() == 1
    assert challenges.catch_up() == 0
    assert ChallengeCompletion.objects.get().challenge == goal


def test_the_member_center_shows_progress_and_badges(client, member):
    challenge(target=1, name="First visit")
    running = challenge(target=5, name="Five visits")
    record_event(member=member, name="trade_fair_visit", properties={})
    challenges.evaluate(member=member)
    client.force_login(member.user)
    page = client.get(reverse("members:dashboard")).content.decode()
    text = re.sub(r"<[^>]+>", "", page)
    assert "Five visits" in page and "1 of 5 done" in text
    assert 'data-testid="badges"' in page and "First visit" in page
    assert running.pk


def test_every_goal_kind_is_registered():
    assert set(goals.KINDS) == set(GoalKind.values)


def test_orders_in_two_categories(member, django_capture_on_commit_callbacks):
    goal = challenge(GoalKind.ORDER_CATEGORIES, target=2, name="Two categories")
    tools, parts = CategoryFactory(), CategoryFactory()  # (unpaid orders: as for paid orders)
    with django_capture_on_commit_callbacks(execute=True):
        order_of(member, ProductFactory(category=tools))
        order_of(member, ProductFactory(category=tools))  # the same category again
    assert shown(member) == [(goal, 1)]
    with django_capture_on_commit_callbacks(execute=True):
        order_of(member, ProductFactory(category=parts))
    assert ChallengeCompletion.objects.get(member=member).challenge == goal


def test_complete_profile_and_a_review(member, staff, client, django_capture_on_commit_callbacks):
    """A composite goal: completed when both are reached, in either order; the member center
    shows each goal's progress meanwhile."""
    goal = challenge(GoalKind.PROFILE_COMPLETE, target=1, points=200, name="Profile + review")
    ChallengeGoal.objects.create(challenge=goal, goal=GoalKind.REVIEWS, target=1)
    product = ProductFactory()
    order_of(member, product)
    with django_capture_on_commit_callbacks(execute=True):
        review = submit_review(member=member, product=product, rating=4, text="Ok.", language="en")
        approve_review(review=review, staff=staff)
    assert not ChallengeCompletion.objects.exists()  # the profile is not complete yet
    (progress,) = challenges.member_challenges(member)
    assert [(g.kind, done) for g, done in progress.goals] == [
        ("profile_complete", 0),
        ("reviews", 1),
    ]
    assert (progress.done, progress.target) == (1, 2)
    client.force_login(member.user)
    text = re.sub(r"<[^>]+>", "", client.get(reverse("members:dashboard")).content.decode())
    assert "1 of 2 done" in text and "Complete profile: 0 of 1" in text
    with django_capture_on_commit_callbacks(execute=True):
        update_profile(
            member=member,
            source="test",
            phone="+4930123456",
            customer_type="distributor",
            purchasing_needs="Pumps",
            birthday=timezone.localdate() - timedelta(days=12000),
        )
    completion = ChallengeCompletion.objects.get(member=member)
    assert (completion.challenge, completion.points) == (goal, 200)


def test_the_catch_up_completes_a_composite_goal_only_when_every_part_is_reached(member):
    goal = challenge(target=1, name="Visit + two categories")
    ChallengeGoal.objects.create(challenge=goal, goal=GoalKind.ORDER_CATEGORIES, target=2)
    record_event(member=member, name="trade_fair_visit", properties={})
    order_of(member, ProductFactory())
    assert challenges.catch_up() == 0
    order_of(member, ProductFactory())
    assert challenges.catch_up() == 1
    assert ChallengeCompletion.objects.get().member == member


def test_a_profile_goal_counts_once(db):
    with pytest.raises(ValidationError):
        ChallengeGoal(goal=GoalKind.PROFILE_COMPLETE, target=2).clean()
    with pytest.raises(ValidationError):
        ChallengeGoal(goal=GoalKind.CUSTOM_EVENT, target=1).clean()
