from django import template
from django.utils.safestring import SafeString, mark_safe

from ..views import stars as stars_html

register = template.Library()


@register.filter
def stars(rating: object) -> SafeString:
    """Five stars with ``rating`` of them filled and the rating in words for screen readers."""
    return mark_safe(stars_html(rating))  # noqa: S308 - built from a number and escaped words
