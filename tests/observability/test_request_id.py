"""The request id: from the request (or made), in the response, the logs, the outbox events the
request causes (written from Python and from the ledger's SQL functions) and the Celery tasks,
and on from an event to what its subscribers do."""

import io
import json
import logging
import re

import pytest

from apps.core import request_id
from apps.core.models import EventDelivery, OutboxEvent
from apps.core.request_id import RequestIdFilter
from config.celery import app
from tests.conftest import ARTIFACTS, wait_until


@pytest.mark.django_db
def test_a_request_gets_an_id_or_keeps_a_well_formed_one(client):
    made = client.get("/healthz")
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.42")
    refused = client.get("/healthz", HTTP_X_REQUEST_ID="bad id <script>")

    assert re.fullmatch(r"[0-9a-f]{32}", made["X-Request-ID"])
    assert kept["X-Request-ID"] == "lb-7f3a.42"
    assert refused["X-Request-ID"] != "bad id <script>"
    assert re.fullmatch(r"[0-9a-f]{32}", refused["X-Request-ID"])


def test_log_lines_are_json_with_the_request_id():
    handler = next(
        each
        for each in logging.getLogger().handlers
        if any(isinstance(f, RequestIdFilter) for f in each.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        with request_id.using("req-123"):
            logging.getLogger("apps.test").warning("Ünïcode %s", "kept")
    finally:
        handler.setStream(previous)

    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert line["message"] == "Ünïcode kept"
    assert line["request_id"] == "req-123"
    assert line["level"] == "WARNING"
    assert line["logger"] == "apps.test"
    assert {"time", "task", "task_id"} <= set(line)


@pytest.mark.django_db
def test_events_a_request_writes_carry_its_id_from_python_and_from_sql(api, member):
    created = api.post(
        "/api/v1/members/", {"email": "li@example.cn"}, format="json", HTTP_X_REQUEST_ID="req-py"
    )
    earned = api.post(
        f"/api/v1/members/{member.pk}/points/earn/",
        {"points": 120, "reason": "Fair bonus"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
        HTTP_X_REQUEST_ID="req-sql",
    )

    assert created.status_code == 201, created.content
    assert earned.status_code == 201, earned.content
    # The test's transaction never commits, so the events stay in the outbox to be read.
    events = dict(OutboxEvent.objects.values_list("name", "request_id"))
    assert events["member.created"] == "req-py"
    assert events["points.earned"] == "req-sql"  # written by the ledger's SQL function


@pytest.mark.django_db(transaction=True)
def test_a_later_statement_on_the_same_connection_does_not_inherit_the_id(api, member):
    """The id reaches the database as a setting local to the statement's transaction: the
    persistent connection keeps nothing for the next request or job."""
    from apps.core import outbox
    from apps.ledger import services as ledger

    with outbox.delivering():  # the events stay in the outbox to be read
        response = api.post(
            f"/api/v1/members/{member.pk}/points/earn/",
            {"points": 10, "reason": "First"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="k-1",
            HTTP_X_REQUEST_ID="req-first",
        )
        ledger.earn(member=member, points=5, reason="Outside a request", idempotency_key="k-2")

    assert response.status_code == 201, response.content
    ids = list(OutboxEvent.objects.order_by("id").values_list("request_id", flat=True))
    assert ids == ["req-first", ""]


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_a_task_queued_in_a_request_carries_the_id_in_its_headers(settings):
    with app.connection_for_write() as connection:
        client = connection.default_channel.client
        client.delete("notifications")
        try:
            with request_id.using("req-task"):
                app.send_task("notifications.deliver", kwargs={"notification_id": 0})
            message = json.loads(client.lpop("notifications"))
        finally:
            client.delete("notifications")

    assert message["headers"]["request_id"] == "req-task"


@pytest.mark.django_db(transaction=True)
def test_a_subscriber_works_under_the_id_of_the_event_it_handles(member):
    """An event delivered later (by a worker) hands its request id to its subscriber: the
    events the subscriber writes (here from the ledger's SQL) carry it on to theirs."""
    from django.db import connection, transaction

    from apps.core import events, outbox
    from apps.core.events import subscriber, unsubscribe
    from apps.ledger import services as ledger
    from apps.ledger.events import PointsEarned
    from apps.members.events import MemberCreated

    seen = []

    @subscriber(MemberCreated)
    def award_welcome(event):
        seen.append(("member.created", request_id.current()))
        ledger.earn(member=member, points=7, reason="Welcome", idempotency_key="welcome")

    @subscriber(PointsEarned)
    def note_earned(event):
        seen.append(("points.earned", request_id.current()))

    try:
        # The request: its commit's kick is held back (as if no worker had run yet).
        with request_id.using("req-origin"), outbox.delivering(), transaction.atomic():
            events.publish(MemberCreated(member_id=member.pk))
        assert OutboxEvent.objects.get().request_id == "req-origin"
        # Later, a worker's task with no request id of its own delivers the outbox.
        assert request_id.current() == ""
        with connection.execute_wrapper(request_id.in_database):
            outbox.drain()
    finally:
        unsubscribe(MemberCreated, award_welcome)
        unsubscribe(PointsEarned, note_earned)

    assert seen == [("member.created", "req-origin"), ("points.earned", "req-origin")]
    assert not EventDelivery.objects.filter(subscriber__contains="award_welcome").exists()


@pytest.mark.worker
def test_a_worker_runs_the_task_under_the_request_id_it_was_queued_with(celery_worker_process):
    from apps.core.metrics import TASK_OUTCOMES, shared_counts

    def successes() -> int:
        return sum(
            count
            for labels, count in shared_counts(TASK_OUTCOMES)
            if labels
            == {"queue": "ledger", "task": "core.clear_expired_sessions", "outcome": "success"}
        )

    before = successes()
    with request_id.using("req-worker-1"):
        app.send_task("core.clear_expired_sessions")

    def logged():
        for text in (ARTIFACTS / "celery-worker.log").read_text().splitlines():
            if text.startswith("{"):
                line = json.loads(text)
                if (
                    "core.clear_expired_sessions" in line["message"]
                    and "succeeded" in line["message"]
                ):
                    return line
        return None

    line = wait_until(logged, timeout=60)
    assert line["request_id"] == "req-worker-1"
    assert line["task"] == "core.clear_expired_sessions"
    assert successes() == before + 1


@pytest.mark.django_db
def test_djangos_own_log_of_a_refused_request_has_the_id(client, settings):
    settings.METRICS_TOKEN = "t0ken-for-the-test"
    seen = []

    class Recorder(logging.Handler):
        def emit(self, record):
            seen.append(record.request_id)

    handler = Recorder()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.get("/metrics", HTTP_X_REQUEST_ID="req-401")
    finally:
        logger.removeHandler(handler)

    assert seen == ["req-401"]  # "Unauthorized: /metrics", logged after the middleware
    assert request_id.current() == ""  # forgotten once the response was closed
