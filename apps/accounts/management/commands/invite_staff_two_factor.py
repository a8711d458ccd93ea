"""``python manage.py invite_staff_two_factor admin@example.com [--email]``

Prints a link with which the staff member sets up two-factor authentication (send it to them
yourself), or emails it to them with ``--email``. For a new installation's first superuser too.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.accounts import two_factor
from apps.accounts.models import User
from apps.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Create a single-use, expiring link for a staff member to set up two-factor auth."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The staff member's email address.")
        parser.add_argument(
            "--email",
            dest="send",
            action="store_true",
            help="Email the link to the staff member instead of printing it.",
        )

    def handle(self, *args, email: str, send: bool, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with the email address {email}.")
        try:
            if send:
                two_factor.email_invitation(user=user)
                self.stdout.write(f"Emailed a set-up link to {user.email}.")
                return
            link = two_factor.create_invitation(user=user)
        except ApplicationError as error:
            raise CommandError(str(error.message)) from error
        hours = settings.STAFF_TWO_FACTOR_INVITATION_HOURS
        self.stdout.write(
            f"Set-up link for {user.email}: it works once, within {hours} hours, after they sign "
            "in with their password:"
        )
        self.stdout.write(link)
