from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from config.schedules import SCHEDULES


class Command(BaseCommand):
    help = "Install the product's periodic jobs for Celery beat, leaving existing ones untouched."

    @transaction.atomic
    def handle(self, *args, **options):
        for job in SCHEDULES:
            if PeriodicTask.objects.filter(name=job["name"]).exists():
                continue
            crontab, _created = CrontabSchedule.objects.get_or_create(
                timezone="UTC",
                **{"day_of_week": "*", "day_of_month": "*", "month_of_year": "*", **job["crontab"]},
            )
            PeriodicTask.objects.create(name=job["name"], task=job["task"], crontab=crontab)
            self.stdout.write(f"Scheduled {job['name']} ({job['task']})")
