"""Notifications listen to the domain events members are told about (list in ``triggers``).

Each subscriber only enqueues ``record_event``: the notification is written by a task, which is
retried on database errors and is idempotent (the event's dedupe key).
"""

from apps.core import events

from .triggers import HANDLERS


def _enqueue(event: str):
    def handler(**payload) -> None:
        from .tasks import record_event

        record_event.delay(event, payload)

    handler.__name__ = f"notify_on_{event.replace('.', '_')}"
    return handler


SUBSCRIBERS = {event: events.subscriber(event)(_enqueue(event)) for event in HANDLERS}
