"""The order lifecycle: which status may follow which. ``services.transition`` enforces it."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError

from .models import OrderStatus as S

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING_PAYMENT: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.PROCESSING, S.SHIPPED, S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.PROCESSING: frozenset({S.SHIPPED, S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.SHIPPED: frozenset({S.COMPLETED, S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.COMPLETED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.PARTIALLY_REFUNDED: frozenset(
        {S.PARTIALLY_REFUNDED, S.REFUNDED, S.PROCESSING, S.SHIPPED, S.COMPLETED}
    ),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}

REFUNDABLE = frozenset({S.PAID, S.PROCESSING, S.SHIPPED, S.COMPLETED, S.PARTIALLY_REFUNDED})


class InvalidTransition(ApplicationError):
    code = "invalid_transition"
    default_message = _("The order cannot move to that status from its current one.")


def can_transition(current: str, target: str) -> bool:
    return target in ALLOWED_TRANSITIONS.get(current, frozenset())
