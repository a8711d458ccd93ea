"""Migration 0002 wrote the site with an explicit id, which leaves the id sequence behind it:
the next site added in the admin collided with id 1. Move the sequence past the rows."""

from django.db import migrations

RESET = """
SELECT setval(pg_get_serial_sequence('django_site', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL)
FROM django_site
"""


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_event_delivery_per_subscriber"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunSQL(RESET, migrations.RunSQL.noop)]
