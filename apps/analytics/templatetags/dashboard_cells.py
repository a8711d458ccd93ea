"""A dashboard table's cell as the reader's language writes it, kept whole in right-to-left
text (``apps/core/formatting.py``)."""

from django import template
from djmoney.money import Money

from apps.analytics.dashboard_tables import Percent, Signed
from apps.core.formatting import (
    isolated_html,
    money_text,
    number_text,
    percent_text,
    signed_number_text,
)

register = template.Library()


@register.filter
def cell(value):
    if value is None:
        return "—"
    if isinstance(value, Percent):
        return isolated_html(percent_text(value))
    if isinstance(value, Signed):
        return isolated_html(signed_number_text(value))
    if isinstance(value, Money):
        return isolated_html(money_text(value))
    if isinstance(value, int):
        return isolated_html(number_text(value))
    return value
