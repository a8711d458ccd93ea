"""The Fulfilment role's group (#21: moves orders through fulfilment, issues packing lists).
Its permissions are set by ``accounts.roles.sync_roles`` after every migrate."""

from django.db import migrations


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="Fulfilment")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_staff_role_groups")]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
