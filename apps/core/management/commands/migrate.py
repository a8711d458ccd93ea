"""``migrate`` as the database's owner role, then the application's role gets its privileges.

Django's command, connected as ``DATABASE_OWNER_URL``'s role for the duration (a no-op without
one); afterwards ``database_roles.grant_application_role`` gives ``DATABASE_URL``'s role what it
may do in what the migrations created.
"""

from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections

from ...database_roles import (
    application_role,
    as_owner,
    grant_application_role,
    has_separate_owner,
)


class Command(DjangoMigrate):
    help = (
        DjangoMigrate.help + " Connects as the owner role (DATABASE_OWNER_URL) and then grants "
        "the application's role (DATABASE_URL) its privileges."
    )

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        with as_owner(connection):
            super().handle(*args, **options)
            if has_separate_owner(connection) and not options.get("plan"):
                grant_application_role(connection, application_role(connection))
