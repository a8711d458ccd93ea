"""Members "at risk" (``selectors.at_risk_accounts``): the accounts picked by the rule's indexed
parts (joined, own entries, orders, sign-ins before the moment) are exactly those whose latest
activity (``last_activity``, what the re-engagement email tells) is on or before it."""

from datetime import UTC, datetime, timedelta

import pytest

from apps.ledger import services
from apps.ledger.models import PointsAccount, Programme
from apps.ledger.selectors import at_risk_accounts, last_activity
from apps.orders.models import Order
from tests.factories import MemberFactory, make_order

pytestmark = pytest.mark.django_db

JOINED = datetime(2026, 1, 1, 12, tzinfo=UTC)
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
LIMIT = NOW - timedelta(days=90)  # the programme's default: 90 days without activity


def latest_activity_on_or_before(moment):
    """The rule as its definition reads: the latest activity, then compared."""
    return set(
        PointsAccount.objects.annotate(last_activity=last_activity())
        .filter(available__gte=Programme.current().at_risk_points, last_activity__lte=moment)
        .values_list("member__company_name", flat=True)
    )


def test_at_risk_is_the_latest_activity_on_or_before_the_limit(clock):
    clock.set(JOINED)
    members = {
        name: MemberFactory(company_name=name)
        for name in (
            "quiet",
            "earned after",
            "earned at the limit",
            "only adjusted after",
            "birthday gift after",
            "ordered after",
            "signed in after",
            "joined after",
            "small balance",
        )
    }
    for name, member in members.items():
        points = 100 if name == "small balance" else 5000
        services.earn(member=member, points=points, reason="seed", idempotency_key=f"seed {name}")

    def at(moment, action, name, **kwargs):
        clock.set(moment)
        action(member=members[name], reason="r", idempotency_key=f"later {name}", **kwargs)

    after = LIMIT + timedelta(days=1)
    at(after, services.earn, "earned after", points=10)
    at(LIMIT, services.earn, "earned at the limit", points=10)
    at(after, services.adjust, "only adjusted after", points=10, actor=None, source="staff:1")
    at(after, services.earn, "birthday gift after", points=10, source="birthday:2026")
    clock.set(after)
    make_order(member=members["ordered after"])
    user = members["signed in after"].user
    type(user).objects.filter(pk=user.pk).update(last_login=after)
    type(members["joined after"]).objects.filter(pk=members["joined after"].pk).update(
        created_at=after
    )
    clock.set(NOW)

    at_risk = {account.member.company_name for account in at_risk_accounts(as_of=NOW)}
    assert at_risk == {
        "quiet",
        "earned at the limit",
        "only adjusted after",
        "birthday gift after",
    }
    assert at_risk == latest_activity_on_or_before(LIMIT)
    assert Order.objects.count() == 1
