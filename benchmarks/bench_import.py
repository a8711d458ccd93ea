"""``import_members``: 100,000 rows with opening points and tiers. Target: under 2 minutes.

Writes a CSV of new members (every column filled; four in five with opening points, one in
three with a tier), then in a child process on a scratch database: checks it (the dry run),
imports it, and imports it again (nothing changes). Prints each step's time, and how much of
the import the opening balances (one ``ledger_earn`` per member, batched) and the tiers took.

    .venv/bin/python benchmarks/bench_import.py [--rows 100000]
"""

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_ledger import recreate_database
from benchmarks.harness import ROOT, bench_environment

CHILD = """
import sys, time, django
django.setup()
from apps.backoffice import member_import
from apps.tiers.models import Tier

for rank, name in enumerate(("Member", "Silver", "Gold", "Platinum")):
    Tier.objects.get_or_create(rank=rank, defaults={"name_en": name})
spent = {"ledger": 0.0, "tiers": 0.0}

def timed(name, function):
    def run(**kwargs):
        started = time.perf_counter()
        try:
            return function(**kwargs)
        finally:
            spent[name] += time.perf_counter() - started
    return run

member_import.open_balances = timed("ledger", member_import.open_balances)
member_import.assign_imported_tiers = timed("tiers", member_import.assign_imported_tiers)
content = open(sys.argv[1], "rb").read()
started = time.perf_counter()
checked = member_import.check_file(content)
check = time.perf_counter() - started
started = time.perf_counter()
report = member_import.import_file(content)
first = time.perf_counter() - started
ledger, tiers = spent["ledger"], spent["tiers"]
started = time.perf_counter()
again = member_import.import_file(content)
second = time.perf_counter() - started
print(check, len(checked.rows), first, report.created, report.balances_opened, report.tiers_set,
      len(report.errors), ledger, tiers, second, again.created, again.balances_opened,
      again.tiers_set)
"""


def write_file(path: Path, rows: int) -> None:
    tiers = ("", "", "", "Silver", "Gold", "Platinum")
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(
            [
                "email",
                "first_name",
                "last_name",
                "company",
                "country",
                "language",
                "customer_type",
                "points",
                "points_expire_at",
                "tier",
                "external_id",
            ]
        )
        for n in range(1, rows + 1):
            writer.writerow(
                [
                    f"imported{n}@example.com",
                    "Anna",
                    "Berg",
                    f"Company {n}",
                    "DE",
                    "de",
                    "distributor",
                    (n * 37) % 5000 if n % 5 else 0,
                    "2030-12-31" if n % 2 else "",
                    tiers[n % 6],
                    f"ERP-{n}",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    env = bench_environment("storefront_bench_import")
    env["LOG_LEVEL"] = "WARNING"
    recreate_database(env)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "members.csv"
        write_file(path, args.rows)
        print(f"{args.rows} rows, {path.stat().st_size / 1e6:.1f} MB")
        started = time.perf_counter()
        output = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
    total = time.perf_counter() - started
    check, good, first, created, opened, tiers_set, bad, ledger, tiers, second = output[:10]
    again_created, again_opened, again_tiers = output[10:]
    print(f"check (dry run): {float(check):.1f} s for {good} good rows")
    print(
        f"import: {float(first):.1f} s (target < 120 s): {created} members, {opened} opening "
        f"balances, {tiers_set} tiers, {bad} bad rows; of which the opening balances "
        f"{float(ledger):.1f} s, the tiers {float(tiers):.1f} s"
    )
    print(
        f"import again: {float(second):.1f} s: {again_created} members, {again_opened} opening "
        f"balances, {again_tiers} tiers (nothing changes)"
    )
    print(f"child process in all (set-up included): {total:.1f} s")


if __name__ == "__main__":
    main()
