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
