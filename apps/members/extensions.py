"""What the members app asks the apps above it (``apps.core.extensions``)."""

from collections.abc import Callable
from typing import Any

from apps.core.extensions import ExtensionPoint

from .models import Member

data_export_section: ExtensionPoint[Callable[[Member], Any]] = ExtensionPoint(
    "members.data_export_section",
    "A named section of a member's data export: hook(member) gives its JSON-ready value. "
    "Every app that records something about a member registers one in its data_export.py "
    "(imported by its hooks.py), so the export knows none of them.",
    keyed=True,
)

account_closing: ExtensionPoint[Callable[..., None]] = ExtensionPoint(
    "members.account_closing",
    "Called as hook(member=) inside close_account's transaction, before the profile is "
    "erased: what other apps erase or forfeit with the account (the ledger forfeits the "
    "points, checkout drops the cart). Raising rolls the closure back.",
)

signed_in: ExtensionPoint[Callable[..., None]] = ExtensionPoint(
    "members.signed_in",
    "Called as hook(request=, member=) after a member signs in (checkout adopts the guest cart).",
)

signed_up: ExtensionPoint[Callable[..., None]] = ExtensionPoint(
    "members.signed_up",
    "Called as hook(request=, member=) after someone joins through a sign-up page (risk notes "
    "the device).",
)
