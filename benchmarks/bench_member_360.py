"""The members list and the member 360 in the admin at size. Target: no query per row (the
query count of the list does not grow with its rows) and p50 under 150 ms for both pages.

Seeds a scratch database ``storefront_bench_member360``: ``--members`` members (each with a
points account and a tier; every tenth with ``--entries-each`` ledger entries), and one member
with ``--entries`` entries, then renders ``/admin/members/member/`` (100 rows a page, the
default sort, and sorted by points) and that member's page in-process through Django's test
client as a superuser (the whole request: middleware, session, queries, templates) with
production-shaped settings (DEBUG off). A trivial view is timed the same way as the baseline.

    .venv/bin/python benchmarks/bench_member_360.py [--members 20000] [--entries 10000]
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_member_dashboard import describe, timed
from benchmarks.harness import bench_environment, ensure_database, manage

DATABASE = "storefront_bench_member360"


def seed(members: int, entries: int, entries_each: int):
    from django.db import connection
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.core.database_roles import as_owner
    from apps.members.models import Member
    from apps.tiers.models import Tier, TierStatus
    from tests.factories import MemberFactory, bulk_points_history

    tiers = [Tier.objects.create(name_en=name, rank=rank) for rank, name in enumerate("ABC")]
    users = User.objects.bulk_create(
        [
            User(email=f"member{n}@example.com", password="!")  # noqa: S106 - unusable password
            for n in range(members)
        ],
        batch_size=5000,
    )
    created = Member.objects.bulk_create(
        [
            Member(user=user, company_name=f"Company {n}", country="DE", referral_code=f"B{n}")
            for n, user in enumerate(users)
        ],
        batch_size=5000,
    )
    now = timezone.now()
    TierStatus.objects.bulk_create(
        [TierStatus(member=m, tier=tiers[m.pk % 3], since=now) for m in created], batch_size=5000
    )
    busy = MemberFactory()
    with as_owner(connection):  # the ledger's tables are written by their owner only
        for member in created[::10]:
            bulk_points_history(member, entries_each, database=connection)
        bulk_points_history(busy, entries, database=connection)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return busy


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--entries-each", type=int, default=20)
    parser.add_argument("--requests", type=int, default=100)
    options = parser.parse_args()

    env = bench_environment(DATABASE)
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    ensure_database(env, recreate=True)
    manage(env, "migrate", "-v", "0")
    os.environ.update(env)

    import django

    django.setup()
    from allauth.mfa.totp.internal.auth import TOTP
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import override_settings

    from apps.accounts.models import User

    # Static files by their plain names (no collectstatic, no manifest): the pages' own work.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    cache.clear()
    busy = seed(options.members, options.entries, options.entries_each)
    staff = User.objects.create_superuser("bench-staff@example.com", "x")
    TOTP.activate(staff, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # staff need two-factor set up
    client = Client()
    client.force_login(staff)

    pages = {
        "trivial view (baseline)": "/bench/trivial/",
        "members list (100 rows)": "/admin/members/member/",
        "members list by points": "/admin/members/member/?o=-3",
        "members list, 10 rows": "/admin/members/member/?q=Company+1000",
        f"member 360 ({options.entries:,} entries)": f"/admin/members/member/{busy.pk}/change/",
        "member 360, history page 200": f"/admin/members/member/{busy.pk}/change/?entries=200",
    }
    print(f"Members admin, {options.members:,} members, {options.requests} requests each:")
    results = {}
    for label, path in pages.items():
        durations, queries = timed(client, path, options.requests)
        results[label] = (statistics.median(durations), queries)
        print(describe(label, durations, queries))
    baseline = results["trivial view (baseline)"][0]
    for label, (p50, _queries) in results.items():
        print(f"  {label:<34} ratio to the trivial view: {p50 / baseline:5.1f}")
    same = results["members list (100 rows)"][1] == results["members list, 10 rows"][1]
    print(f"  list queries independent of its rows: {'yes' if same else 'NO'}")
    slowest = max(p50 for label, (p50, _q) in results.items() if "trivial" not in label)
    print(f"  target p50 < 150 ms: {'met' if slowest < 150 else 'NOT met'} ({slowest:.1f} ms)")


if __name__ == "__main__":
    main()
