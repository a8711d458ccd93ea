from django.db import migrations

from apps.core.system_notes import restore_source_text

# Why a referral was refused, as written (apps.members.referrals), frozen here.
SYSTEM_NOTES = ["Looks like the same buyer"]


def notes_as_source_text(apps, schema_editor):
    """Notes written before this were in the referred buyer's language at sign-up."""
    referrals = apps.get_model("members", "Referral").objects.all()
    restore_source_text(referrals, "note", SYSTEM_NOTES)


class Migration(migrations.Migration):
    dependencies = [("members", "0005_product_views")]

    # Going back leaves the source text: it reads as English, as untranslated notes did.
    operations = [migrations.RunPython(notes_as_source_text, migrations.RunPython.noop)]
