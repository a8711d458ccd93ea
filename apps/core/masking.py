"""Masking of personal data for staff who may not see it in full (the Support role).

Models name their personal fields once (``PERSONAL_DATA = {"phone": "text", ...}``, kinds
``email``, ``text``, ``address``); the admin shows those fields masked wherever they appear
(lists, detail pages, inlines, search results, exports) while masking is on for the request
(``accounts.middleware.PersonalDataMaskingMiddleware`` turns it on for staff without
``accounts.view_personal_data``), and models whose ``__str__`` shows an e-mail mask it through
``email`` below, so a member named in any list or CSV is masked too. Off by default: jobs, the
API and the storefront never mask.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

MASK = "***"
_active: ContextVar[bool] = ContextVar("mask_personal_data", default=False)


def active() -> bool:
    return _active.get()


@contextmanager
def masking(on: bool = True) -> Iterator[None]:
    token = _active.set(on)
    try:
        yield
    finally:
        _active.reset(token)


def mask_email(value: str) -> str:
    """``hans.meier@example.de`` -> ``h***@example.de`` (the domain says which company)."""
    local, at, domain = (value or "").partition("@")
    if not at:
        return mask_text(value)
    return f"{local[:1]}{MASK}@{domain}"


def mask_text(value: str) -> str:
    """Phone numbers, tax ids: the first two and last two characters (``DE***89``); shorter
    values are masked whole."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= 6:
        return MASK
    return f"{value[:2]}{MASK}{value[-2:]}"


def mask_address(value: str) -> str:
    """Names, streets, free-text addresses: the first letter only."""
    value = (value or "").strip()
    return f"{value[:1]}{MASK}" if value else ""


MASKERS = {"email": mask_email, "text": mask_text, "address": mask_address}


def masked(value, kind: str):
    """``value`` masked as ``kind`` when masking is on, else unchanged."""
    if not active() or value in (None, ""):
        return value
    return MASKERS[kind](str(value))


def email(value: str) -> str:
    return masked(value, "email")
