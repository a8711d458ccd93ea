"""A/B tests of earning rules with a control group (docs/experiments.md): the split is stable,
the same in Python and SQL and close to the configured share on 100,000 members; the control
group does not get the rule; the results per group; stop and roll out; the admin and export."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.ledger.experiments import (
    assign_members,
    roll_out_experiment,
    start_experiment,
    stop_experiment,
)
from apps.ledger.experiments_models import TREATMENT_SQL, bucket, in_treatment, threshold
from apps.ledger.models import (
    EarningRule,
    Experiment,
    ExperimentAssignment,
    ExperimentGroup,
    ExperimentStatus,
    RuleKind,
)
from apps.ledger.purchases import award_purchase_points
from apps.ledger.rules import newcomer_award, order_awards
from apps.ledger.selectors import experiment_results
from tests.factories import MemberFactory, ProductFactory
from tests.ledger.test_rules import paid_order

MEMBERS = 100_000


@pytest.mark.django_db
def test_assignment_is_stable_the_same_in_sql_and_close_to_the_split_on_100000_members():
    key, other_key = "a1b2c3d4e5f60718", "ffeeddccbbaa9988"
    limit = threshold(Decimal(30))  # ``in_treatment`` is ``bucket < threshold``
    treated = {n for n in range(1, MEMBERS + 1) if bucket(key, n) < limit}
    other = {n for n in range(1, MEMBERS + 1) if bucket(other_key, n) < limit}

    # Stable: asked again (another process, another day), a member is in the same group.
    assert all(in_treatment(key, n, Decimal("30.00")) == (n in treated) for n in range(1, 2001))
    # Close to 30 %: the standard deviation is about 145 members.
    assert abs(len(treated) - 30_000) < 600
    # Independent of the other experiment's split: about 30 % of 30 % are in both.
    assert abs(len(treated & other) - 9_000) < 500
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT member.id FROM generate_series(1, %(n)s) AS member(id) WHERE " + TREATMENT_SQL,  # noqa: S608 - a constant of the code
            {"n": MEMBERS, "key": key, "threshold": threshold(Decimal(30))},
        )
        assert {row[0] for row in cursor.fetchall()} == treated


def _one_of_each(experiment, members):
    groups = {experiment.group_of(m.pk): m for m in members}
    return groups[ExperimentGroup.TREATMENT], groups[ExperimentGroup.CONTROL]


@pytest.mark.django_db
def test_the_control_group_does_not_get_the_campaign_until_it_is_rolled_out():
    product = ProductFactory()
    members = [MemberFactory() for _ in range(12)]  # both groups, with 1 - 2 * 0.5**12 odds
    double = EarningRule.objects.create(
        name="Double week", kind=RuleKind.CAMPAIGN, multiplier=Decimal(2)
    )
    welcome = EarningRule.objects.create(name="Welcome", kind=RuleKind.SIGN_UP, points=500)
    experiment = start_experiment(rule=double)
    start_experiment(rule=welcome, treatment_percent=Decimal(50))
    treated, control = _one_of_each(experiment, members)

    treated_order = paid_order(treated, [(product, "100", 1)])
    control_order = paid_order(control, [(product, "100", 1)])

    assert (order_awards(treated_order).total, order_awards(control_order).total) == (200, 100)
    # Every member's group is recorded as the hash decides it; nobody twice.
    recorded = dict(experiment.assignments.values_list("member_id", "group"))
    assert recorded == {m.pk: experiment.group_of(m.pk) for m in members}
    assert assign_members(experiment=experiment) == 0
    # Someone who has not joined yet has no group: an experiment's bonus is promised to nobody.
    assert newcomer_award(RuleKind.SIGN_UP, tier=None) is None

    roll_out_experiment(experiment=experiment)

    assert order_awards(control_order, when=timezone.now()).total == 200
    experiment.refresh_from_db()
    assert (experiment.status, experiment.ended_at is not None) == (
        ExperimentStatus.ROLLED_OUT,
        True,
    )


@pytest.mark.django_db
def test_results_per_group_and_the_revenue_per_point_with_its_interval():
    product = ProductFactory()
    members = [MemberFactory() for _ in range(12)]
    double = EarningRule.objects.create(
        name="Double week", kind=RuleKind.CAMPAIGN, multiplier=Decimal(2)
    )
    experiment = start_experiment(rule=double, now=timezone.now() - timedelta(minutes=1))
    groups = Counter(experiment.group_of(m.pk) for m in members)
    treated = [m for m in members if experiment.group_of(m.pk) == ExperimentGroup.TREATMENT]
    control = [m for m in members if experiment.group_of(m.pk) == ExperimentGroup.CONTROL]
    # Two treated members buy, one of them twice; one control member buys once.
    orders = [
        paid_order(treated[0], [(product, "300", 1)]),
        paid_order(treated[0], [(product, "100", 1)]),
        paid_order(treated[1], [(product, "200", 1)]),
        paid_order(control[0], [(product, "100", 1)]),
    ]
    for order in orders:
        award_purchase_points(order)

    results = experiment_results(experiment)

    t, c = results.treatment, results.control
    assert (t.members, t.buyers, t.orders, t.revenue, t.points) == (
        groups[ExperimentGroup.TREATMENT],
        2,
        3,
        Decimal(600),
        1200,  # doubled
    )
    assert (c.members, c.buyers, c.orders, c.revenue, c.points) == (
        groups[ExperimentGroup.CONTROL],
        1,
        1,
        Decimal(100),
        100,
    )
    assert (t.repurchase_rate, c.repurchase_rate) == (Decimal("0.5"), Decimal(0))
    assert (t.conversion, c.conversion) == (Decimal(2) / t.members, Decimal(1) / c.members)
    extra_revenue = Decimal(600) / t.members - Decimal(100) / c.members
    extra_points = Decimal(1200) / t.members - Decimal(100) / c.members
    assert results.revenue_per_point == extra_revenue / extra_points
    low, high = results.revenue_per_point_interval
    assert low < results.revenue_per_point < high
    assert results.points_cost == extra_points * t.members / 100  # 100 points per dollar

    experiment = stop_experiment(experiment=experiment)

    double.refresh_from_db()
    assert double.is_active is False  # stopped: nobody gets it
    late = MemberFactory()
    assert assign_members(experiment=experiment) == 0  # the groups are those of the test
    assert not ExperimentAssignment.objects.filter(member=late).exists()


@pytest.mark.django_db
def test_staff_start_an_experiment_see_its_results_roll_it_out_and_export_the_groups(
    admin_client,
):
    members = [MemberFactory(country="DE") for _ in range(3)] + [MemberFactory(country="FR")]
    rule = EarningRule.objects.create(
        name="Double week", kind=RuleKind.CAMPAIGN, multiplier=Decimal(2), countries=["DE"]
    )

    response = admin_client.post(
        reverse("admin:ledger_experiment_add"), {"rule": rule.pk, "treatment_percent": "40"}
    )

    assert response.status_code == 302
    experiment = Experiment.objects.get()
    assert (experiment.treatment_percent, experiment.started_by is not None) == (40, True)
    # Only the members the rule could apply to (Germany) are in the test.
    assert set(experiment.assignments.values_list("member_id", flat=True)) == {
        m.pk for m in members[:3]
    }
    page = admin_client.get(reverse("admin:ledger_experiment_change", args=[experiment.pk]))
    assert b'id="experiment-results"' in page.content
    assert b"members (sample size)" in page.content
    # A rule is tried once.
    again = admin_client.post(
        reverse("admin:ledger_experiment_add"), {"rule": rule.pk, "treatment_percent": "50"}
    )
    assert b"has been tried in an experiment already" in again.content

    changelist = reverse("admin:ledger_experiment_changelist")
    admin_client.post(changelist, {"action": "roll_out", "_selected_action": [experiment.pk]})
    export = admin_client.post(
        changelist, {"action": "export_groups", "_selected_action": [experiment.pk]}
    )

    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.ROLLED_OUT
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert len(lines) == 1 + 3
    assert {line.split(",")[2] for line in lines[1:]} == {str(m.pk) for m in members[:3]}
