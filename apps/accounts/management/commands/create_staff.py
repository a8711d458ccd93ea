"""``python manage.py create_staff --email E --role support|manager|finance|fulfilment``

Creates a staff account with the role (or moves an existing account to it) and prints a
one-time password and a two-factor set-up link: staff sign in with both, and set a password of
their own ("forgot password" or the account page). Two-factor stays mandatory.
"""

from django.core.management.base import BaseCommand, CommandError

from apps.accounts import two_factor
from apps.accounts.roles import ROLES, create_staff
from apps.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Create a staff account with a role: support, manager, finance or fulfilment."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The staff member's email address.")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))

    def handle(self, *args, email: str, role: str, **options):
        try:
            user, password = create_staff(email=email, role=role)
            link = None if two_factor.has_totp(user) else two_factor.create_invitation(user=user)
        except ApplicationError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(f"{user.email}: {ROLES[role].group}.")
        if password:
            self.stdout.write(f"One-time password (shown once): {password}")
        else:
            self.stdout.write("The account existed: its password is unchanged.")
        if link:
            self.stdout.write(f"Two-factor set-up link (works once): {link}")
