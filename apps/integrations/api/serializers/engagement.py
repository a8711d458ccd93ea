"""Product reviews and custom events."""

from django.conf import settings
from rest_framework import serializers

from apps.engagement.models import MAX_PHOTOS, MAX_TEXT, MemberEvent, Review

from ..fields import StrictCharField, StrictChoiceField, StrictIntegerField


class ReviewSerializer(serializers.ModelSerializer[Review]):
    product_sku = serializers.CharField(source="product.sku", read_only=True)
    photos = serializers.SerializerMethodField(help_text="The photos' addresses.")

    class Meta:
        model = Review
        fields = (
            "id",
            "member",
            "product",
            "product_sku",
            "rating",
            "language",
            "text",
            "status",
            "photos",
            "created_at",
            "moderated_at",
        )
        read_only_fields = fields

    def get_photos(self, review: Review) -> list[str]:
        return [photo.image.url for photo in review.photos.all()]


class ReviewCreateSerializer(serializers.Serializer[None]):
    product = StrictIntegerField(min_value=1, max_value=2**63 - 1, help_text="Product id.")
    rating = StrictIntegerField(min_value=1, max_value=5, help_text="1 to 5 stars.")
    text = StrictCharField(max_length=MAX_TEXT, help_text="The review, in `language`.")
    language = StrictChoiceField(
        choices=settings.LANGUAGES,
        help_text="The language the text is written in.",
    )


class ReviewWithPhotosCreateSerializer(serializers.Serializer[None]):
    """The same review as a multipart form, with photos (form values are text, so the numbers
    are read from text here)."""

    product = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Product id.")
    rating = serializers.IntegerField(min_value=1, max_value=5, help_text="1 to 5 stars.")
    text = serializers.CharField(max_length=MAX_TEXT, help_text="The review, in `language`.")
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES, help_text="The language the text is written in."
    )
    photos = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        max_length=MAX_PHOTOS,
        help_text=(
            "Up to 5 photos (repeat the field): JPEG, PNG or WebP, at most 5 MB and 25 "
            "megapixels each (400 `invalid_photo` otherwise)."
        ),
    )


class MemberEventSerializer(serializers.ModelSerializer[MemberEvent]):
    class Meta:
        model = MemberEvent
        fields = ("id", "member", "name", "properties", "occurred_at", "points", "created_at")
        read_only_fields = fields


class MemberEventCreateSerializer(serializers.Serializer[None]):
    name = serializers.RegexField(
        r"^[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?$",
        max_length=64,
        help_text="A slug naming what happened, e.g. `trade_fair_visit`.",
    )
    properties = serializers.DictField(
        required=False,
        default=dict,
        help_text=(
            "Flat JSON object: at most 50 names of up to 64 characters; values are text (up to "
            "500 characters), numbers, true/false or null; 4 KB in all."
        ),
    )
    occurred_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="When it happened (default: now)."
    )
