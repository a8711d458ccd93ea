import pytest

from apps.risk.models import AlertThresholds


@pytest.fixture
def thresholds(db):
    """The thresholds row, with every signal at a small number; what a test changes applies
    at once."""
    AlertThresholds.forget_cached()
    row, _created = AlertThresholds.objects.update_or_create(
        pk=1,
        defaults={
            "points_per_day": 1000,
            "referrals_per_day": 3,
            "accounts_per_device": 3,
            "accounts_per_card": 2,
            "accounts_per_address": 3,
            "shared_window_days": 30,
            "hold_points": True,
        },
    )
    yield row
    AlertThresholds.forget_cached()
