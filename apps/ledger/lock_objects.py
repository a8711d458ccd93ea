"""Row locks for the ledger, always account first (by id), then its lots (by id)."""

from django.db import IntegrityError, transaction

from .models import PointsAccount


def lock_account(member) -> PointsAccount:
    """The member's account row, locked for this transaction (created on first use)."""
    try:
        return PointsAccount.objects.select_for_update().get(member=member)
    except PointsAccount.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            PointsAccount.objects.create(member=member)
    except IntegrityError:  # created by a concurrent transaction meanwhile
        pass
    return PointsAccount.objects.select_for_update().get(member=member)
