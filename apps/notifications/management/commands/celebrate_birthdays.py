from apps.notifications.jobs import celebrate_birthdays

from ._job import JobCommand


class Command(JobCommand):
    help = (
        "Birthday points and greetings for members whose birthday it is at --as-of in their "
        "own time zone (idempotent: once a year)."
    )
    done = "Birthdays: {count} new greetings as of {as_of:%Y-%m-%d %H:%M %Z}."
    job = staticmethod(celebrate_birthdays)
