"""Members from the programme the merchant used before, with their opening balances and tiers
(``import_members`` and the admin's "Import members"; docs/imports-and-exports.md).

A CSV file (UTF-8, a header row) with the columns ``COLUMNS``; only ``email`` is required. Each
row is checked first (``check_file``: every bad row with its line number and the reason, in
the reader's language); ``import_file`` then writes the good rows in batches, each batch in one
transaction:

- a member matched by external id, else by e-mail (capitals do not count), is kept as it is;
  any other row enrols a new member (a user who signs in once they set a password through
  "forgot password"; no welcome e-mail is sent);
- ``points`` become one ledger entry of kind ``import`` with the lot's expiry from
  ``points_expire_at`` (``ledger.openings``: at most one opening balance per member);
- ``tier`` puts the member in that tier (``tiers.services.assign_imported_tiers``).

Importing the same file again changes nothing.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from itertools import islice

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django_countries import countries

from apps.accounts.models import User
from apps.ledger.openings import OpeningBalance, open_balances
from apps.ledger.services import DEFAULT_EXPIRY, Expiry
from apps.members.models import CustomerType, Member
from apps.tiers.models import Tier
from apps.tiers.services import assign_imported_tiers

from .bulk_insert import insert_rows

COLUMNS = (
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
)
BATCH_ROWS = 2000  # rows written per transaction
LOOKUP_ROWS = 5000  # e-mails or external ids looked up per query
MAX_POINTS = 10**12


@dataclass
class Row:
    """A good row, ready to write."""

    line: int
    email: str
    first_name: str
    last_name: str
    company: str
    country: str
    language: str
    customer_type: str
    points: int
    expires_at: Expiry
    tier: Tier | None
    external_id: str
    member: Member | None = None  # the member it matched, if any


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass
class Report:
    """What a file holds (``check_file``) or what importing it did (``import_file``)."""

    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: int = 0  # members enrolled
    matched: int = 0  # rows that matched a member already there
    balances_opened: int = 0  # opening balances written (not those written before)
    tiers_set: int = 0

    @property
    def new_members(self) -> int:
        return sum(1 for row in self.rows if row.member is None)

    @property
    def existing_members(self) -> int:
        return len(self.rows) - self.new_members

    @property
    def points(self) -> int:
        return sum(row.points for row in self.rows)


class FileRefused(Exception):
    """The file as a whole cannot be read (not UTF-8 CSV, no ``email`` column, unknown columns)."""


def check_file(content: bytes) -> Report:
    """Every row checked, nothing written: the good rows (with the members they match) and
    the bad ones with their line numbers and reasons. Raises ``FileRefused``."""
    report = Report()
    checker = _Checker()
    for line, record in _records(content):
        try:
            report.rows.append(checker.row(line, record))
        except ValidationError as error:
            report.errors.append(RowError(line, error.messages[0]))
    _match_members(report)
    return report


def import_file(content: bytes, *, actor: User | None = None) -> Report:
    """Check the file (``check_file``), then import its good rows in batches; the bad rows are
    reported and skipped. Raises ``FileRefused``."""
    report = check_file(content)
    rows = iter(list(report.rows))
    while batch := list(islice(rows, BATCH_ROWS)):
        _write(batch, report, actor=actor)
    report.errors.sort(key=lambda error: error.line)
    return report


def _records(content: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(_("The file is not UTF-8 text.")) from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if "email" not in header:
        raise FileRefused(_("The first line must name the columns, among them “email”."))
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise FileRefused(
            _("Unknown columns: %(columns)s. The columns are: %(known)s.")
            % {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS)}
        )
    reader.fieldnames = header
    for record in reader:
        values = {name: (value or "").strip() for name, value in record.items() if name}
        if any(values.values()):  # blank lines are skipped
            yield reader.line_num, values


class _Checker:
    """The rules of one row, and those across rows (each e-mail and external id once)."""

    def __init__(self) -> None:
        self.emails: set[str] = set()
        self.external_ids: set[str] = set()
        self.languages = {code for code, _name in settings.LANGUAGES}
        self.customer_types = {choice.value for choice in CustomerType}
        self.tiers: dict[str, Tier] = {}
        for tier in Tier.objects.all():
            for language in self.languages | {""}:
                name = getattr(tier, f"name_{language}" if language else "name", None)
                if name:
                    self.tiers.setdefault(name.strip().lower(), tier)
        self.now = timezone.now()

    def row(self, line: int, record: dict[str, str]) -> Row:
        email = self._email(record.get("email", ""))
        external_id = record.get("external_id", "")
        if len(external_id) > 100:
            raise ValidationError(_("The external id is longer than 100 characters."))
        if external_id in self.external_ids:
            raise ValidationError(_("This external id is on an earlier line already."))
        self.emails.add(email.lower())
        if external_id:
            self.external_ids.add(external_id)
        points = self._points(record.get("points", ""))
        return Row(
            line=line,
            email=email,
            first_name=self._text(record, "first_name", 150),
            last_name=self._text(record, "last_name", 150),
            company=self._text(record, "company", 200),
            country=self._country(record.get("country", "")),
            language=self._language(record.get("language", "")),
            customer_type=self._customer_type(record.get("customer_type", "")),
            points=points,
            expires_at=self._expiry(record.get("points_expire_at", "")),
            tier=self._tier(record.get("tier", "")),
            external_id=external_id,
        )

    def _email(self, value: str) -> str:
        if not value:
            raise ValidationError(_("The e-mail address is missing."))
        try:
            validate_email(value)
        except ValidationError as error:
            raise ValidationError(
                _("“%(value)s” is not an e-mail address.") % {"value": value}
            ) from error
        if value.lower() in self.emails:
            raise ValidationError(_("This e-mail address is on an earlier line already."))
        return User.objects.normalize_email(value)

    @staticmethod
    def _text(record: dict[str, str], name: str, length: int) -> str:
        value = record.get(name, "")
        if len(value) > length:
            label = {
                "first_name": _("The first name"),
                "last_name": _("The last name"),
                "company": _("The company name"),
            }[name]
            raise ValidationError(
                _("%(field)s is longer than %(length)s characters.")
                % {"field": label, "length": length}
            )
        return value

    @staticmethod
    def _country(value: str) -> str:
        code = countries.alpha2(value) if value else ""
        if value and not code:
            raise ValidationError(_("“%(value)s” is not a country code.") % {"value": value})
        return code

    def _language(self, value: str) -> str:
        if not value:
            return settings.LANGUAGE_CODE
        code = value.replace("_", "-").lower()
        match = {known.lower(): known for known in self.languages}.get(code)
        if match is None:
            raise ValidationError(
                _("“%(value)s” is not a language of the shop (%(languages)s).")
                % {"value": value, "languages": ", ".join(sorted(self.languages))}
            )
        return match

    def _customer_type(self, value: str) -> str:
        if value and value not in self.customer_types:
            raise ValidationError(
                _("“%(value)s” is not a customer type (%(types)s).")
                % {"value": value, "types": ", ".join(sorted(self.customer_types))}
            )
        return value

    @staticmethod
    def _points(value: str) -> int:
        if not value:
            return 0
        try:
            points = int(value)
        except ValueError:
            points = -1
        if points < 0 or points > MAX_POINTS:
            raise ValidationError(
                _("“%(value)s” is not a number of points (a whole number, 0 or more).")
                % {"value": value}
            )
        return points

    def _expiry(self, value: str) -> Expiry:
        """A date (the points last through that day, UTC) or a date and time; blank: the
        programme's expiry."""
        if not value:
            return DEFAULT_EXPIRY
        try:
            moment = parse_datetime(value) if "T" in value or " " in value else None
            day = None if moment else parse_date(value)
        except ValueError:
            moment = day = None
        if day is not None:
            moment = datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)
        if moment is None:
            raise ValidationError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value})
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, UTC)
        if moment <= self.now:
            raise ValidationError(_("The points' expiry date has passed."))
        return moment

    def _tier(self, value: str) -> Tier | None:
        if not value:
            return None
        tier = self.tiers.get(value.lower())
        if tier is None:
            raise ValidationError(_("There is no tier named “%(value)s”.") % {"value": value})
        return tier


