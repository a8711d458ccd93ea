"""Staff adjustments: small ones apply at once, large ones wait for a second approver."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services
from .errors import ApprovalRequired, InvalidPoints
from .models import AdjustmentRequest, AdjustmentStatus, Programme


@transaction.atomic
def request_adjustment(*, member, points: int, reason: str, requested_by) -> AdjustmentRequest:
    """Record an adjustment; apply it now if it is within the programme's threshold.

    Raises ``InvalidPoints`` (no reason, zero points) or ``InsufficientPoints`` for a debit the
    member cannot cover (nothing is recorded then).
    """
    if not isinstance(points, int) or points == 0 or not reason.strip():
        raise InvalidPoints(
            _("An adjustment needs a number of points other than zero and a reason.")
        )
    request = AdjustmentRequest.objects.create(
        member=member, points=points, reason=reason, requested_by=requested_by
    )
    if abs(points) <= Programme.current().adjustment_approval_threshold:
        _apply(request, decided_by=None)
    return request


@transaction.atomic
def approve_adjustment(*, request: AdjustmentRequest, approver) -> AdjustmentRequest:
    """A second staff member approves a large adjustment; it is applied at once."""
    request = AdjustmentRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != AdjustmentStatus.AWAITING_APPROVAL:
        return request
    if approver.pk == request.requested_by_id:
        raise ApprovalRequired(_("You cannot approve your own adjustment."))
    return _apply(request, decided_by=approver)


@transaction.atomic
def reject_adjustment(*, request: AdjustmentRequest, decided_by) -> AdjustmentRequest:
    request = AdjustmentRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == AdjustmentStatus.AWAITING_APPROVAL:
        request.status = AdjustmentStatus.REJECTED
        request.decided_by, request.decided_at = decided_by, timezone.now()
        request.save(update_fields=["status", "decided_by", "decided_at"])
    return request


def _apply(request: AdjustmentRequest, *, decided_by) -> AdjustmentRequest:
    result = services.adjust(
        member=request.member,
        points=request.points,
        reason=request.reason,
        idempotency_key=f"adjustment:{request.pk}",
        actor=request.requested_by,
        source=f"adjustment:{request.pk}",
    )
    request.status = AdjustmentStatus.APPLIED
    request.entry = result.entry
    request.decided_by, request.decided_at = decided_by, timezone.now()
    request.save(update_fields=["status", "entry", "decided_by", "decided_at"])
    return request
