# The referral reward's subscriber moved from the members app to rewards (layers, #17): its
# waiting deliveries (failed and due again) follow it under its new key, so none is left behind.
from django.db import migrations

OLD = "apps.members.subscribers.reward_referral"
NEW = "apps.rewards.subscribers.reward_referral"


def follow(apps, schema_editor, old=OLD, new=NEW):
    EventDelivery = apps.get_model("core", "EventDelivery")
    EventDelivery.objects.filter(subscriber=old).update(subscriber=new)


def back(apps, schema_editor):
    follow(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("rewards", "0004_constraint_messages"),
        ("core", "0007_job_runs"),
    ]

    operations = [migrations.RunPython(follow, back)]
