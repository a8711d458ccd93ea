"""Row locks for issuing documents, always in the same order: the order, then the counter."""

from .models import NumberSequence


def lock_sequence(*, series: str, year: int) -> NumberSequence:
    """The counter row of ``series`` in ``year``, created at 0 if missing, locked FOR UPDATE.

    The insert is ``ON CONFLICT DO NOTHING``: two transactions opening a year at once both go
    on to lock the one row (the second waits for the first to commit)."""
    NumberSequence.objects.bulk_create(
        [NumberSequence(series=series, year=year)], ignore_conflicts=True
    )
    return NumberSequence.objects.select_for_update().get(series=series, year=year)
