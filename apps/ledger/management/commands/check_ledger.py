"""``manage.py check_ledger``: every account's balances against its entries and lots (the
ledger's invariants, ``selectors.accounts_not_adding_up``), in batches of accounts; exits 1
when any does not add up, listing them. ``/readyz`` runs the same check on a sample."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.ledger.selectors import AccountBreak, account_id_bounds, accounts_not_adding_up

BATCH_ACCOUNTS = 20_000
SHOWN = 50


class Command(BaseCommand):
    help = (
        "Check that every points account's balances equal the sum of its entries and what its "
        "lots hold; exit status 1 if any does not."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", type=int, default=BATCH_ACCOUNTS, help="accounts per statement"
        )

    def handle(self, *args: object, batch: int, **options: object) -> None:
        bounds = account_id_bounds()
        broken: list[AccountBreak] = []
        checked_up_to = None
        if bounds is not None:
            low, high = bounds
            for start in range(low, high + 1, batch):
                broken += accounts_not_adding_up(id_range=(start, start + batch - 1))
            checked_up_to = high
        for each in broken[:SHOWN]:
            self.stderr.write(str(each))
        if len(broken) > SHOWN:
            self.stderr.write(f"... and {len(broken) - SHOWN} more")
        if broken:
            raise CommandError(f"{len(broken)} points accounts do not add up")
        scope = f"accounts up to id {checked_up_to}" if checked_up_to else "no accounts"
        self.stdout.write(f"The ledger adds up ({scope}).")
