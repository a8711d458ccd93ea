import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class RewardKind(models.TextChoices):
    COUPON_AMOUNT = "coupon_amount", _("Coupon (fixed amount)")
    COUPON_PERCENT = "coupon_percent", _("Coupon (percentage)")
    FREE_SAMPLE = "free_sample", _("Free sample")
    GIFT = "gift", _("Gift")
    TECHNICAL_SERVICE = "service", _("Technical service")
    SHIPPING_SUBSIDY = "shipping", _("Shipping subsidy")
    CERTIFICATION = "certification", _("Certification fast-track")
    DONATION = "donation", _("Charity donation")
    TIER_PASS = "tier_pass", _("Tier pass")


COUPON_KINDS = (RewardKind.COUPON_AMOUNT, RewardKind.COUPON_PERCENT)


class Reward(models.Model):
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=RewardKind.choices)
    image = models.ImageField(_("image"), upload_to="rewards/", blank=True)
    points_cost = models.PositiveIntegerField(_("points"))
    stock = models.PositiveIntegerField(
        _("stock"), null=True, blank=True, help_text=_("Empty: unlimited.")
    )
    limit_per_member = models.PositiveIntegerField(_("limit per member"), null=True, blank=True)
    tiers = models.ManyToManyField(
        "tiers.Tier",
        blank=True,
        related_name="+",
        verbose_name=_("tiers"),
        help_text=_("Empty: every tier."),
    )
    countries = CountryField(_("only in"), multiple=True, blank=True)
    excluded_countries = CountryField(_("not in"), multiple=True, blank=True)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    coupon_amount = models.DecimalField(
        _("coupon amount (base currency)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    coupon_percent = models.DecimalField(
        _("coupon percentage"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    coupon_valid_days = models.PositiveIntegerField(_("coupon valid for (days)"), default=90)
    position = models.PositiveIntegerField(_("position"), default=0)
    pass_tier = models.ForeignKey(
        "tiers.Tier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tier of the pass"),
        help_text=_("Tier pass: the tier the member gets at once."),
    )
    pass_days = models.PositiveIntegerField(
        _("pass valid for (days)"),
        null=True,
        blank=True,
        help_text=_("Tier pass: how long the tier is kept, whatever the member's purchases."),
    )

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ("position", "points_cost", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points_cost__gt=0),
                name="reward_costs_points",
                violation_error_message=_("A reward costs at least 1 point."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="tier_pass")
                | models.Q(pass_tier__isnull=False, pass_days__isnull=False, pass_days__gt=0),
                name="reward_tier_pass_has_tier_and_days",
                violation_error_message=_("A tier pass needs its tier and a number of days."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_coupon(self) -> bool:
        return self.kind in COUPON_KINDS

    def coupon_expiry(self, *, redeemed_at: datetime) -> datetime | None:
        """When a coupon redeemed at ``redeemed_at`` stops working (None: not a coupon)."""
        if not self.is_coupon:
            return None
        return redeemed_at + timedelta(days=self.coupon_valid_days)


class RedemptionStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    FULFILLED = "fulfilled", _("Shipped / fulfilled")
    REJECTED = "rejected", _("Rejected (points returned)")
    VOIDED = "voided", _("Voided (points returned)")


# Redemptions whose points went back: they do not count toward a reward's limit per member.
RETURNED_STATUSES = (RedemptionStatus.REJECTED, RedemptionStatus.VOIDED)


def new_coupon_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "R-" + "".join(secrets.choice(alphabet) for _i in range(10))


class Redemption(models.Model):
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="redemptions",
        verbose_name=_("member"),
    )
    reward = models.ForeignKey(
        Reward, on_delete=models.PROTECT, related_name="redemptions", verbose_name=_("reward")
    )
    points = models.PositiveIntegerField(_("points"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RedemptionStatus.choices,
        default=RedemptionStatus.REQUESTED,
        db_index=True,
    )
    coupon_code = models.CharField(
        _("coupon code"), max_length=20, unique=True, null=True, blank=True
    )
    coupon_expires_at = models.DateTimeField(_("coupon expires"), null=True, blank=True)
    pass_until = models.DateTimeField(_("tier pass ends"), null=True, blank=True)
    coupon_order = models.OneToOneField(
        "orders.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("used on order"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    void_reason = models.CharField(
        _("why it was voided"),
        max_length=300,
        blank=True,
        help_text=_("Shown to the member in the e-mail that tells them."),
    )
    # The caller's key for this redemption (a form token, an API Idempotency-Key): the same key
    # returns the same redemption.
    idempotency_key = models.CharField(
        max_length=200, editable=False, verbose_name=_("idempotency key")
    )

    class Meta:
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "idempotency_key"], name="redemption_member_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reward} ({self.member})"

    def coupon_usable(self, *, now: datetime) -> bool:
        """An approved coupon not yet used on an order and not expired."""
        return bool(
            self.coupon_code
            and self.status == RedemptionStatus.APPROVED
            and self.coupon_order_id is None
            and self.coupon_expires_at
            and self.coupon_expires_at > now
        )
