"""What the companies app announces (``services``)."""

from apps.core.events import Event, declare


@declare("company.created")
class CompanyCreated(Event):
    """A company was created (a sign-up with a company name, staff or the API)."""

    company_id: int


@declare("company.member_added")
class CompanyMemberAdded(Event):
    """A member joined a company (an accepted invitation, staff or the API), with a role."""

    company_id: int
    member_id: int
    role: str


@declare("company.member_removed")
class CompanyMemberRemoved(Event):
    """A member left a company (removed by its admin, staff or the API)."""

    company_id: int
    member_id: int


@declare("company.invitation_sent")
class CompanyInvitationSent(Event):
    """An invitation to join a company was sent (``sends``: the how-many-th time); the
    notifications app e-mails its link in the invitation's language."""

    invitation_id: int
    sends: int
