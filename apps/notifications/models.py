"""Notifications: one row per event a member is told about, both the inbox item and the outbox
record of its email.

Invariants:

- one notification per event (``dedupe_key`` is UNIQUE), so an event handled twice tells the
  member once;
- its email is sent at most once: a sender claims the row with a conditional UPDATE
  (pending/failed -> sending) before talking to the SMTP server, so a second or concurrent
  delivery finds nothing to claim.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    WELCOME = "welcome", _("Welcome")
    POINTS_EARNED = "points_earned", _("Points credited")
    POINTS_EXPIRING = "points_expiring", _("Points expiring")
    TIER_UP = "tier_up", _("Tier upgrade")
    TIER_DOWN = "tier_down", _("Tier change")
    REWARD_REDEEMED = "reward_redeemed", _("Reward redeemed")
    REWARD_SHIPPED = "reward_shipped", _("Reward shipped")
    REWARD_VOIDED = "reward_voided", _("Reward voided")
    REFERRAL_REWARDED = "referral_rewarded", _("Referral success")
    BIRTHDAY = "birthday", _("Birthday greeting")
    RE_ENGAGEMENT = "re_engagement", _("We miss you")
    ORDER_PLACED = "order_placed", _("Order confirmation")
    ORDER_PAID = "order_paid", _("Payment received")
    ORDER_SHIPPED = "order_shipped", _("Order shipped")
    REVIEW_APPROVED = "review_approved", _("Review published")
    REVIEW_REJECTED = "review_rejected", _("Review not published")
    REVIEW_REMOVED = "review_removed", _("Review removed")
    CHALLENGE_COMPLETED = "challenge_done", _("Challenge completed")


class Category(models.TextChoices):
    """What a member can stop receiving by email (the inbox keeps every notification)."""

    POINTS = "points", _("Points activity: points credited and expiring")
    PROGRAMME = "programme", _("Programme news: tiers, rewards and referrals")
    MARKETING = "marketing", _("Offers and greetings (marketing consent)")
    ORDERS = "orders", _("Orders")


CATEGORY_OF: dict[str, Category] = {
    Kind.WELCOME: Category.PROGRAMME,
    Kind.POINTS_EARNED: Category.POINTS,
    Kind.POINTS_EXPIRING: Category.POINTS,
    Kind.TIER_UP: Category.PROGRAMME,
    Kind.TIER_DOWN: Category.PROGRAMME,
    Kind.REWARD_REDEEMED: Category.PROGRAMME,
    Kind.REWARD_SHIPPED: Category.PROGRAMME,
    Kind.REWARD_VOIDED: Category.PROGRAMME,
    Kind.REFERRAL_REWARDED: Category.PROGRAMME,
    Kind.BIRTHDAY: Category.MARKETING,
    Kind.RE_ENGAGEMENT: Category.MARKETING,
    Kind.ORDER_PLACED: Category.ORDERS,
    Kind.ORDER_PAID: Category.ORDERS,
    Kind.ORDER_SHIPPED: Category.ORDERS,
    Kind.REVIEW_APPROVED: Category.PROGRAMME,
    Kind.REVIEW_REJECTED: Category.PROGRAMME,
    Kind.REVIEW_REMOVED: Category.PROGRAMME,
    Kind.CHALLENGE_COMPLETED: Category.PROGRAMME,
}
# Categories a member may switch off by email; marketing follows the marketing consent instead,
# and order emails always go (the buyer needs them).
OPTIONAL_CATEGORIES = (Category.POINTS, Category.PROGRAMME)


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    HELD = "held", _("Held until the email address is verified")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (will be retried)")
    SKIPPED = "skipped", _("Not emailed")


class Notification(models.Model):
    """Something the member is told about: an inbox item and the record of its email."""

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    dedupe_key = models.CharField(
        _("event key"),
        max_length=200,
        unique=True,
        help_text=_("One notification per event, e.g. points.earned:42 or birthday:7:2027."),
    )
    context = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(
        _("email"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_language = models.CharField(_("email language"), max_length=10, blank=True)
    email_sent_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    email_error = models.CharField(_("email note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(
                fields=["member"],
                name="notification_unread",
                condition=models.Q(read_at__isnull=True),
            ),
            models.Index(fields=["member", "-created_at"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.member}"

    @property
    def category(self) -> str:
        return CATEGORY_OF[self.kind]


class EmailOptOut(models.Model):
    """A member stopped emails of one category (from a link in an email or the inbox settings)."""

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="email_opt_outs",
        verbose_name=_("member"),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    source = models.CharField(_("source"), max_length=60)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("email opt-out")
        verbose_name_plural = _("email opt-outs")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "category"], name="email_opt_out_once_per_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.category}"


class EmailTemplate(models.Model):
    """The merchant's wording for one kind of notification, per language (admin: "Email
    templates"). Empty fields keep the built-in, translated text. ``{points}``, ``{tier}``,
    ``{reward}``, ``{date}`` and ``{name}`` are filled in where the notification has them."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, unique=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    intro = models.TextField(
        _("opening paragraph"), blank=True, help_text=_("Shown above the built-in text.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("email template")
        verbose_name_plural = _("email templates")
        ordering = ("kind",)

    def __str__(self) -> str:
        return self.get_kind_display()


class SentEmail(models.Model):
    """An e-mail that is no member's notification (a quote's, to staff or to the buyer) by its
    key: written in the sending transaction (``services.send_once``), so an event handed over
    again finds it and sends nothing more."""

    dedupe_key = models.CharField(
        _("event key"),
        max_length=200,
        unique=True,
        help_text=_("One e-mail per key, e.g. quote.answered:42:2 (quote 42, revision 2)."),
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail sent")
        verbose_name_plural = _("e-mails sent")

    def __str__(self) -> str:
        return self.dedupe_key
