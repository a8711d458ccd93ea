"""Long jobs run as short batches under a lease (apps/core/batch_jobs.py): each batch commits
its progress, a redelivered task goes on from there, and a duplicate never runs beside it."""

import threading
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.utils import timezone

from apps.core.models import JobRun
from apps.ledger import services as ledger
from apps.ledger.models import EntryKind, LedgerEntry, PointsAccount
from apps.ledger.selectors import discrepancies
from apps.ledger.tasks import EXPIRY, expire_points
from apps.notifications.tasks import BIRTHDAYS, celebrate_birthdays
from apps.tiers.tasks import REEVALUATION, reevaluate_all
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def members_with_expired_points(database_owner, count: int) -> list[int]:
    """``count`` members, each with 100 points that expired a minute ago; their account ids."""
    members = [MemberFactory() for _ in range(count)]
    for member in members:
        ledger.earn(member=member, points=100, reason="Order", idempotency_key=f"o{member.pk}")
    accounts = sorted(PointsAccount.objects.filter(member__in=members).values_list("pk", flat=True))
    expire_lots_of(database_owner, accounts)
    return accounts


def expire_lots_of(database_owner, accounts: list[int]) -> None:
    """Time passes: the accounts' lots expired a minute ago (as the owner: the application's
    role may not write lots)."""
    with database_owner.cursor() as cursor:
        cursor.execute(
            "UPDATE ledger_pointslot SET expires_at = now() - interval '1 minute' "
            "WHERE account_id = ANY(%(a)s);"
            "UPDATE ledger_pointsaccount SET next_due_at = now() - interval '1 minute' "
            "WHERE id = ANY(%(a)s)",
            {"a": accounts},
        )


def expired_accounts() -> list[int]:
    entries = LedgerEntry.objects.filter(kind=EntryKind.EXPIRE)
    return sorted(entries.values_list("account_id", flat=True))


def assert_ledger_adds_up(accounts: list[int]) -> None:
    for account in PointsAccount.objects.filter(pk__in=accounts):
        assert discrepancies(account) == []


def test_the_expiry_job_commits_each_batch_and_finishes_its_run(database_owner, settings):
    settings.LEDGER_JOB_BATCH_ACCOUNTS = 2
    accounts = members_with_expired_points(database_owner, 5)

    assert expire_points.apply().get() == 5

    run = JobRun.objects.get(job=EXPIRY.name)
    assert run.finished_at is not None
    assert (run.batches, run.changed) == (4, 5)  # 2 + 2 + 1 accounts, then none left
    assert expired_accounts() == accounts
    assert_ledger_adds_up(accounts)


def test_a_second_message_stands_down_while_another_holds_the_run(database_owner, settings):
    settings.LEDGER_JOB_BATCH_ACCOUNTS = 2
    members_with_expired_points(database_owner, 3)
    lease = timezone.now() + timedelta(minutes=1)
    run = JobRun.objects.create(
        job=EXPIRY.name, as_of=timezone.now(), holder="first-task", lease_expires_at=lease
    )

    assert expire_points.apply().get() == 0  # a second beat's message, a manual run
    assert expire_points.apply(kwargs={"run_id": run.pk}).get() == 0

    assert expired_accounts() == []
    run.refresh_from_db()
    assert (run.holder, run.batches) == ("first-task", 0)


def test_a_redelivered_message_goes_on_from_the_committed_cursor(database_owner, settings):
    settings.LEDGER_JOB_BATCH_ACCOUNTS = 2
    accounts = members_with_expired_points(database_owner, 5)
    # The first task did two batches, then its worker was killed mid-way through the third.
    lease = timezone.now() + timedelta(minutes=1)
    run = JobRun.objects.create(
        job=EXPIRY.name,
        as_of=timezone.now(),
        holder="killed-task",
        lease_expires_at=lease,
        cursor=accounts[1],
        batches=1,
    )

    assert expire_points.apply(kwargs={"run_id": run.pk}, task_id="killed-task").get() == 3

    assert expired_accounts() == accounts[2:]  # the first batch's accounts are not walked again
    run.refresh_from_db()
    assert run.finished_at is not None


