from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class AlreadyMember(ApplicationError):
    code = "already_member"
    default_message = _("You already have a paid membership.")


class PlanNotAvailable(ApplicationError):
    code = "plan_not_available"
    default_message = _("This plan cannot be bought in this currency at the moment.")


class BillingUnavailable(ApplicationError):
    code = "billing_unavailable"
    default_message = _("The payment service is not available just now. Please try again.")


class BillingNotSetUp(ApplicationError):
    code = "billing_not_set_up"
    default_message = _("Memberships cannot be bought yet: the shop has not set up Stripe.")
