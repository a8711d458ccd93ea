"""The points ledger: accounts, immutable entries, lots and the movements between them.

Invariants (enforced by the database, checked by the tests after every step):

- entries and lot movements are never updated or deleted, nor the tables truncated (triggers);
  the application's database role may only read these tables: every write is a database
  function running as their owner (``apps/ledger/sql/``, called by ``services``);
- sum(entries.points) == account.available + account.pending == sum(lots.remaining);
- no account balance and no lot is ever negative (CHECK constraints);
- one entry per (account, idempotency key) (UNIQUE).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.cache import ProcessMemo

from .reasons import shown

PROGRAMME_CACHE_SECONDS = 5.0
# How long an entry's reason and source (and a lot's source) may be; ``services.fit`` cuts
# longer ones to this before they reach the database.
REASON_LENGTH = 300
SOURCE_LENGTH = 100
_programme_cache: "ProcessMemo[Programme]" = ProcessMemo(PROGRAMME_CACHE_SECONDS)


class WhoEarns(models.TextChoices):
    """Whose points account a company buyer's points go to (``holders.holder_of``)."""

    BUYER = "buyer", _("Each buyer")
    COMPANY = "company", _("The company")


class Programme(models.Model):
    """The loyalty programme's settings (one row)."""

    who_earns = models.CharField(
        _("who earns"),
        max_length=10,
        choices=WhoEarns.choices,
        default=WhoEarns.BUYER,
        help_text=_(
            "The company: every buyer's points go to their company's account and the "
            "company's spend decides the tier of all its buyers. Switching moves nothing: "
            "balances stay where they were earned."
        ),
    )

    points_per_base_unit = models.DecimalField(
        _("points per unit of base currency"), max_digits=8, decimal_places=4, default=Decimal(1)
    )
    pending_days = models.PositiveIntegerField(
        _("return window (days before points are available)"), default=14
    )
    expiry_months = models.PositiveIntegerField(
        _("points expire after (months)"),
        null=True,
        blank=True,
        default=12,
        help_text=_("Leave empty for points that never expire."),
    )
    expiring_soon_days = models.PositiveIntegerField(_("'expiring soon' window (days)"), default=30)
    redemption_points_per_unit = models.PositiveIntegerField(
        _("points per unit of base currency when redeeming"), default=100
    )
    minimum_redemption = models.PositiveIntegerField(_("minimum points to redeem"), default=500)
    maximum_redemption_share = models.DecimalField(
        _("largest share of the merchandise subtotal payable with points"),
        max_digits=4,
        decimal_places=3,
        default=0.5,
    )
    adjustment_approval_threshold = models.PositiveIntegerField(
        _("adjustments above this many points need a second approver"),
        default=10_000,
        help_text=_(
            "Counted per staff member and account over the window below: the sum of their "
            "adjustments applied without a second approver, credits and debits alike."
        ),
    )
    adjustment_window_hours = models.PositiveIntegerField(
        _("approval threshold window (hours)"),
        default=24,
        validators=[MinValueValidator(1)],
    )
    at_risk_points = models.PositiveIntegerField(
        _("'at risk' members have at least this many points"),
        default=2_000,
        help_text=_(
            "Members with this balance and no activity for the period below get a "
            "re-engagement email (with marketing consent)."
        ),
    )
    at_risk_inactive_days = models.PositiveIntegerField(
        _("'at risk' after this many days without activity"), default=90
    )
    re_engagement_segments = models.JSONField(
        _("re-engagement also for these RFM segments"),
        default=list,
        blank=True,
        help_text=_(
            "Members of these segments with points and no activity for the period above get "
            "the re-engagement email whatever their balance."
        ),
    )

    class Meta:
        verbose_name = _("programme settings")
        verbose_name_plural = _("programme settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(maximum_redemption_share__gt=0, maximum_redemption_share__lte=1),
                name="programme_redemption_share_in_range",
                violation_error_message=_(
                    "The share payable with points is more than 0 and at most 1 "
                    "(the whole subtotal)."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(redemption_points_per_unit__gt=0),
                name="programme_redemption_rate_positive",
                violation_error_message=_(
                    "The points per unit of base currency when redeeming must be at least 1."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Programme settings"))

    @classmethod
    def current(cls) -> "Programme":
        """The settings row; each process re-reads it at most every few seconds."""
        return _programme_cache.get(lambda: cls.objects.get_or_create(pk=1)[0])

    @classmethod
    def forget_cached(cls) -> None:
        _programme_cache.forget()


class PointsAccount(models.Model):
    """A member's or a company's balances: the row every change locks; totals kept equal to
    the lots. Whose account a member's points go to: ``holders.holder_of``."""

    member = models.OneToOneField(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="points_account",
        verbose_name=_("member"),
    )
    company = models.OneToOneField(
        "companies.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="points_account",
        verbose_name=_("company"),
    )
    available = models.BigIntegerField(_("available"), default=0)
    pending = models.BigIntegerField(_("pending"), default=0)
    lifetime_earned = models.BigIntegerField(_("earned in total"), default=0)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    # No lot of this account is due (to be released or to expire) before this moment; null:
    # none ever. A lower bound (new lots lower it, settling recomputes it), so a write can skip
    # settling the account until then.
    next_due_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("next due at")
    )

    class Meta:
        verbose_name = _("points account")
        verbose_name_plural = _("points accounts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(available__gte=0, pending__gte=0, lifetime_earned__gte=0),
                name="points_account_never_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(member__isnull=False, company__isnull=True)
                | models.Q(member__isnull=True, company__isnull=False),
                name="points_account_member_xor_company",
                violation_error_message=_(
                    "A points account belongs to a member or to a company, not both."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.member if self.member_id is not None else self.company)


class EntryKind(models.TextChoices):
    EARN = "earn", _("Earned")
    SPEND = "spend", _("Spent")
    EXPIRE = "expire", _("Expired")
    ADJUST = "adjust", _("Adjusted")
    CLAWBACK = "clawback", _("Clawed back")
    RESTORE = "restore", _("Restored")
    IMPORT = "import", _("Imported")  # an opening balance brought from another programme


class LedgerEntry(models.Model):
    """One change of a balance. Never updated or deleted: mistakes get a correcting entry."""

    # Indexes are kept to what queries use: (account, key) and (account, time) cover the
    # account; every extra index slows the bulk inserts of the expiry job.
    account = models.ForeignKey(
        PointsAccount,
        on_delete=models.PROTECT,
        related_name="entries",
        db_index=False,
        verbose_name=_("account"),
    )
    points = models.BigIntegerField(_("points"))
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    reason = models.CharField(_("reason"), max_length=REASON_LENGTH)
    source = models.CharField(
        _("source"),
        max_length=SOURCE_LENGTH,
        blank=True,
        help_text=_("What caused it, e.g. order:42, rule:3, redemption:7."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        db_index=False,  # see Meta.indexes: only the entries staff made
    )
    rule = models.ForeignKey(
        "ledger.EarningRule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("earning rule"),
        db_index=False,  # see Meta.indexes: only the entries rules made
    )
    idempotency_key = models.CharField(max_length=200, verbose_name=_("idempotency key"))
    fingerprint = models.CharField(max_length=64, verbose_name=_("fingerprint"))
    created_at = models.DateTimeField(_("at"), db_index=True)
    # Who earned or spent it: on a company's account, the buyer (empty: the company itself,
    # e.g. expiry, an integration's or staff's change to the company, a merge); on a
    # member's account, the member. Unindexed: entries are read by account.
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("buyer"),
    )

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "idempotency_key"], name="ledger_entry_key_once_per_account"
            ),
            models.CheckConstraint(condition=~models.Q(points=0), name="ledger_entry_not_zero"),
        ]
        # Matches the history's order (newest first, id breaking ties), so the dashboard's
        # latest entries and each history page come straight from the index, without a sort.
        # The others: an order's entries by source (equality only: no pattern index), and the
        # few entries with an actor or a rule (most have neither; indexing NULLs cost every
        # insert an index write for nothing).
        indexes = [
            models.Index(fields=["account", "-created_at", "-id"], name="entry_history"),
            models.Index(fields=["source"], name="entry_source"),
            # Entries by time across accounts: a day's entries for the daily rollups and the
            # dashboard's figures of today.
            models.Index(fields=["created_at"], name="entry_created"),
            models.Index(
                fields=["actor"], name="entry_actor", condition=models.Q(actor__isnull=False)
            ),
            models.Index(
                fields=["rule"], name="entry_rule", condition=models.Q(rule__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.points:+d} {self.kind}"

    @property
    def shown_reason(self) -> str:
        """The reason in the reader's language (``reasons.shown``); load ``rule`` with it."""
        return shown(self)


class PointsLot(models.Model):
    """Points earned together: pending until ``available_at``, gone at ``expires_at``."""

    account = models.ForeignKey(
        PointsAccount, on_delete=models.PROTECT, related_name="lots", verbose_name=_("account")
    )
    entry = models.ForeignKey(
        LedgerEntry, on_delete=models.PROTECT, related_name="lots", verbose_name=_("entry")
    )
    points = models.BigIntegerField(_("points"))
    remaining = models.BigIntegerField(_("remaining"))
    available_at = models.DateTimeField(_("available from"))
    released = models.BooleanField(_("available"), default=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    # Not indexed: lots are only ever looked up by source within one account (a clawback), and
    # every index here is written again by each change of ``remaining`` (spend, expiry).
    source = models.CharField(_("source"), max_length=SOURCE_LENGTH, blank=True)
    # Expiry is a lot's last change: the ``expire`` entry that took what was left, and how many
    # points that was, are kept on the lot (a million expiring lots are a million updates, not
    # also a million movement rows). Unindexed: an entry's lots are found through its account.
    # No foreign-key constraint: only the expiry statement writes it, in the statement that
    # inserts the entry, and entries are never deleted (trigger); the per-row check was a
    # quarter of the expiry job. ``selectors.discrepancies`` checks instead that each expiry
    # entry equals what its lots recorded.
    expired_by = models.ForeignKey(
        LedgerEntry,
        on_delete=models.PROTECT,
        related_name="expired_lots",
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
        verbose_name=_("expired by"),
    )
    expired_points = models.BigIntegerField(_("points expired"), null=True, blank=True)

    class Meta:
        verbose_name = _("points lot")
        verbose_name_plural = _("points lots")
        ordering = ("expires_at", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    points__gt=0, remaining__gte=0, remaining__lte=models.F("points")
                ),
                name="points_lot_remaining_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(expired_by__isnull=True, expired_points__isnull=True)
                | models.Q(
                    expired_by__isnull=False,
                    expired_points__gt=0,
                    expired_points__lte=models.F("points"),
                    remaining=0,
                ),
                name="points_lot_expiry_recorded_whole",
            ),
        ]
        # No index on expires_at alone: the expiry job goes by accounts, and after a mass expiry
        # such an index looked nearly empty to the planner, which then scanned it across every
        # account for a spend instead of lot_spend_order.
        indexes = [
            models.Index(
                fields=["account", "released", "expires_at", "id"],
                name="lot_spend_order",
                condition=models.Q(remaining__gt=0),
            ),
            models.Index(
                fields=["available_at"],
                name="lot_release_due",
                condition=models.Q(released=False, remaining__gt=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.remaining}/{self.points}"


class LotMovement(models.Model):
    """How an entry changed a lot (spend, clawback and adjustments take points out of lots;
    expiry is recorded on the lot itself, ``PointsLot.expired_by``)."""

    entry = models.ForeignKey(
        LedgerEntry, on_delete=models.PROTECT, related_name="movements", verbose_name=_("entry")
    )
    lot = models.ForeignKey(
        PointsLot, on_delete=models.PROTECT, related_name="movements", verbose_name=_("lot")
    )
    points = models.BigIntegerField(verbose_name=_("points"))

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~models.Q(points=0), name="lot_movement_not_zero")
        ]

    def __str__(self) -> str:
        return f"{self.points:+d} lot {self.lot_id}"


class AdjustmentStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting", _("Awaiting approval")
    APPLIED = "applied", _("Applied")
    REJECTED = "rejected", _("Rejected")


class AdjustmentRequest(models.Model):
    """Every staff adjustment (admin, or an API key acting for the staff member who created it):
    applied at once within the programme's threshold, else waiting for a second person."""

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
        help_text=_("Empty: an adjustment of a company's account."),
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("company"),
        help_text=_("An adjustment of the company's own account."),
    )
    points = models.BigIntegerField(_("points"))
    reason = models.CharField(_("reason"), max_length=REASON_LENGTH)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AdjustmentStatus.choices,
        default=AdjustmentStatus.AWAITING_APPROVAL,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
        help_text=_("Empty: an API key that no staff member created."),
    )
    api_key_prefix = models.CharField(
        _("API key"), max_length=16, blank=True, help_text=_("Empty: made in the admin.")
    )
    reference = models.CharField(_("reference"), max_length=90, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    entry = models.OneToOneField(
        LedgerEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entry"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("points adjustment")
        verbose_name_plural = _("points adjustments")
        ordering = ("-created_at",)
        indexes = [
            models.Index(fields=["member", "requested_by", "created_at"], name="adjustment_window"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(points=0), name="adjustment_not_zero"),
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")),
                name="adjustment_needs_a_second_person",
            ),
            models.CheckConstraint(
                condition=models.Q(requested_by__isnull=False) | ~models.Q(api_key_prefix=""),
                name="adjustment_has_a_requester",
            ),
            models.CheckConstraint(
                condition=models.Q(member__isnull=False, company__isnull=True)
                | models.Q(member__isnull=True, company__isnull=False),
                name="adjustment_of_a_member_or_a_company",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.points:+d} {self.member or self.company}"


from .rules_models import CapPeriod as CapPeriod  # noqa: E402
from .rules_models import EarningRule as EarningRule  # noqa: E402
from .rules_models import RuleKind as RuleKind  # noqa: E402


class PointsHold(models.Model):
    """While a member has a hold that is not lifted, the release job leaves their pending lots
    pending (``ledger_release_due``, ``apps/ledger/sql/0022_release_skips_held.sql``); lifting
    the last one releases what is due. One hold per member and source (e.g. a fraud alert,
    ``risk-alert:12``), so holding twice for the same reason is one hold."""

    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="points_holds",
        verbose_name=_("member"),
    )
    # When the member's points go to their company's account, the hold holds that account.
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("company"),
    )
    source = models.CharField(_("source"), max_length=SOURCE_LENGTH)
    reason = models.CharField(_("reason"), max_length=REASON_LENGTH, blank=True)
    created_at = models.DateTimeField(_("held since"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )

    class Meta:
        verbose_name = _("points hold")
        verbose_name_plural = _("points holds")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "source"],
                name="points_hold_once_per_source",
                violation_error_message=_("This member is held for this reason already."),
            )
        ]
        indexes = [
            # The release job looks up the held members of each batch of accounts.
            models.Index(
                fields=["member"], name="points_hold_active", condition=models.Q(lifted_at=None)
            ),
            models.Index(
                fields=["company"],
                name="points_hold_company_active",
                condition=models.Q(lifted_at=None, company__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.source}"


from .experiments_models import Experiment as Experiment  # noqa: E402
from .experiments_models import ExperimentAssignment as ExperimentAssignment  # noqa: E402
from .experiments_models import ExperimentGroup as ExperimentGroup  # noqa: E402
from .experiments_models import ExperimentStatus as ExperimentStatus  # noqa: E402
