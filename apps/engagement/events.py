"""What the engagement app announces (``services``)."""

from apps.core.events import Event, declare


@declare("review.moderated")
class ReviewModerated(Event):
    """Staff approved, rejected or removed a review (``status``); the member is told."""

    member_id: int
    review_id: int
    status: str


@declare("member.custom_event")
class CustomEventReceived(Event):
    """An integrator told us about something a member did outside the shop (a new event row)."""

    member_id: int
    event_id: int
    event_name: str


@declare("challenge.completed")
class ChallengeCompleted(Event):
    """A member completed a challenge (once): its points are credited, its badge is theirs."""

    member_id: int
    challenge_id: int
    completion_id: int
