"""Score every member's RFM and record their segment now (the nightly job, docs/segments.md)."""

from django.core.management.base import BaseCommand

from apps.analytics.segments import members_by_segment, score_members
from apps.ledger.management.commands._as_of import add_as_of, as_of_from


class Command(BaseCommand):
    help = (
        "Score every member on recency, frequency and monetary value over the last 12 months "
        "of paid orders and record their RFM segment (idempotent; the nightly job does the same)."
    )

    def add_arguments(self, parser):
        add_as_of(parser)

    def handle(self, *args, **options):
        as_of = as_of_from(options["as_of"])
        scored = score_members(as_of=as_of)
        self.stdout.write(f"Scored {scored} members as of {as_of:%Y-%m-%d %H:%M %Z}.")
        for segment, members in members_by_segment():
            self.stdout.write(f"  {segment or 'not scored'}: {members}")