def test_a_run_whose_holder_is_gone_is_taken_over_when_its_lease_expires(database_owner, settings):
    accounts = members_with_expired_points(database_owner, 2)
    lost = timezone.now() - timedelta(seconds=1)
    JobRun.objects.create(
        job=EXPIRY.name, as_of=timezone.now(), holder="lost-task", lease_expires_at=lost
    )

    assert expire_points.apply().get() == 2  # the next beat's message

    assert expired_accounts() == accounts
    assert JobRun.objects.get().finished_at is not None


def test_a_batch_never_runs_beside_another_even_for_its_holder(database_owner, settings):
    accounts = members_with_expired_points(database_owner, 2)
    lapsed = timezone.now() - timedelta(seconds=1)
    run = JobRun.objects.create(
        job=EXPIRY.name, as_of=timezone.now(), holder="slow-task", lease_expires_at=lapsed
    )
    with database_owner.cursor() as cursor:
        # A batch of the holder's is running (its lease lapsed while it did).
        cursor.execute("BEGIN; SELECT 1 FROM core_jobrun WHERE id = %s FOR UPDATE", [run.pk])
        assert expire_points.apply().get() == 0  # the next beat's message stands down
        assert expire_points.apply(kwargs={"run_id": run.pk}).get() == 0
        # The holder's own message, handed out again: it looks again a little later.
        with pytest.raises(Retry):
            expire_points.apply(kwargs={"run_id": run.pk}, task_id="slow-task").get()
        cursor.execute("ROLLBACK")

    assert expired_accounts() == []
    assert expire_points.apply(kwargs={"run_id": run.pk}, task_id="slow-task").get() == 2
    assert expired_accounts() == accounts


def test_the_holder_waits_out_another_message_s_look_instead_of_retrying(database_owner):
    accounts = members_with_expired_points(database_owner, 2)
    lease = timezone.now() + timedelta(minutes=2)
    run = JobRun.objects.create(
        job=EXPIRY.name, as_of=timezone.now(), holder="holder-task", lease_expires_at=lease
    )
    with database_owner.cursor() as cursor:
        # Another beat's message looks at the run (and stands down) a moment later.
        cursor.execute("BEGIN; SELECT 1 FROM core_jobrun WHERE id = %s FOR UPDATE", [run.pk])
        threading.Timer(0.5, lambda: database_owner.cursor().execute("ROLLBACK")).start()

        # The holder's own message is not sent off to retry (a retry once stalled the run).
        assert expire_points.apply(kwargs={"run_id": run.pk}, task_id="holder-task").get() == 2

    assert expired_accounts() == accounts


def test_a_task_that_spent_its_budget_hands_the_run_to_a_successor(database_owner, settings):
    settings.LEDGER_JOB_BATCH_ACCOUNTS = 1
    settings.CELERY_TASK_TIME_LIMIT = 0  # budget 0: one batch per task, then a successor
    accounts = members_with_expired_points(database_owner, 3)

    expire_points.apply()  # eager: each successor runs at once, inside its predecessor

    run = JobRun.objects.get()
    assert run.finished_at is not None and run.batches == 4
    assert expired_accounts() == accounts
    assert_ledger_adds_up(accounts)


def test_set_based_jobs_run_in_one_batch_under_the_lease():
    lease = timezone.now() + timedelta(minutes=1)
    held = JobRun.objects.create(
        job=BIRTHDAYS.name, as_of=timezone.now(), holder="first-beat", lease_expires_at=lease
    )

    assert celebrate_birthdays.apply().get() == 0  # a second beat's message stands down
    reevaluate_all.apply().get()

    held.refresh_from_db()
    assert (held.finished_at, held.batches) == (None, 0)
    tiers_run = JobRun.objects.get(job=REEVALUATION.name)
    assert tiers_run.finished_at is not None and tiers_run.batches == 1


def test_staff_see_each_run_s_progress_and_holder_in_the_admin(admin_client):
    JobRun.objects.create(
        job=EXPIRY.name,
        as_of=timezone.now(),
        cursor=120,
        batches=3,
        holder="task-7f3",
        lease_expires_at=timezone.now(),
    )

    page = admin_client.get("/admin/core/jobrun/").content.decode()

    assert EXPIRY.name in page and "task-7f3" in page
    assert admin_client.get("/admin/core/jobrun/add/").status_code == 403  # written by the jobs
