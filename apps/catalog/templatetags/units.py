"""``{{ product.minimum_order_quantity|of_unit:product }}``,
``{{ line.quantity|of_unit:line.unit }}``: a count with its unit, pluralised and grouped for
the reader (``apps.catalog.units``)."""

from django import template

from apps.catalog.units import quantity_html, quantity_text

register = template.Library()


@register.filter(needs_autoescape=True)
def of_unit(count, unit, autoescape: bool = True) -> str:
    if count is None or count == "":
        return ""
    return quantity_html(count, unit) if autoescape else quantity_text(count, unit)
