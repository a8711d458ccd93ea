"""Engagement beyond purchases: verified product reviews and custom events (#22).

A review belongs to a member and a product they bought (a paid order line); staff moderate it.
A custom event is something an integrator tells the programme about a member (a trade-fair
visit, a survey); "event" earning rules may reward it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_PHOTOS = 5
MAX_TEXT = 5000
MAX_PROPERTIES_BYTES = 4096


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    REMOVED = "removed", _("Removed for abuse")


class Review(models.Model):
    """One member's review of one product (one per member and product; a rejected review may be
    written again and goes back to the queue)."""

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("member"),
    )
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("product"),
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    text = models.TextField(_("text"), max_length=MAX_TEXT)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    moderation_reason = models.TextField(
        _("moderation reason"),
        blank=True,
        help_text=_("Told to the member when their review is rejected or removed."),
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("product review")
        verbose_name_plural = _("product reviews")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "product"],
                name="engagement_review_one_per_member_product",
                violation_error_message=_("This member has reviewed this product already."),
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5),
                name="engagement_review_rating_1_5",
                violation_error_message=_("The rating is 1 to 5 stars."),
            ),
        ]
        indexes = [
            models.Index(fields=["product", "status", "language"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.rating}/5"


class ReviewPhoto(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="photos", verbose_name=_("review")
    )
    image = models.ImageField(_("photo"), upload_to="reviews/%Y/%m/")
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("review photo")
        verbose_name_plural = _("review photos")
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.image.name or ""


class MemberEvent(models.Model):
    """Something that happened to a member outside the shop, told by an integrator."""

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="custom_events",
        verbose_name=_("member"),
    )
    name = models.SlugField(_("event name"), max_length=64)
    properties = models.JSONField(_("properties"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    source = models.CharField(_("source"), max_length=60, blank=True)
    points = models.PositiveIntegerField(_("points earned"), default=0)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("custom event")
        verbose_name_plural = _("custom events")
        ordering = ("-occurred_at", "-id")
        indexes = [models.Index(fields=["member", "name", "occurred_at"])]

    def __str__(self) -> str:
        return self.name


class GoalKind(models.TextChoices):
    """What a challenge's goal counts; how each is counted is registered in ``goals``."""

    PAID_ORDERS = "paid_orders", _("Paid orders")
    REVIEWS = "reviews", _("Approved product reviews")
    CUSTOM_EVENT = "custom_event", _("Custom events of one name")
    ORDER_CATEGORIES = "order_categories", _("Product categories ordered from")
    PROFILE_COMPLETE = "profile_complete", _("Complete profile")


def clean_goal(goal: str, event_name: str, target: int | None) -> None:
    """The checks a goal (a challenge's own or one it also requires) must pass."""
    if goal == GoalKind.CUSTOM_EVENT and not event_name:
        raise ValidationError({"event_name": _("Name the custom event to count.")})
    if goal == GoalKind.PROFILE_COMPLETE and target is not None and target != 1:
        raise ValidationError({"target": _("A complete profile counts once: set it to 1.")})


class Challenge(models.Model):
    """A goal over a window (e.g. 3 paid orders this quarter, a custom event twice) and its
    reward: points and/or a badge. Completed once per member (``ChallengeCompletion``). It may
    also require more goals (``ChallengeGoal``, e.g. a complete profile + 1 review): it is
    completed when every one is reached."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    badge = models.ImageField(_("badge image"), upload_to="badges/", blank=True)
    goal = models.CharField(_("goal"), max_length=20, choices=GoalKind.choices)
    event_name = models.SlugField(
        _("event name"), max_length=64, blank=True, help_text=_("For custom event goals.")
    )
    target = models.PositiveIntegerField(
        _("how many"), default=1, help_text=_("How many qualifying actions complete it.")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    points = models.PositiveIntegerField(_("points"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ("ends_at", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target__gte=1),
                name="engagement_challenge_target_positive",
                violation_error_message=_("A challenge needs at least one action."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="engagement_challenge_window",
                violation_error_message=_("A challenge ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        clean_goal(self.goal, self.event_name, self.target)


class ChallengeGoal(models.Model):
    """A further goal a challenge requires, over the challenge's window: a composite challenge
    (e.g. "complete profile + 1 review") is completed when its own goal and all of these are
    reached."""

    challenge = models.ForeignKey(
        Challenge,
        on_delete=models.CASCADE,
        related_name="extra_goals",
        verbose_name=_("challenge"),
    )
    goal = models.CharField(_("goal"), max_length=20, choices=GoalKind.choices)
    event_name = models.SlugField(
        _("event name"), max_length=64, blank=True, help_text=_("For custom event goals.")
    )
    target = models.PositiveIntegerField(
        _("how many"), default=1, help_text=_("How many qualifying actions complete it.")
    )

    class Meta:
        verbose_name = _("also required")
        verbose_name_plural = _("also required")
        ordering = ("id",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target__gte=1),
                name="engagement_challengegoal_target_positive",
                violation_error_message=_("A challenge needs at least one action."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_goal_display())

    def clean(self) -> None:
        super().clean()
        clean_goal(self.goal, self.event_name, self.target)


class ChallengeCompletion(models.Model):
    """A member completed a challenge: their badge. Once per member and challenge."""

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="challenge_completions",
        verbose_name=_("member"),
    )
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="completions", verbose_name=_("challenge")
    )
    points = models.PositiveIntegerField(_("points earned"), default=0)
    completed_at = models.DateTimeField(_("completed at"))

    class Meta:
        verbose_name = _("completed challenge")
        verbose_name_plural = _("completed challenges")
        ordering = ("-completed_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "challenge"],
                name="engagement_challenge_once_per_member",
                violation_error_message=_("This member has completed this challenge already."),
            )
        ]

    def __str__(self) -> str:
        return str(self.challenge)
