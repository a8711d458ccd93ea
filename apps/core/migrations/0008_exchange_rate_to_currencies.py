# Exchange rates moved to the currencies app (its 0001 creates the same proxy model and renames
# the content type). A proxy has no table: nothing in the database changes here.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_job_runs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ExchangeRate")],
        ),
    ]
