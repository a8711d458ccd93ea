"""The staff roles' groups (Support, Programme manager, Finance). Their permissions are set by
``accounts.roles.sync_roles`` after every migrate, when every app's permissions exist."""

from django.db import migrations

GROUPS = ("Support", "Programme manager", "Finance")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_staff_role_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
