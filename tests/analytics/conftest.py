from datetime import datetime

import pytest
from django.utils import timezone

from tests.integrations.conftest import client_for, make_key  # noqa: F401 - the API's fixtures


class Clock:
    """The time every ``timezone.now()`` answers while a test runs: services, auto_now fields
    and the rollups all read it, so a test can write several days of history."""

    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> None:
        self.at = at


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", clock)
    return clock
