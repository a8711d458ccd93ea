"""Every write of the engagement app: reviews (written, moderated) and custom events.

Points go through the ledger: an approved review earns the ``review`` rule's points once per
member and product (ledger key ``review:product:<id>``, so approving again, or after a removal,
never pays twice); a review removed for abuse has those points clawed back. A custom event earns
the best matching "event" rule once per event row. Every change that alters what a product page
shows bumps the catalogue's cache version after commit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from apps.accounts.models import User
from apps.catalog.caching import catalogue_changed
from apps.catalog.models import Product
from apps.core import events
from apps.ledger import bonuses
from apps.ledger import services as ledger
from apps.ledger.models import LedgerEntry, RuleKind
from apps.members.models import Member

from . import errors, ledger_reasons
from .events import CustomEventReceived, ReviewModerated
from .models import (
    MAX_PHOTOS,
    MAX_PROPERTIES_BYTES,
    MAX_TEXT,
    MemberEvent,
    Review,
    ReviewPhoto,
    ReviewStatus,
)
from .selectors import has_bought

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 25_000_000
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
EVENT_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?$")
MAX_PROPERTIES = 50
MAX_PROPERTY_NAME = 64
MAX_PROPERTY_TEXT = 500


def review_ledger_key(review: Review) -> str:
    """The ledger key of a review's points (the ledger prefixes the rule kind): per product, on
    the member's own account, so once per member and product."""
    return f"product:{review.product_id}"


def check_photo(photo: UploadedFile) -> tuple[int, int]:
    """The photo's width and height; ``InvalidPhoto`` unless it is a JPEG, PNG or WebP image of
    at most 5 MB and 25 megapixels."""
    if photo.size is None or photo.size > MAX_PHOTO_BYTES:
        raise errors.InvalidPhoto(_("Each photo may be at most 5 MB."))
    try:
        photo.seek(0)
        with Image.open(photo) as image:
            kind, (width, height) = image.format, image.size
            if width * height > MAX_PHOTO_PIXELS:
                raise errors.InvalidPhoto(_("Each photo may be at most 25 megapixels."))
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise errors.InvalidPhoto(_("Upload photos as JPEG, PNG or WebP images.")) from error
    finally:
        photo.seek(0)
    if kind not in PHOTO_FORMATS:
        raise errors.InvalidPhoto(_("Upload photos as JPEG, PNG or WebP images."))
    return width, height


def _checked_review(rating: object, text: str, language: str, photos: Sequence[object]) -> str:
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise errors.InvalidReview(_("Give a rating of 1 to 5 stars."))
    text = text.strip()
    if not text:
        raise errors.InvalidReview(_("Write a few words about the product."))
    if len(text) > MAX_TEXT:
        raise errors.InvalidReview(_("A review may be at most 5,000 characters long."))
    if language not in dict(settings.LANGUAGES):
        raise errors.InvalidReview(_("Choose one of the shop's languages."))
    if len(photos) > MAX_PHOTOS:
        raise errors.InvalidReview(_("Add at most 5 photos."))
    return text


@transaction.atomic
def submit_review(
    *,
    member: Member,
    product: Product,
    rating: int,
    text: str,
    language: str,
    photos: Sequence[UploadedFile] = (),
) -> Review:
    """A member's review of a product they bought and paid for, waiting for moderation. A
    rejected review may be written again (it goes back to the queue, with the new photos);
    otherwise one review per member and product (``AlreadyReviewed``)."""
    text = _checked_review(rating, text, language, photos)
    sizes = [check_photo(photo) for photo in photos]
    if not has_bought(member, product):
        raise errors.NotPurchased()
    review = Review.objects.select_for_update().filter(member=member, product=product).first()
    if review is not None and review.status != ReviewStatus.REJECTED:
        raise errors.AlreadyReviewed()
    if review is None:
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    member=member, product=product, rating=rating, text=text, language=language
                )
        except IntegrityError as error:  # written at the same moment in another request
            raise errors.AlreadyReviewed() from error
    else:
        review.rating, review.text, review.language = rating, text, language
        review.status, review.moderation_reason = ReviewStatus.PENDING, ""
        review.moderated_by, review.moderated_at = None, None
        review.save()
        for old in review.photos.all():
            old.image.delete(save=False)
            old.delete()
    for position, (photo, (width, height)) in enumerate(zip(photos, sizes, strict=True)):
        stored = ReviewPhoto(review=review, position=position, width=width, height=height)
        stored.image.save(photo.name or "photo", photo, save=False)
        stored.save()
    return review


def _locked(review: Review) -> Review:
    return Review.objects.select_for_update().select_related("member", "product").get(pk=review.pk)


