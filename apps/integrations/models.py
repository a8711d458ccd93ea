"""What integrators own: API keys, idempotency records, webhook endpoints and deliveries.

- An ``ApiKey`` is stored as the SHA-256 of the key; the key itself is shown once when created.
- An ``IdempotencyRecord`` is unique per (API key, Idempotency-Key): the database, not Python,
  decides which of two concurrent requests with one key goes first.
- A ``WebhookDelivery`` is one event for one endpoint, with a stable event id; every attempt to
  send it is a ``WebhookAttempt`` row.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scopes import SCOPE_CHOICES

# Safe defaults for a new key's points limits (the merchant raises them per key in the admin).
DEFAULT_MAX_POINTS_PER_CALL = 10_000
DEFAULT_MAX_POINTS_PER_DAY = 100_000


class ApiKey(models.Model):
    """A key one integration (an ERP, a CRM) uses; scopes say what it may do."""

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    hashed_key = models.CharField(
        max_length=64, unique=True, editable=False, verbose_name=_("hashed key")
    )
    scopes = ArrayField(
        models.CharField(max_length=30, choices=SCOPE_CHOICES), verbose_name=_("scopes")
    )
    rate_limit = models.PositiveIntegerField(
        _("requests per minute"),
        null=True,
        blank=True,
        help_text=_("Empty: the installation's default (setting API_RATE_LIMIT_PER_MINUTE)."),
    )
    max_points_per_call = models.PositiveIntegerField(
        _("most points earned per call"),
        default=DEFAULT_MAX_POINTS_PER_CALL,
        validators=[MinValueValidator(1)],
        help_text=_(
            "A larger earn or positive adjustment is refused (409 approval_required): staff "
            "adjust it in the admin instead."
        ),
    )
    max_points_per_day = models.PositiveIntegerField(
        _("most points earned per day"),
        default=DEFAULT_MAX_POINTS_PER_DAY,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Earns and positive adjustments of this key in one calendar day (the "
            "installation's time zone)."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        help_text=_("The key adjusts points as this staff member."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotencyRecord(models.Model):
    """The first response to a request made with an Idempotency-Key, replayed for repeats."""

    api_key = models.ForeignKey(
        ApiKey, on_delete=models.CASCADE, related_name="+", verbose_name=_("API key")
    )
    key = models.CharField(max_length=200, verbose_name=_("idempotency key"))
    fingerprint = models.CharField(max_length=64, verbose_name=_("fingerprint"))
    response_status = models.PositiveSmallIntegerField(null=True, verbose_name=_("response status"))
    response_body = models.JSONField(null=True, verbose_name=_("response body"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["api_key", "key"], name="idempotency_key_once_per_key")
        ]

    def __str__(self) -> str:
        return self.key


class WebhookEndpoint(models.Model):
    """A URL that receives signed events; disabled (and flagged) when it keeps failing."""

    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = ArrayField(
        models.CharField(max_length=40),
        blank=True,
        default=list,
        verbose_name=_("events"),
        help_text=_("Empty: every event."),
    )
    secret = models.CharField(max_length=80, editable=False, verbose_name=_("secret"))
    is_active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    disabled_reason = models.CharField(_("why disabled"), max_length=200, blank=True)
    created_by_key = models.ForeignKey(
        ApiKey,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by API key"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.url

    def wants(self, event_type: str) -> bool:
        return not self.events or event_type in self.events


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed (gave up)")


class WebhookDelivery(models.Model):
    """One event for one endpoint. The body is fixed when the event happens, so every attempt
    sends the same bytes (only the signature's timestamp changes)."""

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    event_id = models.CharField(_("event id"), max_length=40, db_index=True)
    event_type = models.CharField(_("event"), max_length=40)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    attempt_limit = models.PositiveIntegerField(_("attempt limit"))
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_id"], name="webhook_event_once_per_endpoint"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"


class WebhookAttempt(models.Model):
    """One try to send a delivery: what the receiver answered, or why it could not."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="log", verbose_name=_("delivery")
    )
    number = models.PositiveIntegerField(_("attempt"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    response_excerpt = models.CharField(_("response"), max_length=500, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ("delivery", "number")

    def __str__(self) -> str:
        return f"#{self.number} {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
