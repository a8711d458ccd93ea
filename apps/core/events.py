"""Domain events: declared once, written to the outbox in the publisher's transaction, handed to
every subscriber at least once (delivery: ``apps.core.outbox``).

Declare an event in the publishing app's ``events.py``: its name, its payload fields with their
types, and a docstring saying what happened::

    @declare("order.paid")
    class OrderPaid(Event):
        \"\"\"An order was paid in full.\"\"\"

        order_id: int

Publish it inside the service's transaction: ``events.publish(OrderPaid(order_id=order.pk))``
writes an outbox row that commits or rolls back with the change it announces. A missing or
unknown field is a ``TypeError`` where the event is built; a value of the wrong type, and
publishing an object that is not a declared event, raise ``InvalidEvent`` (a ``TypeError``).

Subscribe in the subscribing app's ``subscribers.py`` (every app's is imported at start-up by
``CoreConfig.ready``)::

    @subscriber(OrderPaid)
    def award_purchase_points(event: OrderPaid) -> None: ...

    @subscriber(PointsEarned, many=True)   # a batch of events in one call
    def tell_members(events: list[PointsEarned]) -> None: ...

Delivery (``apps.core.outbox``) hands each subscriber its events at least once: a subscriber's
database work commits together with its progress, but a worker can die after a subscriber
queued a task or called out and before that commit, and the event is handed over again. So
every subscriber is idempotent.
"""

import json
from collections.abc import Callable, Sequence
from dataclasses import MISSING, dataclass, fields
from datetime import datetime
from decimal import Decimal
from types import NoneType, UnionType
from typing import Any, ClassVar, Self, TypeVar, Union, get_args, get_origin, get_type_hints

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.dateparse import parse_datetime
from typing_extensions import dataclass_transform

from . import outbox


class InvalidEvent(TypeError):
    """An event that is not declared, or whose payload does not match its declaration."""


# The type checker learns from this what ``declare`` makes of a subclass at run time: a frozen,
# keyword-only dataclass (so a missing or unknown payload field is a type error too).
@dataclass_transform(kw_only_default=True, frozen_default=True)
class Event:
    """Base of every declared event (see ``declare``): a frozen dataclass of its payload."""

    name: ClassVar[str]
    field_types: ClassVar[dict[str, Any]]

    def __post_init__(self) -> None:
        for name, annotation in self.field_types.items():
            value = getattr(self, name)
            if not _matches(value, annotation):
                raise InvalidEvent(f"{self.name}: {name}={value!r} is not {_describe(annotation)}")

    def payload(self) -> dict[str, Any]:
        """The event as the outbox stores it (JSON: datetimes and decimals as text)."""
        return json.loads(
            json.dumps({name: getattr(self, name) for name in self.field_types}, cls=Encoder)
        )

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Self:
        """The event from an outbox row; raises ``InvalidEvent`` when the row does not fit the
        declaration (fields the declaration does not know are ignored: a row written before a
        field was dropped still delivers; a field with a default may be missing: a row written
        before it was added delivers with the default)."""
        missing = set(cls.field_types) - set(payload) - cls._defaulted()
        if missing:
            raise InvalidEvent(f"{cls.name}: missing {', '.join(sorted(missing))}")
        try:
            values = {
                name: _decode(payload[name], annotation)
                for name, annotation in cls.field_types.items()
                if name in payload
            }
        except (TypeError, ValueError, ArithmeticError) as error:
            raise InvalidEvent(f"{cls.name}: {error}") from error
        return cls(**values)

    @classmethod
    def _defaulted(cls) -> set[str]:
        # mypy does not count a class made by dataclass_transform as a DataclassInstance.
        return {
            field.name
            for field in fields(cls)  # type: ignore[arg-type]
            if field.default is not MISSING or field.default_factory is not MISSING
        }


class Encoder(DjangoJSONEncoder):
    """Datetimes as ISO 8601 with their offset, decimals as text (never a float)."""


DECLARED: dict[str, type[Event]] = {}

DeclaredEvent = TypeVar("DeclaredEvent", bound=Event)


