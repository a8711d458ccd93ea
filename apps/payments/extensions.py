"""What payments ask the apps above them (``apps.core.extensions``): they never import them."""

from collections.abc import Callable

from apps.core.extensions import ExtensionPoint

from .payloads import ProviderObject

stripe_event: ExtensionPoint[Callable[[ProviderObject], str | None]] = ExtensionPoint(
    "payments.stripe_event",
    "hook(event) -> an outcome, or None when the event is not the hook's: Stripe events that "
    "are not an order's payment (subscriptions, invoices). Called inside the transaction that "
    "records the verified event once, so the hook's effect happens exactly once; the first "
    "answer that is not None is the event's outcome. Registered by memberships.",
)
