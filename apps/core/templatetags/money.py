"""``{{ order.total|money }}``, ``{{ amount|money:currency }}``: an amount in the reader's locale,
isolated so right-to-left text cannot reorder it (``apps.core.formatting``)."""

from django import template
from djmoney.money import Money

from apps.core import formatting

register = template.Library()


@register.filter(needs_autoescape=True)
def money(value, currency: str | None = None, autoescape: bool = True) -> str:
    """In HTML ``<bdi dir="ltr">US$35.00</bdi>``; in plain text (``autoescape off``: e-mails)
    the Unicode isolates around it in right-to-left languages."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Money):
        value = Money(value, currency)
    text = formatting.money_text(value)
    return formatting.isolated_html(text) if autoescape else formatting.isolated(text)


@register.filter(needs_autoescape=True)
def deduction(value, currency: str | None = None, autoescape: bool = True) -> str:
    """An amount taken off (a discount), with its minus sign inside the isolated amount."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Money):
        value = Money(value, currency)
    return money(-value, autoescape=autoescape)
