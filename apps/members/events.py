"""What the members app announces (``services``)."""

from apps.core.events import Event, declare


@declare("member.created")
class MemberCreated(Event):
    """Someone joined the programme (any sign-up path, staff or the API): a welcome, and the
    sign-up bonus."""

    member_id: int


@declare("member.profile_completed")
class ProfileCompleted(Event):
    """A member filled in every field of a complete profile for the first time: the bonus."""

    member_id: int
