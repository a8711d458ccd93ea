from apps.notifications.jobs import remind_expiring_points

from ._job import JobCommand


class Command(JobCommand):
    help = "Remind members of points expiring in 30 and 7 days, as of --as-of (idempotent)."
    done = "Expiring points: {count} new reminders as of {as_of:%Y-%m-%d %H:%M %Z}."
    job = staticmethod(remind_expiring_points)
