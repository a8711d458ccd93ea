from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class AlreadyInCompany(ApplicationError):
    code = "already_in_company"
    default_message = _("This member already belongs to a company.")


class InvalidMerge(ApplicationError):
    code = "invalid_merge"
    default_message = _("Choose two different companies that have not been merged.")


class LastCompanyAdmin(ApplicationError):
    code = "last_company_admin"
    default_message = _("A company keeps at least one company admin.")


class NotCompanyMember(ApplicationError):
    code = "not_company_member"
    default_message = _("This member does not belong to the company.")


class NotCompanyAdmin(ApplicationError):
    code = "not_company_admin"
    default_message = _("Only a company admin may do this.")


class AlreadyInvited(ApplicationError):
    code = "already_invited"
    default_message = _("This address has an open invitation already; send it again instead.")


class InvitationInvalid(ApplicationError):
    """A link that cannot be used: its ``code`` says why (the page shows the message)."""

    code = "invitation_invalid"
    default_message = _("This invitation link is not valid.")


class InvitationExpired(InvitationInvalid):
    code = "invitation_expired"
    default_message = _("This invitation has expired. Ask the company admin to send it again.")


class InvitationUsed(InvitationInvalid):
    code = "invitation_used"
    default_message = _("This invitation has been used already.")


class InvitationRevoked(InvitationInvalid):
    code = "invitation_revoked"
    default_message = _("This invitation was withdrawn by the company.")


class CompanyExternalIdTaken(ApplicationError):
    code = "external_id_taken"
    default_message = _("Another company already has this external id.")
