"""``python manage.py create_api_key --name ERP --scopes members:read,points:write``

Prints the key's details; the last line ends with the key itself, shown only this once (scripts
take the last word).
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.errors import ApplicationError

from ...keys import create_api_key
from ...models import DEFAULT_MAX_POINTS_PER_CALL, DEFAULT_MAX_POINTS_PER_DAY
from ...scopes import ALL_SCOPES


class Command(BaseCommand):
    help = "Create an API key for an integration; the key is printed once, last."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="Who uses the key, e.g. 'ERP'.")
        parser.add_argument(
            "--scopes",
            required=True,
            help=f"Comma-separated scopes, or 'all': {', '.join(ALL_SCOPES)}.",
        )
        parser.add_argument(
            "--rate-limit", type=int, default=None, help="Requests per minute for this key."
        )
        parser.add_argument(
            "--max-points-per-call",
            type=int,
            default=DEFAULT_MAX_POINTS_PER_CALL,
            help=f"Most points one earn may give (default {DEFAULT_MAX_POINTS_PER_CALL}).",
        )
        parser.add_argument(
            "--max-points-per-day",
            type=int,
            default=DEFAULT_MAX_POINTS_PER_DAY,
            help=f"Most points its earns give per day (default {DEFAULT_MAX_POINTS_PER_DAY}).",
        )

    def handle(
        self,
        *args: object,
        name: str,
        scopes: str,
        rate_limit: int | None,
        max_points_per_call: int,
        max_points_per_day: int,
        **options: object,
    ) -> None:
        wanted = (
            ALL_SCOPES
            if scopes.strip() == "all"
            else [scope.strip() for scope in scopes.split(",") if scope.strip()]
        )
        if not wanted:
            raise CommandError("Give at least one scope.")
        if min(max_points_per_call, max_points_per_day) < 1:
            raise CommandError("Points limits are at least 1.")
        try:
            created = create_api_key(
                name=name,
                scopes=wanted,
                rate_limit=rate_limit,
                max_points_per_call=max_points_per_call,
                max_points_per_day=max_points_per_day,
            )
        except ApplicationError as error:
            raise CommandError(str(error.message)) from error
        api_key = created.api_key
        self.stdout.write(f"Created API key {api_key.name!r} (prefix {api_key.prefix}).")
        self.stdout.write(f"Scopes: {', '.join(api_key.scopes)}")
        self.stdout.write(
            f"Points limits: {api_key.max_points_per_call} per call, "
            f"{api_key.max_points_per_day} per day."
        )
        self.stdout.write("Store it now: it is not shown again.")
        self.stdout.write(f"API key: {created.key}")
