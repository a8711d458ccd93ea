"""What the ledger plugs into the apps below (``apps.core.extensions``), loaded at start-up."""

from apps.members.extensions import account_closing
from apps.members.models import Member

from . import (
    data_export,  # noqa: F401  (registers its export sections)
    reasons,
    services,
)


@account_closing.register
def forfeit_points_of_closed_account(*, member: Member) -> None:
    """Every point, pending or available, goes in one entry when the member leaves."""
    services.forfeit_all(
        member=member,
        reason=reasons.written(reasons.ACCOUNT_DELETED),
        idempotency_key="account-closed",
    )
