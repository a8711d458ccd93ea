"""Request and response serializers of the integrator API."""

import threading
from functools import cached_property
from typing import Any

from django.utils.translation import get_language
from rest_framework.serializers import Serializer
from rest_framework.utils.serializer_helpers import BindingDict

_RENDERERS: dict[type[Serializer[Any]], Serializer[Any]] = {}


def represent(serializer_class: type[Serializer[Any]], instance: object) -> dict[str, Any]:
    """``serializer_class(instance).data`` with the serializer built once per process.

    DRF builds a serializer's fields on every instantiation (a ``ModelSerializer`` inspects its
    model each time: about a millisecond of an API write). ``to_representation`` only reads those
    fields, so one instance without context can render any number of objects. For response
    serializers that need no request context.
    """
    serializer = _RENDERERS.get(serializer_class)
    if serializer is None:
        serializer = _RENDERERS[serializer_class] = serializer_class()
    return serializer.to_representation(instance)


class FieldsBuiltPerLanguage(Serializer[None]):
    """For a request serializer: its fields built once per language (and thread), not on
    every instantiation.

    DRF deep-copies a serializer's declared fields whenever it is instantiated, running each
    field's ``__init__`` again: most of what validating a points write's body costs. Built
    fields are reusable for plain fields: validation reads the field and the data, not the
    serializer the field is bound to (a blank one, without data or context, so no request is
    kept). They are kept per language because a field caches the text of its validators'
    messages once formatted (DRF's ``lazy_format``), and per thread so that two requests never
    validate with the same field objects at once. Only for flat serializers whose fields,
    validators and defaults need no context.
    """

    _built = threading.local()

    @cached_property
    def fields(self) -> BindingDict:
        built = self._built.__dict__.setdefault("fields", {})
        key = (type(self), get_language())
        fields: BindingDict | None = built.get(key)
        if fields is None:
            blank = type(self)()
            fields = built[key] = super(FieldsBuiltPerLanguage, blank).fields
        return fields
