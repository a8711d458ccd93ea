"""Services of A/B tests with a control group (docs/experiments.md): start an experiment on an
earning rule, record the members' groups, stop it or roll it out to everyone.

Which group a member is in never depends on what is recorded: ``Experiment.group_of`` (a hash)
answers the same everywhere, and ``assign_members`` records that answer, in one statement, for
the members the rule could apply to (its countries and customer types; its tiers and segments
change over time and are checked when points are awarded, for both groups alike). Members who
join later are recorded by the periodic ``ledger.assign_experiment_members`` task and when the
experiment ends. Results: ``selectors.experiment_results``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError

from .experiments_models import TREATMENT_SQL, threshold
from .models import (
    EarningRule,
    Experiment,
    ExperimentAssignment,
    ExperimentGroup,
    ExperimentStatus,
)

if TYPE_CHECKING:
    from apps.accounts.models import User


class ExperimentError(ApplicationError):
    code = "experiment_error"


def start_experiment(
    *,
    rule: EarningRule,
    treatment_percent: Decimal = Decimal(50),
    by: User | None = None,
    now: datetime | None = None,
) -> Experiment:
    """Run ``rule`` as an experiment: from now on only the treatment group gets it. A rule is
    tried once (its experiment, once ended, stays as the record of what was learnt)."""
    now = now or timezone.now()
    if not Decimal(1) <= Decimal(treatment_percent) <= Decimal(99):
        raise ExperimentError(_("The treatment share must be between 1 and 99 %."))
    with transaction.atomic():
        rule = EarningRule.objects.select_for_update().get(pk=rule.pk)
        if Experiment.objects.filter(rule=rule).exists():
            raise ExperimentError(_("This rule has been tried in an experiment already."))
        experiment = Experiment.objects.create(
            rule=rule, treatment_percent=treatment_percent, started_at=now, started_by=by
        )
        assign_members(experiment=experiment, now=now)
    return experiment


ASSIGN_SQL = f"""
    INSERT INTO {ExperimentAssignment._meta.db_table} (experiment_id, member_id, "group",
                                                        assigned_at)
    SELECT %(experiment)s, member.id,
           CASE WHEN {TREATMENT_SQL} THEN %(treatment)s ELSE %(control)s END, %(now)s
    FROM members_member AS member
    WHERE (cardinality(%(countries)s::text[]) = 0 OR member.country = ANY(%(countries)s))
      AND (cardinality(%(types)s::text[]) = 0 OR member.customer_type = ANY(%(types)s))
      AND EXISTS (
          SELECT 1 FROM {Experiment._meta.db_table}
          WHERE id = %(experiment)s AND status = %(running)s
      )
      AND NOT EXISTS (
          SELECT 1 FROM {ExperimentAssignment._meta.db_table} AS known
          WHERE known.experiment_id = %(experiment)s AND known.member_id = member.id
      )
    ON CONFLICT (experiment_id, member_id) DO NOTHING
"""  # noqa: S608 - table names from the models, values as parameters


def assign_members(*, experiment: Experiment, now: datetime | None = None) -> int:
    """Record the group of every member the rule could apply to who has none yet (only while
    the experiment runs: an ended one keeps the groups it had). Returns how many were added."""
    if not experiment.is_running:
        return 0
    rule = experiment.rule
    with connection.cursor() as cursor:
        cursor.execute(
            ASSIGN_SQL,
            {
                "experiment": experiment.pk,
                "key": experiment.key,
                "threshold": threshold(experiment.treatment_percent),
                "treatment": ExperimentGroup.TREATMENT.value,
                "control": ExperimentGroup.CONTROL.value,
                "running": ExperimentStatus.RUNNING.value,
                "now": now or timezone.now(),
                "countries": [str(country) for country in rule.countries],
                "types": list(rule.customer_types or []),
            },
        )
        return int(cursor.rowcount)


def assign_running_experiments() -> int:
    """Record the groups of the members who joined since (the periodic task)."""
    return sum(
        assign_members(experiment=experiment)
        for experiment in Experiment.objects.filter(status=ExperimentStatus.RUNNING).select_related(
            "rule"
        )
    )


def _end(experiment: Experiment, status: str, now: datetime | None) -> Experiment:
    now = now or timezone.now()
    with transaction.atomic():
        experiment = (
            Experiment.objects.select_for_update().select_related("rule").get(pk=experiment.pk)
        )
        if not experiment.is_running:
            raise ExperimentError(_("This experiment has ended already."))
        assign_members(experiment=experiment, now=now)
        experiment.status, experiment.ended_at = status, now
        experiment.save(update_fields=["status", "ended_at"])
        if status == ExperimentStatus.STOPPED:
            EarningRule.objects.filter(pk=experiment.rule_id).update(is_active=False)
    return experiment


def stop_experiment(*, experiment: Experiment, now: datetime | None = None) -> Experiment:
    """End the experiment with nobody getting the rule (the rule is switched off)."""
    return _end(experiment, ExperimentStatus.STOPPED, now)


def roll_out_experiment(*, experiment: Experiment, now: datetime | None = None) -> Experiment:
    """End the experiment with everyone the rule applies to getting it, the control too."""
    return _end(experiment, ExperimentStatus.ROLLED_OUT, now)