def _chunks(values: list[str]) -> Iterable[list[str]]:
    iterator = iter(values)
    while chunk := list(islice(iterator, LOOKUP_ROWS)):
        yield chunk


def _match_members(report: Report) -> None:
    """Find the member each row names (by external id, else by e-mail); a row that names two
    different members, or a user who is not a member, is moved to the errors."""
    by_external_id: dict[str, Member] = {}
    external_ids = [row.external_id for row in report.rows if row.external_id]
    for chunk in _chunks(external_ids):
        for member in Member.objects.filter(external_id__in=chunk).exclude(external_id=""):
            by_external_id[member.external_id] = member
    by_email: dict[str, User] = {}
    for chunk in _chunks([row.email.lower() for row in report.rows]):
        users = User.objects.annotate(lower_email=Lower("email")).filter(lower_email__in=chunk)
        for user in users.select_related("member"):
            by_email[user.email.lower()] = user
    good = []
    for row in report.rows:
        problem = _match(row, by_external_id.get(row.external_id), by_email.get(row.email.lower()))
        if problem:
            report.errors.append(RowError(row.line, problem))
        else:
            good.append(row)
    report.rows = good
    report.errors.sort(key=lambda error: error.line)


def _match(row: Row, by_external_id: Member | None, user: User | None) -> str:
    by_email = getattr(user, "member", None) if user is not None else None
    if user is not None and by_email is None:
        return _("This e-mail address belongs to an account that is not a member (staff).")
    if by_external_id is not None and by_email is not None and by_external_id != by_email:
        return _("The external id and the e-mail address belong to two different members.")
    if by_external_id is None and by_email is not None and by_email.external_id and row.external_id:
        return _("This e-mail address belongs to a member with another external id.")
    row.member = by_external_id or by_email
    return ""


