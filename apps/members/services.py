"""Writes to members. Every entry point (sign-up, social login, admin, API) goes through here."""

from django.conf import settings
from django.db import transaction

from apps.accounts.models import User
from apps.core import events

from .models import Member


@transaction.atomic
def register_member(
    *, user: User, language: str | None = None, currency: str | None = None, **profile
) -> Member:
    """Enrol ``user`` in the programme, once.

    Idempotent: a user who already has a member profile gets it back unchanged. Unknown language
    or currency codes fall back to the programme defaults rather than failing the sign-up.
    """
    existing = Member.objects.filter(user=user).first()
    if existing is not None:
        return existing
    language_codes = {code for code, _name in settings.LANGUAGES}
    member = Member.objects.create(
        user=user,
        preferred_language=language if language in language_codes else settings.LANGUAGE_CODE,
        preferred_currency=currency if currency in settings.CURRENCIES else settings.BASE_CURRENCY,
        **profile,
    )
    events.publish(events.MEMBER_CREATED, member_id=member.pk)
    return member


def update_preferences(
    *, member: Member, language: str | None = None, currency: str | None = None
) -> Member:
    """Record the member's chosen language and/or currency; unknown codes are ignored."""
    fields = []
    if language in {code for code, _name in settings.LANGUAGES}:
        member.preferred_language = language
        fields.append("preferred_language")
    if currency in settings.CURRENCIES:
        member.preferred_currency = currency
        fields.append("preferred_currency")
    if fields:
        member.save(update_fields=[*fields, "updated_at"])
    return member
