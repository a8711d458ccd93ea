"""A/B tests of earning rules with a control group (imported into ``models``; docs/experiments.md).

A rule under a running experiment applies only to the members of its treatment group. Which
group a member is in is decided by ``in_treatment`` (a hash of the experiment's key and the
member's id against the configured share): deterministic, the same in every process and in SQL
(``TREATMENT_SQL``), so no lookup is needed when points are awarded. ``ExperimentAssignment``
records each member's group (``apps.ledger.experiments.assign_members``) for the results and the
export.
"""

import hashlib
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .rules_models import EarningRule

BUCKETS = 10_000  # a share is placed to a hundredth of a percent


def bucket(key: str, member_id: int) -> int:
    """The member's place in ``range(BUCKETS)`` for the experiment with ``key``."""
    digest = hashlib.md5(f"{key}:{member_id}".encode(), usedforsecurity=False).hexdigest()
    return int(digest[:8], 16) % BUCKETS


def in_treatment(key: str, member_id: int, percent: object) -> bool:
    """Whether the member is in the treatment group of an experiment giving ``percent`` % of
    members the rule (``percent`` a Decimal with two places)."""
    return bucket(key, member_id) < threshold(percent)


def threshold(percent: object) -> int:
    """The buckets below which a member is treated, for a share of ``percent`` %."""
    return int(Decimal(str(percent)) * BUCKETS / 100)


# ``in_treatment`` in SQL, over a member id column ``member.id`` and the parameters %(key)s and
# %(threshold)s (percent * 100); a test checks that both agree.
TREATMENT_SQL = (
    "(('x' || substr(md5(%(key)s || ':' || member.id::text), 1, 8))::bit(32)::bigint"
    " %% 10000) < %(threshold)s"
)


def new_key() -> str:
    return secrets.token_hex(8)


class ExperimentStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    STOPPED = "stopped", _("Stopped: nobody gets the rule")
    ROLLED_OUT = "rolled_out", _("Rolled out to everyone")


class ExperimentGroup(models.TextChoices):
    TREATMENT = "treatment", _("Treatment (gets the rule)")
    CONTROL = "control", _("Control (does not)")


class Experiment(models.Model):
    """An earning rule (a campaign multiplier, a bonus, a rate) tried on a share of members."""

    rule = models.OneToOneField(
        EarningRule,
        on_delete=models.PROTECT,
        related_name="experiment",
        verbose_name=_("earning rule"),
    )
    treatment_percent = models.DecimalField(
        _("treatment share (%)"),
        max_digits=5,
        decimal_places=2,
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("The share of members who get the rule; the others are the control group."),
    )
    key = models.CharField(
        _("assignment key"),
        max_length=32,
        default=new_key,
        editable=False,
        help_text=_("Members are placed in a group by a hash of this key and their id."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExperimentStatus.choices,
        default=ExperimentStatus.RUNNING,
    )
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )

    class Meta:
        verbose_name = _("experiment")
        verbose_name_plural = _("experiments")
        ordering = ("-started_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(treatment_percent__gte=1, treatment_percent__lte=99),
                name="experiment_treatment_share_1_to_99",
                violation_error_message=_("The treatment share must be between 1 and 99 %."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.rule)

    @property
    def is_running(self) -> bool:
        return self.status == ExperimentStatus.RUNNING

    def group_of(self, member_id: int) -> str:
        if in_treatment(self.key, member_id, self.treatment_percent):
            return ExperimentGroup.TREATMENT
        return ExperimentGroup.CONTROL


class ExperimentAssignment(models.Model):
    """Which group a member is in (what ``Experiment.group_of`` answers, recorded)."""

    experiment = models.ForeignKey(
        Experiment,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("experiment"),
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    group = models.CharField(_("group"), max_length=9, choices=ExperimentGroup.choices)
    assigned_at = models.DateTimeField(_("assigned"))

    class Meta:
        verbose_name = _("experiment assignment")
        verbose_name_plural = _("experiment assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["experiment", "member"],
                name="experiment_assignment_once",
                violation_error_message=_("This member already has a group in this experiment."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.experiment} · {self.member_id} · {self.group}"
