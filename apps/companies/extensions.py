"""What the companies app asks the apps above it (``apps.core.extensions``): it never imports
them."""

from collections.abc import Callable
from typing import Any

from apps.core.extensions import ExtensionPoint

company_merging: ExtensionPoint[Callable[..., dict[str, Any] | None]] = ExtensionPoint(
    "companies.company_merging",
    "Called as hook(merged=, survivor=, actor=) while duplicate companies are merged, in the "
    "merge's transaction, after the members moved: each app moves what it holds for the merged "
    "company (the ledger its points account, tiers re-evaluate the survivor's buyers) and may "
    "answer what it moved (a dict, kept in the merge's audit record). Keyed by app.",
    keyed=True,
)
