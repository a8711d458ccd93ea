"""``{{ amount|money:currency }}``: a Decimal amount shown as money in the active locale."""

from django import template
from djmoney.money import Money

register = template.Library()


@register.filter
def money(amount, currency: str) -> str:
    if amount is None or amount == "":
        return ""
    return str(Money(amount, currency))
