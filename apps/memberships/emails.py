"""The reminder after a failed membership payment, in the member's language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from apps.core import formatting

from .models import MembershipInvoice


def payment_reminder(invoice: MembershipInvoice) -> EmailMessage:
    subscription = invoice.subscription
    member = subscription.member
    with translation.override(member.preferred_language):
        path = reverse("members:membership")
        grace_until = subscription.grace_until
        until = formats.date_format(grace_until.astimezone(), "DATE_FORMAT") if grace_until else ""
        lines = [
            _("We could not charge %(amount)s for your %(plan)s membership.")
            % {"amount": formatting.money(invoice.money), "plan": subscription.plan.name},
            _(
                "Your benefits continue until %(date)s. Please update your payment method "
                "before then so that they do not stop."
            )
            % {"date": until},
            _("Manage your membership: %(url)s")
            % {"url": f"{settings.SITE_URL.rstrip('/')}{path}"},
        ]
        return EmailMessage(
            subject=_("Your membership payment failed"),
            body="\n\n".join(lines) + "\n",
            to=[member.user.email],
            headers={
                "Auto-Submitted": "auto-generated",
                "Content-Language": member.preferred_language,
            },
        )