def declare(name: str) -> Callable[[type[DeclaredEvent]], type[DeclaredEvent]]:
    """Class decorator: ``cls`` (a subclass of ``Event`` with a docstring and annotated payload
    fields) becomes the frozen, keyword-only dataclass that is the event ``name``."""

    def decorate(cls: type[DeclaredEvent]) -> type[DeclaredEvent]:
        if not issubclass(cls, Event):
            raise TypeError(f"{cls.__name__} must derive from Event")
        if not (cls.__doc__ or "").strip():
            raise TypeError(f"{cls.__name__} needs a docstring saying what happened")
        if name in DECLARED:
            raise ValueError(f"event {name!r} is declared twice")
        declared = dataclass(frozen=True, kw_only=True)(cls)
        hints = get_type_hints(declared)
        declared.name = name
        # mypy does not count a class made by dataclass_transform as a DataclassInstance.
        payload_fields = fields(declared)  # type: ignore[arg-type]
        declared.field_types = {field.name: hints[field.name] for field in payload_fields}
        for field_name, annotation in declared.field_types.items():
            _describe(annotation)  # an unsupported type fails at import, not at publish
            if field_name == "name":
                raise TypeError("'name' is the event's own name, not a payload field")
        DECLARED[name] = declared
        return declared

    return decorate


def declared(event: Event) -> Event:
    """``event`` if it is an instance of a declared event; ``InvalidEvent`` otherwise."""
    if not isinstance(event, Event) or DECLARED.get(getattr(event, "name", "")) is not type(event):
        raise InvalidEvent(f"{event!r} is not a declared event")
    return event


def publish(event: Event) -> None:
    """Write ``event`` to the outbox in the current transaction (or at once outside one); its
    subscribers get it after commit, never for a transaction that rolls back."""
    publish_many([event])


def publish_many(events: Sequence[Event]) -> None:
    """``publish`` for many events (a bulk job's): one INSERT per 5,000 rows."""
    outbox.write([(event.name, event.payload()) for event in map(declared, events)])


def subscriber(event: type[Event], *, many: bool = False) -> Callable[[Callable], Callable]:
    """Register the decorated function as a subscriber of ``event`` (a declared event); with
    ``many`` it is handed a list of events per call."""
    if DECLARED.get(getattr(event, "name", "")) is not event:
        raise InvalidEvent(f"{event!r} is not a declared event")

    def register(handle: Callable) -> Callable:
        outbox.register(outbox.Subscriber.of(handle, event, many=many))
        return handle

    return register


def unsubscribe(event: type[Event], handle: Callable) -> None:
    """Remove a subscriber (tests register temporary ones)."""
    outbox.unregister(event.name, handle)


# Payload types ------------------------------------------------------------------------------

_SCALARS = (int, str, bool, Decimal, datetime, dict)


def _options(annotation) -> tuple | None:
    if get_origin(annotation) in (Union, UnionType):
        return get_args(annotation)
    return None


def _describe(annotation) -> str:
    """A readable name of a supported payload type; ``TypeError`` for any other."""
    if (options := _options(annotation)) is not None:
        return " or ".join(_describe(option) for option in options)
    if annotation is NoneType:
        return "None"
    if get_origin(annotation) is list:
        return f"a list of {_describe(get_args(annotation)[0])}"
    if annotation in _SCALARS:
        return annotation.__name__
    raise TypeError(f"unsupported payload type {annotation!r}")


def _matches(value, annotation) -> bool:
    if (options := _options(annotation)) is not None:
        return any(_matches(value, option) for option in options)
    if annotation is NoneType:
        return value is None
    if get_origin(annotation) is list:
        item = get_args(annotation)[0]
        return isinstance(value, list) and all(_matches(each, item) for each in value)
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if annotation is datetime:
        return isinstance(value, datetime) and value.tzinfo is not None
    if annotation is dict:
        return isinstance(value, dict) and _is_json(value)
    return isinstance(value, annotation)


def _is_json(value) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def _decode(value, annotation):
    """The payload's JSON value back as the declared type (datetimes and decimals)."""
    if (options := _options(annotation)) is not None:
        if value is None and NoneType in options:
            return None
        return _decode(value, next(option for option in options if option is not NoneType))
    if get_origin(annotation) is list and isinstance(value, list):
        return [_decode(each, get_args(annotation)[0]) for each in value]
    if annotation is datetime and isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is None:
            raise ValueError(f"{value!r} is not a date and time")
        return parsed
    if annotation is Decimal and isinstance(value, str):
        return Decimal(value)
    return value
