"""Create at Stripe (``STRIPE_API_BASE``) the product of each membership plan and the price of
each of its prices that has none yet; safe to run again."""

from django.core.management.base import BaseCommand

from apps.memberships.services import sync_plan_prices


class Command(BaseCommand):
    help = "Create the membership plans' products and prices at Stripe (idempotent)."

    def handle(self, *args, **options) -> None:
        created = sync_plan_prices()
        self.stdout.write(f"{created} Stripe price(s) created.")
