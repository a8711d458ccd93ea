from django.core.management.base import BaseCommand

from apps.ledger.management.commands._as_of import add_as_of, as_of_from
from apps.tiers.services import reevaluate_all


class Command(BaseCommand):
    help = "Re-evaluate every member's tier (upgrades, grace periods, downgrades); idempotent."

    def add_arguments(self, parser):
        add_as_of(parser)

    def handle(self, *args, **options):
        as_of = as_of_from(options["as_of"])
        changes = reevaluate_all(as_of=as_of)
        self.stdout.write(f"{changes} tier changes as of {as_of:%Y-%m-%d %H:%M %Z}.")
