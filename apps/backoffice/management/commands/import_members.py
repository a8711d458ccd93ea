"""``python manage.py import_members FILE.csv [--dry-run]``: members and their opening balances
from the programme the merchant used before (``backoffice.member_import``)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.backoffice.member_import import FileRefused, Report, check_file, import_file


class Command(BaseCommand):
    help = (
        "Import members with their opening points and tiers from a CSV file (columns: email, "
        "first_name, last_name, company, country, language, customer_type, points, "
        "points_expire_at, tier, external_id). Bad rows are listed with their line numbers and "
        "skipped; importing the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row and write nothing."
        )

    def handle(self, *args: object, file: Path, dry_run: bool, **options: object) -> None:
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        try:
            report = check_file(content) if dry_run else import_file(content)
        except FileRefused as refused:
            raise CommandError(str(refused)) from refused
        for bad in report.errors:
            self.stderr.write(f"line {bad.line}: {bad.message}")
        self.stdout.write(_summary(report, dry_run=dry_run))


def _summary(report: Report, *, dry_run: bool) -> str:
    if dry_run:
        return (
            f"Dry run, nothing written: {len(report.rows)} good rows ({report.new_members} new "
            f"members, {report.existing_members} already members, {report.points} points), "
            f"{len(report.errors)} bad rows."
        )
    return (
        f"Imported: {report.created} new members, {report.matched} already members, "
        f"{report.balances_opened} opening balances, {report.tiers_set} tier changes; "
        f"{len(report.errors)} bad rows skipped."
    )
