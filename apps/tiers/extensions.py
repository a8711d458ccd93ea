"""What tiers ask the apps above them (``apps.core.extensions``): they never import them."""

from collections.abc import Callable

from apps.core.extensions import ExtensionPoint

benefit_lines: ExtensionPoint[Callable[[object], list[str]]] = ExtensionPoint(
    "tiers.benefit_lines",
    "hook(tier) -> more lines for the tier's benefits in the member center, in the active "
    "language, after the tier's own (rewards: the tier's exclusive rewards).",
)
