from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class StaffTwoFactorMiddleware:
    """Staff must have TOTP two-factor authentication before they may use the admin.

    A staff member without an authenticator who opens the admin is sent to set one up; the rest
    of the site stays usable so that the set-up page itself can be reached.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff
            and request.path.startswith(reverse("admin:index"))
            and not is_mfa_enabled(user, types=["totp"])
        ):
            messages.warning(
                request, _("Staff accounts need two-factor authentication. Please set it up now.")
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