def _moderated(review: Review, *, status: str, staff: User | None, reason: str) -> Review:
    review.status, review.moderation_reason = status, reason
    review.moderated_by, review.moderated_at = staff, timezone.now()
    review.save(
        update_fields=["status", "moderation_reason", "moderated_by", "moderated_at", "updated_at"]
    )
    events.publish(ReviewModerated(member_id=review.member_id, review_id=review.pk, status=status))
    catalogue_changed()  # the product page's reviews, average and count
    return review


@transaction.atomic
def approve_review(*, review: Review, staff: User | None) -> Review:
    """Publish a waiting (or rejected) review and credit the ``review`` rule's points, once per
    member and product whatever happens later. Approving an approved review changes nothing."""
    review = _locked(review)
    if review.status == ReviewStatus.APPROVED:
        return review
    if review.status == ReviewStatus.REMOVED:
        raise errors.NotModeratable()
    review = _moderated(review, status=ReviewStatus.APPROVED, staff=staff, reason="")
    bonuses.award_event(member=review.member, kind=RuleKind.REVIEW, key=review_ledger_key(review))
    return review


@transaction.atomic
def reject_review(*, review: Review, staff: User | None, reason: str) -> Review:
    """Refuse a waiting review, with the reason the member is told in their language."""
    reason = reason.strip()
    if not reason:
        raise errors.InvalidReview(_("Give the member a reason."))
    review = _locked(review)
    if review.status == ReviewStatus.REJECTED and review.moderation_reason == reason:
        return review
    if review.status != ReviewStatus.PENDING:
        raise errors.NotModeratable()
    return _moderated(review, status=ReviewStatus.REJECTED, staff=staff, reason=reason)


@transaction.atomic
def remove_review(*, review: Review, staff: User | None, reason: str) -> Review:
    """Take a published review down for abuse: it leaves the product page and the points it
    earned are clawed back (as far as the member has them: the ledger never goes negative).
    Removing a removed review again changes nothing."""
    reason = reason.strip()
    if not reason:
        raise errors.InvalidReview(_("Give the member a reason."))
    review = _locked(review)
    if review.status == ReviewStatus.REMOVED:
        return review
    if review.status != ReviewStatus.APPROVED:
        raise errors.NotModeratable()
    review = _moderated(review, status=ReviewStatus.REMOVED, staff=staff, reason=reason)
    earned = LedgerEntry.objects.filter(
        account__member=review.member,
        idempotency_key=f"{RuleKind.REVIEW}:{review_ledger_key(review)}",
    ).first()
    if earned is not None and earned.points > 0:
        ledger.clawback(
            member=review.member,
            points=earned.points,
            reason=ledger_reasons.REVIEW_REMOVED,
            idempotency_key=f"review-removed:{review.pk}",
            source=earned.source,
            actor=staff,
        )
    return review


def check_event(name: str, properties: object) -> dict[str, object]:
    """The event's properties if ``name`` is a slug and ``properties`` a flat JSON object of at
    most 50 names (64 characters) with text (500), numbers, true/false or null, 4 KB in all."""
    if not EVENT_NAME.match(name or ""):
        raise errors.InvalidEventProperties(
            _("The name is a slug of lowercase letters, digits, _ and - (at most 64).")
        )
    if not isinstance(properties, dict):
        raise errors.InvalidEventProperties(_("Send the properties as a JSON object."))
    if len(properties) > MAX_PROPERTIES:
        raise errors.InvalidEventProperties(_("Send at most 50 properties."))
    for key, value in properties.items():
        if not isinstance(key, str) or not 0 < len(key) <= MAX_PROPERTY_NAME:
            raise errors.InvalidEventProperties(_("Property names are 1 to 64 characters."))
        if isinstance(value, str) and len(value) > MAX_PROPERTY_TEXT:
            raise errors.InvalidEventProperties(_("Text properties are at most 500 characters."))
        if value is not None and not isinstance(value, str | int | float | bool):
            raise errors.InvalidEventProperties(
                _("Property values are text, numbers, true/false or null (no lists or objects).")
            )
    if len(json.dumps(properties).encode()) > MAX_PROPERTIES_BYTES:
        raise errors.InvalidEventProperties(_("The properties may take at most 4 KB."))
    return properties


@transaction.atomic
def record_event(
    *,
    member: Member,
    name: str,
    properties: dict[str, object],
    occurred_at: datetime | None = None,
    source: str = "",
) -> MemberEvent:
    """Keep a custom event on the member and credit the best matching "event" rule once for it
    (same caps, regions, customer types, segments and tiers as every rule)."""
    properties = check_event(name, properties)
    event = MemberEvent.objects.create(
        member=member,
        name=name,
        properties=properties,
        occurred_at=occurred_at or timezone.now(),
        source=source[:60],
    )
    result = bonuses.award_custom_event(
        member=member, key=str(event.pk), name=name, properties=properties
    )
    if result is not None:
        event.points = result.entry.points
        event.save(update_fields=["points"])
    events.publish(CustomEventReceived(member_id=member.pk, event_id=event.pk, event_name=name))
    return event
