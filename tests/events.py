"""Test helpers for domain events: record what subscribers are handed."""

from contextlib import contextmanager

from apps.core.events import Event, subscriber, unsubscribe


@contextmanager
def recording(*declared: type[Event]):
    """Subscribe a recorder to each of ``declared`` for the block; yields the list of
    (event name, payload as stored) it is handed, in delivery order."""
    seen: list[tuple[str, dict]] = []

    def record(event: Event) -> None:
        seen.append((event.name, event.payload()))

    for event in declared:
        subscriber(event)(record)
    try:
        yield seen
    finally:
        for event in declared:
            unsubscribe(event, record)
