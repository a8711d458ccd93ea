"""Fraud signals: the thresholds (one row, edited in the admin), the alerts they raise, and the
device cookies members signed in with."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.cache import ProcessMemo

THRESHOLDS_CACHE_SECONDS = 5.0
_thresholds_cache: "ProcessMemo[AlertThresholds]" = ProcessMemo(THRESHOLDS_CACHE_SECONDS)


class AlertThresholds(models.Model):
    """When a signal raises an alert (one row). A threshold of 0 turns its signal off."""

    points_per_day = models.PositiveIntegerField(
        _("points earned by one member in a day"),
        # B2B orders of several thousand are ordinary: the default alerts on a day worth about
        # 100,000 in the base currency, not on a good customer's usual order.
        default=100_000,
        help_text=_("Purchase, bonus and rule points, counted per calendar day. 0: off."),
    )
    referrals_per_day = models.PositiveIntegerField(
        _("members referred by one member in a day"), default=5, help_text=_("0: off.")
    )
    accounts_per_device = models.PositiveIntegerField(
        _("accounts signed in from one device"),
        default=3,
        help_text=_("Counted over the window below, by the storefront's device cookie. 0: off."),
    )
    accounts_per_card = models.PositiveIntegerField(
        _("accounts paying with one card"),
        default=2,
        help_text=_("By the card fingerprint Stripe reports, over the window below. 0: off."),
    )
    accounts_per_address = models.PositiveIntegerField(
        _("accounts ordering to one address"),
        default=5,  # the buyers of one importer share its office and warehouse
        help_text=_("Shipping or billing address of paid orders, over the window below. 0: off."),
    )
    shared_window_days = models.PositiveIntegerField(
        _("window for shared devices, cards and addresses (days)"), default=30
    )
    hold_points = models.BooleanField(
        _("hold the members' pending points when an alert is raised"),
        default=True,
        help_text=_(
            "Their pending points stay pending until a manager clears the alert; points "
            "already available stay available."
        ),
    )

    class Meta:
        verbose_name = _("fraud alert thresholds")
        verbose_name_plural = _("fraud alert thresholds")

    def __str__(self) -> str:
        return str(_("Fraud alert thresholds"))

    @classmethod
    def current(cls) -> "AlertThresholds":
        """The thresholds row; each process re-reads it at most every few seconds."""
        return _thresholds_cache.get(lambda: cls.objects.get_or_create(pk=1)[0])

    @classmethod
    def forget_cached(cls) -> None:
        _thresholds_cache.forget()


class Signal(models.TextChoices):
    POINTS = "points", _("Points earned in a day")
    REFERRALS = "referrals", _("Referrals in a day")
    DEVICE = "device", _("Accounts sharing a device")
    CARD = "card", _("Accounts sharing a payment card")
    ADDRESS = "address", _("Accounts sharing an address")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLEARED = "cleared", _("Cleared")
    CONFIRMED = "confirmed", _("Confirmed")


class Alert(models.Model):
    """A signal crossed its threshold: who, with what evidence, and what a manager decided.

    One alert per signal, subject and window (``services.raise_alert``): per member and day for
    points and referrals; per device, card or address and set of accounts for the shared ones
    (an open alert takes in accounts that join later)."""

    signal = models.CharField(_("signal"), max_length=20, choices=Signal.choices)
    # What the signal is about: "member:12", a device, card fingerprint or address key.
    subject = models.CharField(_("subject"), max_length=200)
    window = models.CharField(_("window"), max_length=64)
    members = models.ManyToManyField(
        "members.Member", related_name="fraud_alerts", verbose_name=_("members")
    )
    # Figures and the rows behind them: {"points": 6000, "entries": [ids], "orders": [ids], ...}
    evidence = models.JSONField(_("evidence"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    holds_points = models.BooleanField(_("holds pending points"), default=False)
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    note = models.TextField(_("note"), blank=True)
    emailed_at = models.DateTimeField(_("managers told at"), null=True, blank=True)

    class Meta:
        verbose_name = _("fraud alert")
        verbose_name_plural = _("fraud alerts")
        ordering = ("-raised_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["signal", "subject", "window"],
                name="risk_alert_once_per_signal_and_window",
                violation_error_message=_("This alert was raised already."),
            )
        ]
        indexes = [models.Index(fields=["status", "-raised_at"], name="risk_alert_queue")]

    def __str__(self) -> str:
        return f"{self.get_signal_display()} · {self.raised_at:%Y-%m-%d}"

    @property
    def hold_source(self) -> str:
        """The ledger hold's source for this alert (``ledger.holds``)."""
        return f"risk-alert:{self.pk}"


class DeviceSighting(models.Model):
    """A member signed up or in with this device cookie (``devices``)."""

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="device_sightings",
        verbose_name=_("member"),
    )
    device = models.CharField(_("device"), max_length=64)
    first_seen = models.DateTimeField(_("first seen"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("device sighting")
        verbose_name_plural = _("device sightings")
        constraints = [
            models.UniqueConstraint(
                fields=["device", "member"],
                name="risk_device_once_per_member",
                violation_error_message=_("This device is recorded for this member already."),
            )
        ]
        indexes = [models.Index(fields=["last_seen"], name="risk_device_last_seen")]

    def __str__(self) -> str:
        return f"{self.device[:8]}… · {self.member}"
