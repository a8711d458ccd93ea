"""Request and response serializers of the integrator API."""

_RENDERERS: dict[type, object] = {}


def represent(serializer_class, instance) -> dict:
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