@transaction.atomic
def _write(batch: list[Row], report: Report, *, actor: User | None) -> None:
    new = [row for row in batch if row.member is None]
    _enrol(new)
    report.created += len(new)
    report.matched += len(batch) - len(new)
    openings = [
        OpeningBalance(member=row.member, points=row.points, expires_at=row.expires_at)
        for row in batch
        if row.points and row.member is not None
    ]
    outcomes = open_balances(openings=openings, actor=actor)
    report.balances_opened += sum(1 for outcome in outcomes.values() if outcome == "done")
    lines = {row.member.pk: row.line for row in batch if row.member is not None}
    for member_id, outcome in outcomes.items():
        if outcome == "conflict":
            report.errors.append(
                RowError(
                    lines[member_id],
                    _("This member's opening balance was imported before, with other points."),
                )
            )
    tiers = {row.member.pk: row.tier for row in batch if row.tier and row.member is not None}
    report.tiers_set += assign_imported_tiers(tiers=tiers, now=timezone.now())


def _enrol(rows: list[Row]) -> None:
    """New members (and their users and e-mail addresses) for ``rows``, in three statements."""
    if not rows:
        return
    user_ids = insert_rows(
        User,
        [
            {
                "email": row.email,
                "first_name": row.first_name,
                "last_name": row.last_name,
                "password": UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
            }
            for row in rows
        ],
    )
    insert_rows(
        EmailAddress,
        [
            {"user_id": user_id, "email": row.email, "verified": False, "primary": True}
            for user_id, row in zip(user_ids, rows, strict=True)
        ],
    )
    members = [
        {
            "user_id": user_id,
            "company_name": row.company,
            "country": row.country,
            "preferred_language": row.language,
            "customer_type": row.customer_type,
            "external_id": row.external_id,
        }
        for user_id, row in zip(user_ids, rows, strict=True)
    ]
    member_ids = insert_rows(Member, members)
    for member_id, values, row in zip(member_ids, members, rows, strict=True):
        row.member = Member(pk=member_id, **values)  # what the ledger needs: id and time zone
