"""What a plan gives, in words of the active language (the plans on the membership page)."""

from django.utils.translation import gettext as _

from apps.core import formatting

from .models import Plan


def benefit_texts(plan: Plan) -> list[str]:
    texts = []
    if plan.points_multiplier > 1:
        texts.append(
            _("%(multiplier)s× points on every purchase")
            % {"multiplier": formatting.number(plan.points_multiplier.normalize())}
        )
    if plan.discount_percent > 0:
        texts.append(
            _("%(percent)s member discount on every price")
            % {"percent": formatting.isolated(formatting.percent_text(plan.discount_percent))}
        )
    if plan.free_shipping:
        texts.append(_("Free shipping on every order"))
    return texts
