"""Points holds (#19, fraud alerts): while a member is held, the release job leaves their
pending lots pending (``apps/ledger/sql/0022_release_skips_held.sql``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from apps.core.sql_files import sql_file

# Back to 0019's release, which knows no holds.
UNDO_RELEASE = sql_file("ledger", "0019_due.sql")


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0021_entry_created_index"),
        ("members", "0009_address_book"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PointsHold",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("source", models.CharField(max_length=100, verbose_name="source")),
                ("reason", models.CharField(blank=True, max_length=300, verbose_name="reason")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="held since")),
                (
                    "lifted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="lifted at"),
                ),
                (
                    "lifted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="lifted by",
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="points_holds",
                        to="members.member",
                        verbose_name="member",
                    ),
                ),
            ],
            options={
                "verbose_name": "points hold",
                "verbose_name_plural": "points holds",
                "ordering": ("-created_at", "-id"),
                "indexes": [
                    models.Index(
                        condition=models.Q(("lifted_at", None)),
                        fields=["member"],
                        name="points_hold_active",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("member", "source"),
                        name="points_hold_once_per_source",
                        violation_error_message="This member is held for this reason already.",
                    )
                ],
            },
        ),
        migrations.RunSQL(sql_file("ledger", "0022_release_skips_held.sql"), UNDO_RELEASE),
    ]
