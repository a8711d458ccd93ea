"""Who may see and buy a product: early access before its public date.

A product with ``public_from`` in the future is new and not yet released: only shoppers with
early access (the loyalty programme's tiers say who, through the ``catalog.early_access``
extension point) see and buy it until then; from that moment on, everyone does. The catalogue
never imports the programme: it asks the registered hooks.
"""

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from .errors import ProductNotReleased
from .extensions import early_access


def has_early_access(member) -> bool:
    if member is None:
        return False
    return any(hook(member) for hook in early_access.hooks())


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
