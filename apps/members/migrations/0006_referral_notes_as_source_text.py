from django.db import migrations

from apps.core.system_notes import restore_source_text

# Why a referral was refused (apps.members.referrals) and its translations as the catalogues
# had them, frozen here: migrate runs before compilemessages on a new machine.
TRANSLATED = {
    "Looks like the same buyer": [
        "疑似同一买家",
        "Offenbar derselbe Käufer",
        "Semble être le même acheteur",
        "Parece ser el mismo comprador",
        "يبدو أنه المشتري نفسه",
        "同一の購入者と判断されました",
        "Parece ser o mesmo comprador",
        "Похоже, это тот же покупатель",
    ],
}


def notes_as_source_text(apps, schema_editor):
    """Notes written before this were in the referred buyer's language at sign-up."""
    referrals = apps.get_model("members", "Referral").objects.all()
    restore_source_text(referrals, "note", TRANSLATED)


class Migration(migrations.Migration):
    dependencies = [("members", "0005_product_views")]

    # Going back leaves the source text: it reads as English, as untranslated notes did.
    operations = [migrations.RunPython(notes_as_source_text, migrations.RunPython.noop)]
