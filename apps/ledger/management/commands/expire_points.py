from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from apps.ledger.jobs import expire_due_lots, release_due_lots

from ._as_of import add_as_of, as_of_from


class Command(BaseCommand):
    help = "Expire what remains of points lots due by --as-of (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_as_of(parser)

    def handle(self, *args: object, **options: Any) -> None:
        as_of = as_of_from(options["as_of"])
        release_due_lots(as_of=as_of, now=as_of)
        accounts = expire_due_lots(as_of=as_of, now=as_of)
        self.stdout.write(f"Expired points on {accounts} accounts as of {as_of:%Y-%m-%d %H:%M %Z}.")
