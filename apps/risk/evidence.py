"""What an alert's evidence says, in the reader's language (the admin and the e-mail)."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core import formatting

from .models import Alert, Signal


def _day(window: str) -> str:
    return date_format(date.fromisoformat(window), "SHORT_DATE_FORMAT")


def summary(alert: Alert) -> str:
    """One sentence: what crossed which threshold."""
    evidence = alert.evidence
    threshold = formatting.number(evidence.get("threshold", 0))
    if alert.signal == Signal.POINTS:
        return _("%(points)s points earned on %(day)s (threshold %(threshold)s).") % {
            "points": formatting.number(evidence.get("points", 0)),
            "day": _day(alert.window),
            "threshold": threshold,
        }
    if alert.signal == Signal.REFERRALS:
        count = evidence.get("referrals", 0)
        return ngettext(
            "%(count)s member referred on %(day)s.",
            "%(count)s members referred on %(day)s.",
            count,
        ) % {"count": formatting.number(count), "day": _day(alert.window)}
    count = len(evidence.get("members", []))
    text = ngettext("%(count)s account shares it.", "%(count)s accounts share it.", count) % {
        "count": formatting.number(count)
    }
    if alert.signal == Signal.CARD:
        card = _("Card fingerprint: %(card)s") % {"card": formatting.code(evidence.get("card", ""))}
        return f"{text} {card}"
    return text
