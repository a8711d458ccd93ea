from django.db import migrations, models


def backfill_keys(apps, schema_editor):
    """Earlier redemptions kept their key only on the ledger entry that paid for them."""
    Redemption = apps.get_model("rewards", "Redemption")
    LedgerEntry = apps.get_model("ledger", "LedgerEntry")
    for redemption in Redemption.objects.all().iterator():
        key = (
            LedgerEntry.objects.filter(
                source=f"redemption:{redemption.pk}", idempotency_key__startswith="redeem:"
            )
            .values_list("idempotency_key", flat=True)
            .first()
        )
        redemption.idempotency_key = (
            key.removeprefix("redeem:") if key else f"legacy:{redemption.pk}"
        )
        redemption.save(update_fields=["idempotency_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0001_initial"),
        ("rewards", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="redemption",
            name="idempotency_key",
            field=models.CharField(default="", editable=False, max_length=200),
            preserve_default=False,
        ),
        migrations.RunPython(backfill_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="redemption",
            constraint=models.UniqueConstraint(
                fields=("member", "idempotency_key"), name="redemption_member_key_unique"
            ),
        ),
    ]
