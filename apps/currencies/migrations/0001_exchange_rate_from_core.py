# The merchant's exchange rates (a proxy of djmoney's Rate) move from core to currencies (#17
# layers). A proxy has no table: only the migration state moves, and the content type is renamed
# so that staff permissions on exchange rates (and admin log entries) stay attached.
from django.db import migrations


def move_content_type(apps, schema_editor, source="core", target="currencies"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    moved = ContentType.objects.filter(app_label=source, model="exchangerate")
    if not ContentType.objects.filter(app_label=target, model="exchangerate").exists():
        moved.update(app_label=target)


def move_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="currencies", target="core")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("exchange", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0008_exchange_rate_to_currencies"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ExchangeRate",
                    fields=[],
                    options={
                        "verbose_name": "exchange rate",
                        "verbose_name_plural": "exchange rates",
                        "proxy": True,
                        "indexes": [],
                        "constraints": [],
                    },
                    bases=("exchange.rate",),
                ),
            ],
        ),
        migrations.RunPython(move_content_type, move_back),
    ]
