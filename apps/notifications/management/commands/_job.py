"""The shape of the notification jobs' operator commands: run the job for ``--as-of``."""

from django.core.management.base import BaseCommand

from apps.ledger.management.commands._as_of import add_as_of, as_of_from


class JobCommand(BaseCommand):
    done = "{count} new notifications as of {as_of:%Y-%m-%d %H:%M %Z}."

    @staticmethod
    def job(*, as_of) -> int:
        raise NotImplementedError

    def add_arguments(self, parser):
        add_as_of(parser)

    def handle(self, *args, **options):
        as_of = as_of_from(options["as_of"])
        self.stdout.write(self.done.format(count=self.job(as_of=as_of), as_of=as_of))
