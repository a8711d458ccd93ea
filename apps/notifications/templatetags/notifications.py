"""``{% unread_notifications as count %}``: the signed-in member's unread inbox items."""

from django import template

from apps.members.selectors import member_of

from ..selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    return unread_count(member_of(request.user)) if request is not None else 0
