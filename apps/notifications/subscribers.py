"""Notifications listen to the domain events members are told about (list in ``triggers``).

Each subscriber only enqueues ``record_event``: the notification is written by a task, which is
retried on database errors and is idempotent (the event's dedupe key).
"""

from apps.core import events

from .triggers import HANDLERS

CHUNK = 500


def _enqueue(event: str):
    def handler(**payload) -> None:
        from .tasks import record_event

        record_event.delay(event, payload)

    def many(payloads: list[dict]) -> None:
        from .tasks import record_events

        for start in range(0, len(payloads), CHUNK):
            record_events.delay(event, payloads[start : start + CHUNK])

    handler.__name__ = f"notify_on_{event.replace('.', '_')}"
    return events.handles_many(many)(handler)  # a bulk job's events: one task per CHUNK


SUBSCRIBERS = {event: events.subscriber(event)(_enqueue(event)) for event in HANDLERS}
