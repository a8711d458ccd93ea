"""allauth adapters: where sign-up hands over to the members domain."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib import messages

from apps.companies import services as companies
from apps.core.errors import ApplicationError
from apps.members.extensions import signed_in, signed_up
from apps.members.referrals import record_referral_from_session
from apps.members.services import register_member

# A company invitation link followed before signing up (the storefront's invitation page).
COMPANY_INVITATION_SESSION_KEY = "company_invitation"


class AccountAdapter(DefaultAccountAdapter):
    def login(self, request, user):
        super().login(request, user)
        member = getattr(user, "member", None)
        if member is not None:
            for hook in signed_in.hooks():
                hook(request=request, member=member)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            member = register_member(user=user, **_preferences_from(request))
            record_referral_from_session(request, member)
            _join_or_create_company(request, member, form)
            _signed_up(request, member)
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        _signed_up(request, register_member(user=user, **_preferences_from(request)))
        return user


def _signed_up(request, member) -> None:
    if request is not None:
        for hook in signed_up.hooks():
            hook(request=request, member=member)


def _preferences_from(request) -> dict:
    """The language and currency the visitor was browsing in become the member's preferences."""
    if request is None:
        return {}
    preferences = {"language": getattr(request, "LANGUAGE_CODE", None)}
    preferences["currency"] = getattr(request, "currency", None)
    return {key: value for key, value in preferences.items() if value}


def _join_or_create_company(request, member, form) -> None:
    """A visitor who followed a company invitation joins that company; one who gave a company
    name at sign-up creates it and becomes its company admin."""
    token = request.session.pop(COMPANY_INVITATION_SESSION_KEY, None) if request else None
    if token:
        try:
            companies.accept_invitation(token=token, member=member)
        except ApplicationError as error:  # revoked or expired meanwhile: the account stays
            messages.error(request, str(error.message))
        return
    cleaned = getattr(form, "cleaned_data", {})
    if cleaned.get("company_name"):
        companies.create_company(
            legal_name=cleaned["company_name"],
            country=cleaned["company_country"],
            vat_id=cleaned.get("vat_id", ""),
            admin=member,
        )
