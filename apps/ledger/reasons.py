"""Why points moved, as the system writes it (an order, a refund, a reward) and as each reader
sees it: in their own language, whoever they are.

An entry's ``reason`` holds the message's source text (English, the catalogues' msgid) with its
parameters filled in: "Order 4W5UMK2CEB · Welcome bonus". It is shown through ``shown``, which
recognises the registered messages and re-renders them in the active language: the German
merchant reads "Bestellung 4W5UMK2CEB · Willkommensbonus", the Arabic member the same entry in
Arabic. An earning rule's part is its name in the reader's language (the entry keeps its rule);
other names (a reward's) come from resolvers the owning app registers.

Entries written before were stored in the member's language. The ledger is immutable (a
trigger refuses UPDATE), so they are not rewritten: ``shown`` also recognises every catalogue's
translation of each message and converts them when they are read. Text that matches no message
(staff adjustments, integrators' reasons) is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop

if TYPE_CHECKING:
    from django.db.models import Model

    from .models import LedgerEntry

ORDER = gettext_noop("Order %(number)s")
REFUND = gettext_noop("Refund on order %(number)s")
ORDER_CANCELLED = gettext_noop("Order %(number)s cancelled")
REDEEMED_ON_ORDER = gettext_noop("Redeemed on order %(number)s")
POINTS_EXPIRED = gettext_noop("Points expired")  # the expiry job passes it to its SQL function
NOT_TAKEN_BACK = gettext_noop("(%(missing)s points already spent could not be taken back)")
ACCOUNT_DELETED = gettext_noop("Account deleted")
DEMO_POINTS = gettext_noop("Demo points")  # seed_demo's
OPENING_BALANCE = gettext_noop("Opening balance from the previous programme")  # openings.py
# Merging duplicate companies (``companies.merge_companies``, the ledger's hook).
MERGED_INTO = gettext_noop("Company merged into %(company)s")
MERGED_FROM = gettext_noop("Points of %(company)s, merged into this company")
SEPARATOR = " · "

_messages: list[str] = [
    ORDER,
    REFUND,
    ORDER_CANCELLED,
    REDEEMED_ON_ORDER,
    POINTS_EXPIRED,
    ACCOUNT_DELETED,
    DEMO_POINTS,
    OPENING_BALANCE,
    MERGED_INTO,
    MERGED_FROM,
]
_suffixes: list[str] = [NOT_TAKEN_BACK]
# parameter name -> function(stored value) -> the value in the active language, or None
_names: dict[str, Callable[[str], str | None]] = {}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def register(*messages: str, names: dict[str, Callable[[str], str | None]] | None = None) -> None:
    """Let another app write reasons of its own (marked with ``gettext_noop``), and say how a
    parameter that names one of its objects reads in the active language."""
    for message in messages:
        if message not in _messages:
            _messages.append(message)
    _names.update(names or {})
    _patterns.cache_clear()


def written(message: str, **parameters: object) -> str:
    """The reason to store: ``message``'s source text with its parameters."""
    return message % parameters if parameters else message


def with_rule(reason: str, rule_name: str) -> str:
    return f"{reason}{SEPARATOR}{rule_name}" if reason else rule_name


def source_name(instance: Model, field: str = "name") -> str:
    """A translated field (modeltranslation) in the source language, to store in a reason."""
    return str(
        getattr(instance, f"{field}_{settings.LANGUAGE_CODE}", None) or getattr(instance, field)
    )


def shown(entry: LedgerEntry) -> str:
    """``entry.reason`` in the active language (see the module)."""
    if not entry.reason:
        return ""
    rule_names = _rule_names(entry)
    parts = [
        _shown_rule(part, entry) if part in rule_names else _shown_part(part)
        for part in entry.reason.split(SEPARATOR)
    ]
    return SEPARATOR.join(parts)


def _rule_names(entry: LedgerEntry) -> set[str]:
    rule = entry.rule if entry.rule_id else None
    if rule is None:
        return set()
    codes = [code.replace("-", "_") for code, _name in settings.LANGUAGES]
    return {name for name in (getattr(rule, f"name_{code}", "") for code in codes) if name}


def _shown_rule(part: str, entry: LedgerEntry) -> str:
    rule = entry.rule  # set: ``part`` is one of its names
    return (rule.name if rule is not None else "") or part


def _shown_part(part: str) -> str:
    for message, pattern in _patterns()["suffixes"]:  # before a message swallows the suffix
        match = pattern.fullmatch(part)
        if match:
            values = match.groupdict()
            head = values.pop("head")
            return f"{_shown_part(head)} {_render(message, values)}"
    for message, pattern in _patterns()["messages"]:
        match = pattern.fullmatch(part)
        if match:
            return _render(message, match.groupdict())
    return part


def _render(message: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        resolve = _names.get(name)
        if resolve is not None:
            values[name] = resolve(value) or value
    return translation.gettext(message) % values if values else translation.gettext(message)


@cache
def _patterns() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """For every message, a pattern per language it may be stored in (source and catalogues)."""
    found = {
        "messages": [(m, p) for m in _messages for p in _variants(m, suffix=False)],
        "suffixes": [(m, p) for m in _suffixes for p in _variants(m, suffix=True)],
    }
    # The most specific first: "Order X cancelled" is not "Order %(number)s" with "X cancelled".
    for patterns in found.values():
        patterns.sort(key=lambda item: -len(PLACEHOLDER.sub("", item[1].pattern)))
    return found


def _variants(message: str, *, suffix: bool) -> list[re.Pattern[str]]:
    texts = {message}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.add(translation.gettext(message))
    return [_pattern(text, suffix=suffix) for text in sorted(texts)]


def _pattern(text: str, *, suffix: bool) -> re.Pattern[str]:
    pieces = PLACEHOLDER.split(text)  # literal, name, literal, name, ..., literal
    expression = "".join(
        re.escape(piece) if index % 2 == 0 else f"(?P<{piece}>.+?)"
        for index, piece in enumerate(pieces)
    )
    return re.compile(rf"(?P<head>.+?)\s*{expression}" if suffix else expression, re.DOTALL)
