from django.shortcuts import redirect
from django.urls import reverse

from apps.core import masking

from .two_factor import has_totp, invitation_in_session

PERSONAL_DATA_PERMISSION = "accounts.view_personal_data"


class StaffTwoFactorMiddleware:
    """Staff must have TOTP two-factor authentication before they may use the admin.

    A staff member without an authenticator reaches neither the admin nor the two-factor pages
    (where they would set one up) with just their password: they are sent to a page that
    explains how to get an invitation link (``two_factor.py``). Once a link is opened, this
    session may set TOTP up; the rest of the site stays usable throughout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_staff):
            return None
        match = request.resolver_match
        in_admin = match.app_name == "admin"
        in_two_factor = (match.url_name or "").startswith("mfa_")
        if not (in_admin or in_two_factor) or has_totp(user):
            return None
        if invitation_in_session(request) is None:
            return redirect("accounts:two_factor_required")
        return redirect("mfa_activate_totp") if in_admin else None


class PersonalDataMaskingMiddleware:
    """In the admin, staff without ``accounts.view_personal_data`` (the Support role) see
    e-mail addresses, phone numbers, tax ids and addresses masked (``core.masking``): in pages,
    search results, autocomplete answers and streamed CSV exports alike."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._masks(request):
            return self.get_response(request)
        with masking.masking(True):
            response = self.get_response(request)
        if response.streaming:  # rendered after this returns, while the server sends it
            response.streaming_content = _masked_stream(response.streaming_content)
        return response

    @staticmethod
    def _masks(request) -> bool:
        user = request.user
        return (
            user.is_authenticated
            and user.is_staff
            and request.path_info.startswith(reverse("admin:index"))
            and not user.has_perm(PERSONAL_DATA_PERMISSION)
        )


def _masked_stream(chunks):
    iterator = iter(chunks)
    while True:
        with masking.masking(True):
            try:
                chunk = next(iterator)
            except StopIteration:
                return
        yield chunk
