"""Tier changes' reasons back to their source text (shown in the reader's language since then).

Written before in the language active when the re-evaluation or the qualifying order ran. The
translations are frozen here: migrate runs before compilemessages on a new machine.
"""

from django.db import migrations

from apps.core.system_notes import restore_source_text

TRANSLATED = {
    "Qualified": [
        "已达到等级条件",
        "Qualifiziert",
        "Qualification obtenue",
        "Requisitos cumplidos",
        "استيفاء شروط التأهل",
        "ランク条件を達成",
        "Requisitos atendidos",
        "Выполнены условия получения уровня",
    ],
    "Retention threshold not met": [
        "未达到保级门槛",
        "Schwelle für den Stufenerhalt nicht erreicht",
        "Seuil de maintien non atteint",
        "Umbral de permanencia no alcanzado",
        "عدم استيفاء حد الاحتفاظ بالمستوى",
        "ランク維持基準未達",
        "Limite de manutenção não atingido",
        "Не выполнен порог сохранения уровня",
    ],
}


def reasons_as_source_text(apps, schema_editor):
    changes = apps.get_model("tiers", "TierChange").objects.all()
    restore_source_text(changes, "reason", TRANSLATED)


class Migration(migrations.Migration):
    dependencies = [("tiers", "0002_translated_field_labels")]

    # Going back leaves the source text: it reads as English, as untranslated reasons did.
    operations = [migrations.RunPython(reasons_as_source_text, migrations.RunPython.noop)]
