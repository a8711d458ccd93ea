"""Members and their opening balances from the merchant's previous programme."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.roles import FINANCE, MANAGER, SUPPORT, create_staff
from apps.backoffice.member_import import check_file, import_file
from apps.backoffice.models import MemberImport
from apps.ledger.models import EntryKind, LedgerEntry, PointsAccount, PointsLot
from apps.ledger.services import earn
from apps.members.models import Member
from apps.tiers.models import Tier, TierChange, TierStatus
from tests.conftest import TOTP_SECRET, make_pending_lots_due
from tests.factories import MemberFactory, UserFactory

HEADER = (
    "email,first_name,last_name,company,country,language,customer_type,points,"
    "points_expire_at,tier,external_id"
)
GOOD = [
    "anna@example.com,Anna,Berg,Berg GmbH,DE,de,distributor,1200,2030-12-31,Gold,ERP-1",
    "bob@example.com,Bob,Lee,,US,en,,0,,,ERP-2",
    "chen@example.com,,,Chen Ltd,CN,zh-hans,oem,50,,,",
]


def file_of(*lines: str) -> bytes:
    return "\n".join([HEADER, *lines]).encode()


def balances_add_up() -> None:
    for account in PointsAccount.objects.all():
        entries = sum(account.entries.values_list("points", flat=True))
        assert account.available + account.pending == entries
        assert sum(lot.remaining for lot in account.lots.all()) == entries


@pytest.fixture
def gold(db):
    return Tier.objects.create(name_en="Gold", rank=3)


def staff_client(role: str) -> Client:
    user, _password = create_staff(email=f"{role}@example.com", role=role)
    TOTP.activate(user, TOTP_SECRET)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_file_becomes_members_with_one_opening_entry_each_and_their_tier(gold):
    report = import_file(file_of(*GOOD))

    assert (report.created, report.balances_opened, report.tiers_set, report.errors) == (
        3,
        2,
        1,
        [],
    )
    anna = Member.objects.select_related("user").get(external_id="ERP-1")
    assert (anna.user.email, anna.user.first_name, anna.company_name) == (
        "anna@example.com",
        "Anna",
        "Berg GmbH",
    )
    assert (anna.country.code, anna.preferred_language, anna.customer_type) == (
        "DE",
        "de",
        "distributor",
    )
    assert not anna.user.has_usable_password()  # they set one through "forgot password"
    entry = LedgerEntry.objects.get(account__member=anna)
    assert (entry.kind, entry.points) == (EntryKind.IMPORT, 1200)
    lot = PointsLot.objects.get(entry=entry)
    assert lot.released and lot.expires_at == datetime(2031, 1, 1, tzinfo=UTC)  # all of 31 Dec
    assert anna.points_account.available == 1200
    assert anna.points_account.lifetime_earned == 0  # not earned in this programme
    assert TierStatus.objects.get(member=anna).tier == gold
    chen = Member.objects.get(user__email="chen@example.com")
    assert chen.preferred_language == "zh-hans"
    assert LedgerEntry.objects.get(account__member=chen).lots.get().expires_at > timezone.now()
    assert not LedgerEntry.objects.filter(account__member__user__email="bob@example.com")
    balances_add_up()


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(gold):
    import_file(file_of(*GOOD))
    counts = (
        User.objects.count(),
        LedgerEntry.objects.count(),
        PointsLot.objects.count(),
        TierChange.objects.count(),
    )

    report = import_file(file_of(*GOOD))

    assert (report.created, report.matched, report.balances_opened, report.tiers_set) == (
        0,
        3,
        0,
        0,
    )
    assert report.errors == []
    assert counts == (
        User.objects.count(),
        LedgerEntry.objects.count(),
        PointsLot.objects.count(),
        TierChange.objects.count(),
    )


@pytest.mark.django_db
def test_members_already_here_are_matched_by_external_id_or_email_and_kept(gold):
    by_email = MemberFactory(user=UserFactory(email="Anna@Example.com"), company_name="Own")
    by_id = MemberFactory(external_id="ERP-2")
    earn(member=by_email, points=10, reason="Order", idempotency_key="o1")

    report = import_file(file_of(*GOOD))

    assert (report.created, report.matched) == (1, 2)
    by_email.refresh_from_db()
    assert by_email.company_name == "Own"  # the member's own data stays
    assert by_email.points_account.available == 1210
    assert not Member.objects.filter(user__email="bob@example.com").exists()
    assert by_id.user.email != "bob@example.com"
    balances_add_up()


@pytest.mark.django_db
def test_a_second_file_with_other_points_for_a_member_is_refused_for_that_row(gold):
    import_file(file_of(GOOD[0]))
    report = import_file(file_of(GOOD[0].replace(",1200,", ",999,")))
    assert [(e.line, e.message) for e in report.errors] == [
        (2, "This member's opening balance was imported before, with other points.")
    ]
    assert LedgerEntry.objects.get(kind=EntryKind.IMPORT).points == 1200


BAD_ROWS = [
    (",A,,,,,,,,,", "The e-mail address is missing."),
    ("not-an-email,,,,,,,,,,", "“not-an-email” is not an e-mail address."),
    ("anna@example.com,,,,,,,,,,", "This e-mail address is on an earlier line already."),
    ("x@example.com,,,,,,,,,,ERP-1", "This external id is on an earlier line already."),
    ("x@example.com,,,,ZZ,,,,,,", "“ZZ” is not a country code."),
    ("x@example.com,,,,,xx,,,,,", "“xx” is not a language of the shop"),
    ("x@example.com,,,,,,retail,,,,", "“retail” is not a customer type"),
    ("x@example.com,,,,,,,-5,,,", "“-5” is not a number of points"),
    ("x@example.com,,,,,,,12.5,,,", "“12.5” is not a number of points"),
    ("x@example.com,,,,,,,10,31/12/2030,,", "“31/12/2030” is not a date (YYYY-MM-DD)."),
    ("x@example.com,,,,,,,10,2020-01-01,,", "The points' expiry date has passed."),
    ("x@example.com,,,,,,,,,Diamond,", "There is no tier named “Diamond”."),
    ("x@example.com," + "a" * 151 + ",,,,,,,,,", "The first name is longer than 150"),
    ("x@example.com,,,,,,,,,," + "9" * 101, "The external id is longer than 100"),
    ("merchant@example.com,,,,,,,,,,", "This e-mail address belongs to an account that"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("line", "reason"), BAD_ROWS)
def test_a_bad_row_is_reported_with_its_line_and_the_good_rows_are_imported(
    gold, admin_user, line, reason
):
    report = import_file(file_of(GOOD[0], line, GOOD[2]))

    assert len(report.errors) == 1
    assert report.errors[0].line == 3
    assert report.errors[0].message.startswith(reason)
    imported = Member.objects.filter(user__email__in=["anna@example.com", "chen@example.com"])
    assert imported.count() == 2
    assert report.balances_opened == 2


@pytest.mark.django_db
def test_an_email_and_an_external_id_of_two_different_members_are_refused(gold):
    MemberFactory(user=UserFactory(email="anna@example.com"))
    MemberFactory(external_id="ERP-1")
    report = check_file(file_of(GOOD[0]))
    assert [e.message for e in report.errors] == [
        "The external id and the e-mail address belong to two different members."
    ]


@pytest.mark.django_db
def test_reasons_are_in_the_readers_language(gold):
    from django.utils import translation

    with translation.override("de"):
        report = check_file(file_of("x@example.com,,,,,,,,,Diamond,"))
    assert "Diamond" in report.errors[0].message
    assert not report.errors[0].message.startswith("There is no tier")


@pytest.mark.django_db
def test_the_dry_run_writes_nothing(gold, tmp_path, capsys):
    path = tmp_path / "members.csv"
    path.write_bytes(file_of(*GOOD, "bad,,,,,,,,,,"))
    before = (User.objects.count(), Member.objects.count(), LedgerEntry.objects.count())

    call_command("import_members", str(path), "--dry-run")

    out, err = capsys.readouterr()
    assert "3 good rows (3 new members, 0 already members, 1250 points), 1 bad rows" in out
    assert "line 5: “bad” is not an e-mail address." in err
    assert before == (User.objects.count(), Member.objects.count(), LedgerEntry.objects.count())
    assert not TierChange.objects.exists()


@pytest.mark.django_db
def test_the_command_imports_the_good_rows_and_lists_the_bad(gold, tmp_path, capsys):
    path = tmp_path / "members.csv"
    path.write_bytes(file_of(*GOOD, "bad,,,,,,,,,,"))
    call_command("import_members", str(path))
    out, err = capsys.readouterr()
    assert "Imported: 3 new members" in out and "line 5:" in err
    assert Member.objects.count() == 3


@pytest.mark.django_db
def test_a_file_without_an_email_column_is_refused_whole(tmp_path):
    from django.core.management import CommandError

    path = tmp_path / "members.csv"
    path.write_bytes(b"mail,points\nx@example.com,5\n")
    with pytest.raises(CommandError, match="email"):
        call_command("import_members", str(path))


@pytest.mark.django_db
def test_the_admin_previews_the_file_then_imports_it_on_confirmation(gold):
    client = staff_client(MANAGER)
    upload = io.BytesIO(file_of(*GOOD, "bad,,,,,,,,,,"))
    upload.name = "members.csv"

    preview = client.post("/admin/backoffice/memberimport/add/", {"file": upload})

    assert preview.status_code == 200
    html = preview.content.decode()
    assert "3 new members" in html and "1250 opening points" in html
    assert "“bad” is not an e-mail address." in html and "<td>5</td>" in html
    assert not Member.objects.exists()  # nothing written before the confirmation
    assert MemberImport.objects.get().imported_at is None

    done = client.post(
        "/admin/backoffice/memberimport/add/", {"upload": preview.context["upload"].pk}
    )

    record = MemberImport.objects.get()
    assert done.status_code == 302 and done.url.endswith(f"/{record.pk}/change/")
    assert Member.objects.count() == 3
    assert (record.created_members, record.balances_opened, record.errors) == (
        3,
        2,
        [[5, "“bad” is not an e-mail address."]],
    )
    assert record.imported_at is not None and bytes(record.content) == b""  # file dropped
    assert "line 5" in client.get(done.url).content.decode()
    # The same confirmation again imports nothing twice.
    again = client.post(
        "/admin/backoffice/memberimport/add/", {"upload": preview.context["upload"].pk}
    )
    assert again.status_code == 302 and Member.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("role", [SUPPORT, FINANCE])
def test_only_programme_managers_import(role):
    client = staff_client(role)
    assert client.get("/admin/backoffice/memberimport/add/").status_code == 403


@pytest.mark.django_db
def test_imported_entries_export_with_their_kind(gold):
    """Round trip: what was imported is what the ledger list exports."""
    import_file(file_of(*GOOD))
    response = staff_client(FINANCE).get("/admin/ledger/ledgerentry/export/?kind__exact=import")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert sorted(int(row[2]) for row in rows[1:]) == [50, 1200]
    assert {row[3] for row in rows[1:]} == {"Imported"}


def test_a_member_with_points_due_is_settled_first_then_opened(database_owner, gold):
    """A matched member whose pending points became available meanwhile: the batch leaves the
    account alone ("due"); the opening is written one by one after settling it."""
    member = MemberFactory(user=UserFactory(email="anna@example.com"))
    earn(
        member=member,
        points=40,
        reason="Order",
        idempotency_key="o1",
        available_at=timezone.now() + timedelta(days=30),
    )
    make_pending_lots_due(database_owner, member)

    report = import_file(file_of(GOOD[0]))

    assert (report.matched, report.balances_opened, report.errors) == (1, 1, [])
    account = PointsAccount.objects.get(member=member)
    assert (account.available, account.pending) == (1240, 0)
    balances_add_up()
