"""Domain events are declared once (name, typed payload, docstring) in the publishing app's
``events.py``; publishing anything else is an error; subscribers are wired in ``subscribers.py``
only; the webhooks catalogue is a choice among the declarations."""

import ast
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction

from apps.core import events, outbox
from apps.core.events import DECLARED, Event, InvalidEvent, declare
from apps.core.models import OutboxEvent
from apps.integrations.webhooks.events import CATALOGUE, EVENT_TYPES
from apps.ledger import services
from apps.ledger.events import PointsEarned, PointsExpired, PointsSpent
from apps.orders.events import OrderPaid, OrderRefunded
from tests.factories import MemberFactory

ROOT = Path(__file__).resolve().parents[2]


def test_publishing_what_is_not_a_declared_event_is_refused(db):
    class Undeclared(Event):
        """Never declared."""

    with pytest.raises(InvalidEvent):
        events.publish(Undeclared())
    with pytest.raises(InvalidEvent):
        events.publish({"name": "order.paid", "order_id": 1})

    assert not OutboxEvent.objects.exists()


def test_a_payload_that_does_not_match_its_declaration_is_refused():
    with pytest.raises(InvalidEvent, match="order_id"):
        OrderPaid(order_id="7")
    with pytest.raises(InvalidEvent):
        OrderPaid(order_id=True)  # a bool is not an id
    with pytest.raises(InvalidEvent):
        PointsExpired(account_ids=[1, "2"], as_of=datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(InvalidEvent):
        PointsExpired(account_ids=[1], as_of=datetime(2026, 1, 1))  # no time zone
    with pytest.raises(TypeError):
        OrderPaid()  # missing
    with pytest.raises(TypeError):
        OrderPaid(order_id=1, member_id=2)  # not declared


def test_a_declaration_needs_a_docstring_supported_types_and_a_name_of_its_own():
    with pytest.raises(TypeError, match="docstring"):

        @declare("test.no_docstring")
        class NoDocstring(Event):
            order_id: int

    with pytest.raises(TypeError, match="unsupported"):

        @declare("test.float")
        class Floating(Event):
            """A float is no way to carry money."""

            amount: float

    with pytest.raises(ValueError, match="twice"):

        @declare("order.paid")
        class AgainOrderPaid(Event):
            """A second declaration of the same name."""

            order_id: int

    assert DECLARED["order.paid"] is OrderPaid


def test_payloads_are_stored_as_json_and_read_back_as_their_types():
    refund = OrderRefunded(
        order_id=1,
        refund_id=2,
        amount=Decimal("120.50"),
        currency="EUR",
        lines=[{"order_line_id": 3, "quantity": 1, "amount": "120.50"}],
        fully_refunded=False,
    )
    expired = PointsExpired(account_ids=[4, 5], as_of=datetime(2026, 12, 31, 23, 0, tzinfo=UTC))

    assert refund.payload()["amount"] == "120.50"  # never a float
    assert OrderRefunded.from_payload(refund.payload()) == refund
    assert PointsExpired.from_payload(expired.payload()) == expired
    with pytest.raises(InvalidEvent, match="missing"):
        OrderPaid.from_payload({})


@pytest.mark.django_db(transaction=True)
def test_what_the_ledgers_sql_writes_to_the_outbox_fits_the_declarations(monkeypatch):
    monkeypatch.setattr(outbox, "kick_outbox", lambda: None)  # leave the rows in the outbox
    member = MemberFactory()

    with transaction.atomic():
        earned = services.earn(member=member, points=700, reason="r", idempotency_key="e")
        spent = services.spend(member=member, points=200, reason="r", idempotency_key="s")
        rows = list(OutboxEvent.objects.order_by("id").values_list("name", "payload"))

    assert [DECLARED[name].from_payload(payload) for name, payload in rows] == [
        PointsEarned(member_id=member.pk, entry_id=earned.entry.pk, points=700),
        PointsSpent(member_id=member.pk, entry_id=spent.entry.pk, points=200),
    ]


def test_each_event_is_declared_in_its_publishing_apps_events_module():
    for name, event in DECLARED.items():
        if event.__module__.startswith("tests."):
            continue
        assert event.__module__.startswith("apps.") and event.__module__.endswith(".events"), name
        assert event.__doc__.strip(), name


def test_subscribers_are_wired_in_subscribers_modules_only():
    for subscriber in outbox.subscribers():
        module = subscriber.handle.__module__
        if not module.startswith("tests."):
            assert module.startswith("apps.") and module.endswith(".subscribers"), subscriber.key
            assert DECLARED[subscriber.event.name] is subscriber.event
    registering = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "apps").rglob("*.py")
        if path.name != "subscribers.py" and _calls_subscriber(path)
    ]
    assert registering == []


def _calls_subscriber(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            target = node.func
            name = getattr(target, "id", None) or getattr(target, "attr", None)
            if name == "subscriber":
                return True
    return False


def test_the_webhooks_catalogue_is_a_choice_among_the_declared_events():
    assert all(DECLARED[event.name] is event for event in CATALOGUE)
    assert [event.name for event in CATALOGUE] == EVENT_TYPES
    webhook_subscribers = {
        subscriber.event
        for subscriber in outbox.subscribers()
        if subscriber.handle.__module__ == "apps.integrations.subscribers"
    }
    assert webhook_subscribers == set(CATALOGUE)  # each catalogue event is sent, no other
    documented = (ROOT / "docs" / "api.md").read_text()
    assert [name for name in EVENT_TYPES if f"`{name}`" not in documented] == []


def test_a_row_written_before_a_field_with_a_default_was_added_still_delivers():
    from apps.quotes.events import QuoteRevisionRequested

    assert QuoteRevisionRequested.from_payload({"quote_id": 7}) == QuoteRevisionRequested(
        quote_id=7, activity_id=None
    )
    assert QuoteRevisionRequested.from_payload({"quote_id": 7, "activity_id": 3}).activity_id == 3
