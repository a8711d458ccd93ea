from apps.notifications.jobs import re_engage_at_risk_members

from ._job import JobCommand


class Command(JobCommand):
    help = "Email 'at risk' members (high balance, no activity) their balance (idempotent)."
    done = "Re-engagement: {count} new notifications as of {as_of:%Y-%m-%d %H:%M %Z}."
    job = staticmethod(re_engage_at_risk_members)
