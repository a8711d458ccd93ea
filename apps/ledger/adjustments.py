"""Staff adjustments: every one recorded (the audit list), applied at once while the staff
member's adjustments to the account stay within the programme's threshold over its rolling
window, else waiting for a second approver. Nobody adjusts their own account or approves their
own request; an API key acts for the staff member who created it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Abs
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.companies.models import CompanyMember

from . import services
from .errors import ApprovalRequired, InvalidPoints, OwnAccount
from .holders import Holder, company_holder, holder_of
from .lock_objects import lock_account_of
from .models import AdjustmentRequest, AdjustmentStatus, Programme

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from apps.accounts.models import User
    from apps.companies.models import Company
    from apps.members.models import Member


# Who may adjust points in the admin: the Programme manager role (``accounts.roles``) and
# superusers; the approval rules below still apply to them.
ADJUST_PERMISSIONS = ("ledger.change_pointsaccount", "ledger.add_adjustmentrequest")


def may_adjust(user: User | AnonymousUser) -> bool:
    return any(user.has_perm(permission) for permission in ADJUST_PERMISSIONS)


@transaction.atomic
def request_adjustment(
    *,
    member: Member | None,
    points: int,
    reason: str,
    requested_by: User | None,
    api_key_prefix: str = "",
    reference: str = "",
    company: Company | None = None,
) -> AdjustmentRequest:
    """Record an adjustment of ``member``'s points by ``requested_by`` (a staff user; None for
    an API key no staff member created, named by ``api_key_prefix``); apply it now if it keeps
    the requester's adjustments to this account over the programme's window within the
    approval threshold (absolute points, applied without a second approver), else leave it
    awaiting approval.

    The member's account is locked first, so two requests at once are counted one after the
    other. Raises ``InvalidPoints`` (no reason, zero points), ``OwnAccount`` (the requester is
    the member) or ``InsufficientPoints`` for a debit the member cannot cover (nothing is
    recorded then).
    """
    if not isinstance(points, int) or points == 0 or not reason.strip():
        raise InvalidPoints(
            _("An adjustment needs a number of points other than zero and a reason.")
        )
    if (member is None) == (company is None):  # a caller's mistake
        raise TypeError("an adjustment is of a member or of a company")
    if requested_by is not None and _own(requested_by, member=member, company=company):
        raise OwnAccount()
    now = timezone.now()
    # Serialises the account's adjustments (the sum below).
    lock_account_of(_holder(member, company), now=now)
    programme = Programme.current()
    since = now - timedelta(hours=programme.adjustment_window_hours)
    applied = _applied_without_approval(
        member=member,
        company=company,
        requested_by=requested_by,
        api_key_prefix=api_key_prefix,
        since=since,
    )
    request = AdjustmentRequest.objects.create(
        member=member,
        company=company,
        points=points,
        reason=reason,
        requested_by=requested_by,
        api_key_prefix=api_key_prefix,
        reference=reference,
    )
    if applied + abs(points) <= programme.adjustment_approval_threshold:
        _apply(request, decided_by=None)
    return request


@transaction.atomic
def approve_adjustment(*, request: AdjustmentRequest, approver: User) -> AdjustmentRequest:
    """A second staff member approves a waiting adjustment; it is applied at once.

    Raises ``ApprovalRequired`` if ``approver`` requested it, ``OwnAccount`` if the account is
    the approver's, ``InsufficientPoints`` for a debit the member can no longer cover."""
    request = (
        AdjustmentRequest.objects.select_for_update(of=("self",))
        .select_related("member", "company")
        .get(pk=request.pk)
    )
    if request.status != AdjustmentStatus.AWAITING_APPROVAL:
        return request
    if approver.pk == request.requested_by_id:
        raise ApprovalRequired(_("You cannot approve your own adjustment."))
    if _own(approver, member=request.member, company=request.company):
        raise OwnAccount()
    return _apply(request, decided_by=approver)


@transaction.atomic
def reject_adjustment(*, request: AdjustmentRequest, decided_by: User) -> AdjustmentRequest:
    """Reject a waiting adjustment (nothing is applied); a decided one is left as it is."""
    request = AdjustmentRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == AdjustmentStatus.AWAITING_APPROVAL:
        request.status = AdjustmentStatus.REJECTED
        request.decided_by, request.decided_at = decided_by, timezone.now()
        request.save(update_fields=["status", "decided_by", "decided_at"])
    return request


def _own(user: User, *, member: Member | None, company: Company | None) -> bool:
    """True when the account is ``user``'s: their member account, or their company's."""
    if member is not None:
        return member.user_id == user.pk
    return CompanyMember.objects.filter(company=company, member__user_id=user.pk).exists()


def _holder(member: Member | None, company: Company | None) -> Holder:
    """The adjusted account: a company's own, or the one ``member``'s points go to."""
    if company is not None:
        return company_holder(company)
    if member is None:  # a caller's mistake
        raise TypeError("an adjustment is of a member or of a company")
    return holder_of(member)


def _applied_without_approval(
    *,
    member: Member | None,
    company: Company | None,
    requested_by: User | None,
    api_key_prefix: str,
    since: datetime,
) -> int:
    """Absolute points of the requester's adjustments to ``member`` applied since ``since``
    without a second approver."""
    mine: dict[str, object] = (
        {"requested_by": requested_by}
        if requested_by is not None
        else {"requested_by__isnull": True, "api_key_prefix": api_key_prefix}
    )
    total = AdjustmentRequest.objects.filter(
        member=member,
        company=company,
        status=AdjustmentStatus.APPLIED,
        decided_by__isnull=True,
        created_at__gte=since,
        **mine,
    ).aggregate(total=Sum(Abs("points")))["total"]
    return total or 0


def _apply(request: AdjustmentRequest, *, decided_by: User | None) -> AdjustmentRequest:
    result = services.adjust(
        member=request.member,
        points=request.points,
        reason=request.reason,
        idempotency_key=f"adjustment:{request.pk}",
        actor=request.requested_by,
        source=f"adjustment:{request.pk}",
        holder=_holder(request.member, request.company),
    )
    request.status = AdjustmentStatus.APPLIED
    request.entry = result.entry
    request.decided_by, request.decided_at = decided_by, timezone.now()
    request.save(update_fields=["status", "entry", "decided_by", "decided_at"])
    return request
