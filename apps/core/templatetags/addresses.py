"""``{% postal_address order prefix="ship_to_" %}``: an address in its country's order
(``apps.core.addresses``), each line with its own direction (a Latin address on an Arabic page
stays readable)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from apps.core.addresses import address_lines, address_of

register = template.Library()


@register.simple_tag
def postal_address(instance, prefix: str = ""):
    lines = address_lines(address_of(instance, prefix))
    return format_html(
        "<address>{}</address>",
        format_html_join(
            mark_safe("<br>"), '<span dir="auto">{}</span>', ((line,) for line in lines)
        ),
    )
