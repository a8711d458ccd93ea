"""Writes to members. Every entry point (sign-up, social login, admin, API) goes through here."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import events
from apps.core.errors import ApplicationError
from apps.core.tax_ids import with_checked_tax_id

from .errors import ExternalIdTaken
from .events import MemberCreated, ProfileCompleted
from .extensions import account_closing
from .models import Address, ConsentRecord, Member, ProductView


@transaction.atomic
def register_member(
    *, user: AbstractBaseUser, language: str | None = None, currency: str | None = None, **profile
) -> Member:
    """Enrol ``user`` in the programme, once.

    Idempotent: a user who already has a member profile gets it back unchanged. Unknown language
    or currency codes fall back to the programme defaults rather than failing the sign-up.
    A ``vat_id`` is checked for the profile's ``country`` and stored compact
    (``with_checked_tax_id``); raises ``core.tax_ids.InvalidTaxId`` (nothing written) otherwise.
    """
    # The user model lives in accounts, above members: typed here as Django's base user.
    account = cast(Any, user)
    existing = Member.objects.filter(user=account).first()
    if existing is not None:
        return existing
    profile = with_checked_tax_id(profile, country=profile.get("country", ""))
    language_codes = {code for code, _name in settings.LANGUAGES}
    member = Member.objects.create(
        user=account,
        preferred_language=language if language in language_codes else settings.LANGUAGE_CODE,
        preferred_currency=currency if currency in settings.CURRENCIES else settings.BASE_CURRENCY,
        **profile,
    )
    events.publish(MemberCreated(member_id=member.pk))
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
        str(cast(Field, Member._meta.get_field(name)).verbose_name)
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
    ``ExternalIdTaken`` when ``external_id`` belongs to another member, ``InvalidTaxId`` when
    ``vat_id`` is not a valid id of the (new or current) country; nothing is written then.
    """
    fields = with_checked_tax_id(fields, country=fields.get("country", member.country))
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
        events.publish(ProfileCompleted(member_id=member.pk))
    return member


def record_consent(*, member: Member, purpose: str, granted: bool, source: str) -> ConsentRecord:
    """Record that ``member`` gave (``granted``) or withdrew consent for ``purpose`` (e.g. a
    messaging channel: "whatsapp", "sms"), with where it happened. The history is append-only;
    the app that owns the purpose keeps its current state."""
    return ConsentRecord.objects.create(
        member=member, purpose=purpose, granted=granted, source=source[:60]
    )


# Blanked when a member deletes their account (erasure); orders keep their own address copy.
ERASED_FIELDS = {
    "company_name": "",
    "vat_id": "",
    "country": "",
    "phone": "",
    "whatsapp": "",
    "purchasing_needs": "",
    "birthday": None,
    "customer_type": "",
    "external_id": "",
    "marketing_consent": False,
}


@transaction.atomic
def close_account(*, member: Member) -> Member:
    """Delete the member's account at their request (right to erasure), keeping the records
    that the books and the law need.

    Erased: the profile's personal fields, the email address (replaced by a placeholder), the
    password, verified addresses, the address book, social logins, the cart. Forfeited: every
    point, pending or available, in one ledger entry (so the liability drops and nothing is
    released later).
    Kept: orders (invoices), ledger entries, and the consent history with a final withdrawal.
    Idempotent. Raises ``ApplicationError`` for staff accounts (staff are removed in the admin).
    The points and the cart belong to apps above this one: their ``members.account_closing``
    hooks forfeit and delete them in this transaction.
    """
    member = Member.objects.select_for_update().select_related("user").get(pk=member.pk)
    if member.closed_at is not None:
        return member
    user = member.user
    if user.is_staff:
        raise ApplicationError(_("Staff accounts are removed by an administrator."))
    for hook in account_closing.hooks():
        hook(member=member)
    if member.marketing_consent:
        ConsentRecord.objects.create(
            member=member, purpose=MARKETING, granted=False, source="account-deleted"
        )
    for name, value in ERASED_FIELDS.items():
        setattr(member, name, value)
    member.closed_at = timezone.now()
    member.save(update_fields=[*ERASED_FIELDS, "closed_at", "updated_at"])
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    Address.objects.filter(member=member).delete()
    user.email = f"deleted-{user.pk}@invalid.invalid"
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "first_name", "last_name", "is_active", "password"])
    return member


VIEWS = ProductView._meta.db_table
RECORD_VIEW = f"""
    INSERT INTO {VIEWS} (member_id, product_id, views, last_viewed_at)
    VALUES (%(member)s, %(product)s, 1, %(now)s)
    ON CONFLICT (member_id, product_id)
    DO UPDATE SET views = {VIEWS}.views + 1, last_viewed_at = EXCLUDED.last_viewed_at
"""  # noqa: S608 - only the table name is interpolated


def record_product_view(*, member_id: int, product_id: int) -> None:
    """Count a member's look at a product (one statement; safe under concurrent views)."""
    with connection.cursor() as cursor:
        cursor.execute(
            RECORD_VIEW, {"member": member_id, "product": product_id, "now": timezone.now()}
        )


@transaction.atomic
def record_rfm_scores(*, scores_sql: str, parameters: Sequence[Any], scored_at: datetime) -> int:
    """Record each member's RFM scores and segment from ``scores_sql`` (rows of ``member_id,
    recency, frequency, monetary, segment``: the scoring in ``analytics.segments``), all in one
    ``UPDATE ... FROM``, stamped ``scored_at``. A member whose segment or scores change counts
    as updated (``updated_at``, which integrators sync by). Returns the members written."""
    table = Member._meta.db_table
    sql = f"""
    UPDATE {table} AS member
    SET rfm_segment = scored.segment,
        rfm_recency = scored.recency,
        rfm_frequency = scored.frequency,
        rfm_monetary = scored.monetary,
        rfm_scored_at = %s,
        updated_at = CASE
            WHEN (member.rfm_segment, member.rfm_recency, member.rfm_frequency,
                  member.rfm_monetary)
                 IS DISTINCT FROM (scored.segment, scored.recency, scored.frequency,
                                   scored.monetary)
            THEN %s ELSE member.updated_at END
    FROM ({scores_sql}) AS scored
    WHERE scored.member_id = member.id
    """  # noqa: S608 (our table; the scores query is the caller's SQL with its parameters)
    with connection.cursor() as cursor:
        # Aggregates and window sorts over every member in memory, not spilled to disk.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(sql, [scored_at, scored_at, *parameters])
        return cursor.rowcount
