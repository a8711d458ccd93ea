"""Celery's queues: ledger jobs, notifications and webhooks each have a queue and a worker of
their own (config/celery.py, scripts/run.sh, docker-compose.yml), so a flood of one never
delays another; and nothing waits longer than the broker's visibility timeout."""

import re
from pathlib import Path

import yaml
from django.conf import settings

from config.celery import QUEUES, ReliableTask, app

ROOT = Path(__file__).resolve().parents[2]


def queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


def test_each_kind_of_task_has_its_queue():
    app.loader.import_default_modules()

    assert QUEUES == ("ledger", "notifications", "webhooks")
    for task in (
        "ledger.expire_points",
        "ledger.release_pending_points",
        "tiers.reevaluate_all",
        "core.deliver_queued_events",  # events award points
        "orders.cancel_unpaid_orders",
    ):
        assert queue_of(task) == "ledger", task
    for task in ("notifications.deliver", "notifications.celebrate_birthdays"):
        assert queue_of(task) == "notifications", task
    assert queue_of("orders.send_order_email") == "notifications"
    for task in ("integrations.deliver_webhook", "integrations.announce_expired_points"):
        assert queue_of(task) == "webhooks", task
    ours = [name for name in app.tasks if not name.startswith("celery.")]
    assert {queue_of(name) for name in ours} == set(QUEUES)


def test_a_worker_without_queues_named_consumes_all_three():
    assert sorted(app.amqp.queues) == sorted(QUEUES)


def test_make_run_starts_one_worker_per_queue_and_one_beat():
    script = (ROOT / "scripts" / "run.sh").read_text()

    assert re.search(r"for queue in ledger notifications webhooks; do", script)
    assert '--queues="$queue"' in script
    assert script.count("celery -A config beat") == 1


def test_compose_runs_one_worker_per_queue_and_one_beat():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]

    consumed = [
        option.removeprefix("--queues=")
        for service in services.values()
        for option in service.get("command", [])
        if isinstance(option, str) and option.startswith("--queues=")
    ]
    assert sorted(consumed) == sorted(QUEUES)
    beats = [s for s in services.values() if s.get("command", [])[3:4] == ["beat"]]
    assert len(beats) == 1


def test_redelivery_comes_within_two_minutes_and_nothing_runs_or_waits_longer():
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    sweep = settings.CELERY_BROKER_TRANSPORT_OPTIONS["unacked_restore_interval"]

    assert visibility + sweep <= 130
    assert visibility > settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert ReliableTask.retry_backoff_max < visibility
    assert visibility > settings.WEBHOOK_RETRY_COUNTDOWN_MAX_SECONDS
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_TASK_ACKS_LATE is True
