"""Who may see and buy a product: early access before its public date.

A product with ``public_from`` in the future is new and not yet released: only shoppers with
early access (the loyalty programme's tiers say who, through ``register_early_access``) see and
buy it until then; from that moment on, everyone does. The catalogue never imports the
programme: it asks the registered hooks.
"""

from collections.abc import Callable
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from .errors import ProductNotReleased

EarlyAccessHook = Callable[[object], bool]
_early_access_hooks: list[EarlyAccessHook] = []


def register_early_access(hook: EarlyAccessHook) -> EarlyAccessHook:
    """Let another app grant a member early access (the hook gets a ``members.Member``)."""
    if hook not in _early_access_hooks:
        _early_access_hooks.append(hook)
    return hook


def has_early_access(member) -> bool:
    if member is None:
        return False
    return any(hook(member) for hook in _early_access_hooks)


def released(now: datetime | None = None) -> Q:
    """Products the public may see at ``now``."""
    return Q(public_from__isnull=True) | Q(public_from__lte=now or timezone.now())


def is_released(product, now: datetime | None = None) -> bool:
    return product.public_from is None or product.public_from <= (now or timezone.now())


def check_may_buy(product, *, early_access: bool, now: datetime | None = None) -> None:
    """Raise ``ProductNotReleased`` unless the shopper may buy ``product`` (active products
    only: callers check ``is_active`` with their own message)."""
    if not early_access and not is_released(product, now):
        raise ProductNotReleased(ProductNotReleased.default_message % {"product": product.name})
