"""Writes to members. Every entry point (sign-up, social login, admin, API) goes through here."""

from django.conf import settings
from django.db import transaction

from apps.accounts.models import User
from apps.core import events

from .errors import ExternalIdTaken
from .models import ConsentRecord, Member


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


# What a complete profile has (the complete-profile bonus is paid once all are filled in).
PROFILE_COMPLETION_FIELDS = (
    "company_name",
    "country",
    "phone",
    "customer_type",
    "purchasing_needs",
    "birthday",
)
MARKETING = "marketing"


def profile_completion(member: Member) -> tuple[int, list[str]]:
    """(percent complete, verbose names of the fields still missing)."""
    missing = [
        str(Member._meta.get_field(name).verbose_name)
        for name in PROFILE_COMPLETION_FIELDS
        if not getattr(member, name)
    ]
    done = len(PROFILE_COMPLETION_FIELDS) - len(missing)
    return round(100 * done / len(PROFILE_COMPLETION_FIELDS)), missing


@transaction.atomic
def update_profile(*, member: Member, source: str, **fields) -> Member:
    """Save profile fields; record consent changes; announce a newly complete profile.

    Publishes ``member.profile_completed`` (after commit) the first time every completion field
    is filled; the ledger pays the complete-profile bonus once per member. Raises
    ``ExternalIdTaken`` when ``external_id`` belongs to another member.
    """
    external_id = fields.get("external_id")
    others = Member.objects.exclude(pk=member.pk)
    if external_id and others.filter(external_id=external_id).exists():
        raise ExternalIdTaken()
    was_complete = not profile_completion(member)[1]
    previous_consent = member.marketing_consent
    for name, value in fields.items():
        setattr(member, name, value)
    member.save(update_fields=[*fields, "updated_at"])
    if "marketing_consent" in fields and fields["marketing_consent"] != previous_consent:
        ConsentRecord.objects.create(
            member=member, purpose=MARKETING, granted=fields["marketing_consent"], source=source
        )
    if not was_complete and not profile_completion(member)[1]:
        events.publish(events.PROFILE_COMPLETED, member_id=member.pk)
    return member
