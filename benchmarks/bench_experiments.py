"""A/B tests of earning rules (docs/experiments.md) on 100,000 members: starting an experiment
(every member's group recorded in one ``INSERT ... SELECT``), the hourly catch-up with nothing
to add, and the results page's query over the members' orders and points.

Seeds a scratch database ``storefront_bench_experiments`` as ``bench_segments`` does (members,
orders over 18 months, earn entries; smaller by default), then, as the application's role,
starts a 50 % experiment, checks the recorded split against the configured share, and times the
results query a few times.

    .venv/bin/python benchmarks/bench_experiments.py [--members 100000] [--orders 300000]
        [--entries 300000] [--runs 3] [--keep]
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_segments import seed
from benchmarks.harness import bench_environment, ensure_database, manage

DATABASE = "storefront_bench_experiments"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=300_000)
    parser.add_argument("--entries", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--database", default=DATABASE, help="scratch database's name")
    options = parser.parse_args()

    env = bench_environment(options.database)
    if not options.keep:
        ensure_database(env, recreate=True)
        manage(env, "migrate", "-v", "0")
    os.environ.update(env)

    import django

    django.setup()
    from django.utils import timezone

    from apps.ledger.experiments import assign_running_experiments, start_experiment
    from apps.ledger.models import EarningRule, Experiment, ExperimentGroup, RuleKind
    from apps.ledger.selectors import experiment_results
    from apps.members.models import Member

    if not options.keep:
        start = time.perf_counter()
        seed(env, options)
        print(f"  seeding took {time.perf_counter() - start:.0f} s")
    Experiment.objects.all().delete()

    members = Member.objects.count()
    print(f"Experiments: {members:,} members")
    rule = EarningRule.objects.create(
        name="Bench double week", kind=RuleKind.CAMPAIGN, multiplier=Decimal(2)
    )
    start = time.perf_counter()
    experiment = start_experiment(
        rule=rule,
        treatment_percent=Decimal(50),
        now=timezone.now() - timedelta(days=365),
    )
    print(f"  started, every member's group recorded: {time.perf_counter() - start:6.2f} s")
    treated = experiment.assignments.filter(group=ExperimentGroup.TREATMENT).count()
    recorded = experiment.assignments.count()
    print(f"  recorded {recorded:,}; treatment {treated:,} ({100 * treated / recorded:.2f} %)")
    start = time.perf_counter()
    added = assign_running_experiments()
    print(f"  hourly catch-up, {added} to add: {time.perf_counter() - start:6.2f} s")
    durations = []
    for _run in range(options.runs):
        start = time.perf_counter()
        results = experiment_results(experiment)
        durations.append(time.perf_counter() - start)
    t, c = results.treatment, results.control
    print(
        f"  results: treatment {t.members:,} members, {t.buyers:,} buyers, {t.orders:,} orders;"
        f" control {c.members:,} members, {c.buyers:,} buyers, {c.orders:,} orders"
    )
    print(
        f"  results query: median {statistics.median(durations):.2f} s, "
        f"slowest {max(durations):.2f} s over {options.runs} runs"
    )
    experiment.delete()
    rule.delete()


if __name__ == "__main__":
    main()
