"""Domain events: delivered after commit, never for a rolled-back transaction; bulk events reach
subscribers that handle many at once in one call."""

import pytest
from django.db import transaction

from apps.core import events

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def received():
    calls = []

    @events.subscriber("test.happened")
    def one(**payload):
        calls.append(("one", payload["n"]))

    def bulk(payloads):
        calls.append(("many", [payload["n"] for payload in payloads]))

    @events.handles_many(bulk)
    @events.subscriber("test.happened")
    def batched(**payload):
        calls.append(("batched-one", payload["n"]))

    yield calls
    events.unsubscribe("test.happened", one)
    events.unsubscribe("test.happened", batched)


def test_bulk_events_reach_batch_subscribers_once_and_others_per_event(received):
    with transaction.atomic():
        events.publish_many("test.happened", [{"n": 1}, {"n": 2}, {"n": 3}])
        assert received == []  # nothing before the commit

    assert received == [("one", 1), ("one", 2), ("one", 3), ("many", [1, 2, 3])]


def test_events_of_a_rolled_back_transaction_are_never_delivered(received):
    with pytest.raises(RuntimeError), transaction.atomic():
        events.publish("test.happened", n=1)
        events.publish_many("test.happened", [{"n": 2}])
        raise RuntimeError

    events.publish("test.happened", n=3)  # outside a transaction: at once

    assert received == [("one", 3), ("batched-one", 3)]
