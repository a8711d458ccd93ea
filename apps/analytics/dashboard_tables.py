"""The dashboard as tables: each is shown as an accessible HTML table, drawn as a chart where it
has one, and written to the CSV download, so the three always show the same figures."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from babel.dates import format_date
from django.utils.translation import gettext as _
from djmoney.money import Money

from apps.core.formatting import babel_locale
from apps.members.models import RfmSegment, ShareChannel

from .dashboard import Compared, Dashboard, DaySums, Period


class Percent(Decimal):
    """A share in per cent (shown with the language's per cent sign)."""


class Signed(Decimal):
    """A change, shown with its sign (+12, -3; a rate's change in percentage points)."""


@dataclass
class Table:
    key: str  # the table's id on the page and its part of the CSV
    caption: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart: str = ""  # "line", "bar" or "" (no chart)


def _percent(value: int | Decimal | None) -> Percent | None:
    return None if value is None else Percent(value)


def _compared_row(label: str, figure: Compared, percent: bool = False) -> list:
    """Label, this period, the previous one and the change (a rate's change in percentage
    points)."""
    change = None if figure.change is None else Signed(figure.change)
    if percent:
        return [label, _percent(figure.current), _percent(figure.previous), change]
    return [label, figure.current, figure.previous, change]


def key_figures(dashboard: Dashboard) -> Table:
    referrals = dashboard.referral_conversion
    conversion = Compared(
        _rate(referrals.converted, referrals.referred),
        _rate(referrals.previous_converted, referrals.previous_referred),
    )
    migration = dashboard.tier_migration
    rows = [
        _compared_row(_("Members (total at the period's end)"), dashboard.members_total),
        _compared_row(_("New members"), dashboard.members_new),
        _compared_row(_("Active members"), dashboard.members_active),
        _compared_row(_("Repurchase rate"), dashboard.repurchase_rate, percent=True),
        _compared_row(_("Points issued"), dashboard.points_issued),
        _compared_row(_("Points redeemed"), dashboard.points_redeemed),
        _compared_row(_("Points expired"), dashboard.points_expired),
        _compared_row(_("Points adjusted (net)"), dashboard.points_adjusted),
        _compared_row(_("Redemption rate (redeemed / issued)"), dashboard.redemption_rate, True),
        _compared_row(
            _("Referred buyers who signed up"),
            Compared(referrals.referred, referrals.previous_referred),
        ),
        _compared_row(_("Referral conversion"), conversion, percent=True),
        [_("Tier upgrades"), migration.ups, None, None],
        [_("Tier downgrades"), migration.downs, None, None],
        [_("Members at risk (now)"), dashboard.at_risk_members, None, None],
    ]
    columns = [_("Figure"), _("This period"), _("Previous period"), _("Change")]
    return Table("figures", _("Key figures"), columns, rows)


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))


def sales(dashboard: Dashboard) -> Table:
    columns = [
        _("Currency"),
        _("Average order, members"),
        _("Previous period"),
        _("Average order, guests"),
        _("Previous period"),
        _("Members' share of sales"),
        _("Previous period"),
    ]

    def amount(value: int | Decimal | None, currency: str) -> Money | None:
        return None if value is None else Money(value, currency)

    rows = [
        [
            line.currency,
            amount(line.member_order_value.current, line.currency),
            amount(line.member_order_value.previous, line.currency),
            amount(line.guest_order_value.current, line.currency),
            amount(line.guest_order_value.previous, line.currency),
            _percent(line.member_share.current),
            _percent(line.member_share.previous),
        ]
        for line in dashboard.sales
    ]
    return Table("sales", _("Orders and sales by currency (orders count when paid)"), columns, rows)


def liability(dashboard: Dashboard) -> Table:
    columns = [
        _("Currency"),
        _("Points outstanding"),
        _("Previous period"),
        _("Value at the redemption rate"),
    ]
    rows = [
        [line.currency, line.points.current, line.points.previous, line.value]
        for line in dashboard.liability
    ]
    caption = _("Points liability by the currency members' points are valued in")
    return Table("liability", caption, columns, rows)


def _buckets(period: Period) -> list[tuple[date, date]]:
    """The period cut into days (up to a month), weeks (up to 120 days) or calendar months."""
    days = period.each_day()
    if period.days <= 31:
        return [(day, day) for day in days]
    if period.days <= 120:
        return [(day, min(day + timedelta(days=6), period.last)) for day in days[::7]]
    buckets, start = [], period.first
    while start <= period.last:
        next_month = (start.replace(day=1) + timedelta(days=32)).replace(day=1)
        buckets.append((start, min(next_month - timedelta(days=1), period.last)))
        start = next_month
    return buckets


def _bucket_label(first: date, period: Period) -> str:
    """A day or a week by its first day, a month by its name, in the reader's language."""
    if period.days > 120:
        return format_date(first, format="MMM y", locale=babel_locale())
    return format_date(first, format="medium", locale=babel_locale())


def _bucket_heading(period: Period) -> str:
    if period.days <= 31:
        return _("Day")
    if period.days <= 120:
        return _("Week starting")
    return _("Month")


def _over_time(dashboard: Dashboard) -> list[tuple[str, DaySums]]:
    period = dashboard.filters.period
    series = []
    for first, last in _buckets(period):
        sums = DaySums()
        for day, day_sums in dashboard.current.by_day.items():
            if first <= day <= last:
                sums.add(day_sums.values)
        series.append((_bucket_label(first, period), sums))
    return series


def enrolment(dashboard: Dashboard) -> Table:
    rows = [[label, sums.members_joined] for label, sums in _over_time(dashboard)]
    columns = [_bucket_heading(dashboard.filters.period), _("New members")]
    return Table("enrolment", _("Enrolment"), columns, rows, chart="line")


def points_flows(dashboard: Dashboard) -> Table:
    columns = [_bucket_heading(dashboard.filters.period), _("Issued"), _("Redeemed"), _("Expired")]
    rows = [
        [label, sums.issued, sums.redeemed, sums.points_expired]
        for label, sums in _over_time(dashboard)
    ]
    return Table("points", _("Points flows"), columns, rows, chart="bar")


def tier_distribution(dashboard: Dashboard) -> Table:
    rows = [
        [str(count.tier) if count.tier else _("No tier yet"), count.members]
        for count in dashboard.tier_distribution
    ]
    caption = _("Tier distribution at the period's end")
    return Table("tiers", caption, [_("Tier"), _("Members")], rows, chart="bar")


def segments(dashboard: Dashboard) -> Table:
    rows = [
        [RfmSegment(segment).label if segment else _("Not scored yet"), members]
        for segment, members in dashboard.segments
    ]
    caption = _("Members by RFM segment (last nightly scoring)")
    return Table("segments", caption, [_("Segment"), _("Members")], rows)


def tier_migration(dashboard: Dashboard) -> Table:
    rows = [
        [str(before) if before else _("No tier yet"), str(after), members]
        for before, after, members in dashboard.tier_migration.moves
    ]
    columns = [_("From"), _("To"), _("Members")]
    return Table("migration", _("Tier changes in the period"), columns, rows)


def top_rewards(dashboard: Dashboard) -> Table:
    rows = [[line.name, line.redemptions, line.points] for line in dashboard.top_rewards]
    columns = [_("Reward"), _("Redemptions"), _("Points")]
    return Table("rewards", _("Top rewards"), columns, rows)


def referral_channels(dashboard: Dashboard) -> Table:
    rows = [
        [ShareChannel(count.channel).label, count.visits, count.signed_up, count.converted]
        for count in dashboard.referral_channels
    ]
    columns = [_("Channel"), _("Visits"), _("Signed up"), _("First order paid")]
    return Table("channels", _("Referrals by channel (share to earn)"), columns, rows)


def all_tables(dashboard: Dashboard) -> list[Table]:
    return [
        key_figures(dashboard),
        enrolment(dashboard),
        points_flows(dashboard),
        tier_distribution(dashboard),
        segments(dashboard),
        tier_migration(dashboard),
        sales(dashboard),
        liability(dashboard),
        top_rewards(dashboard),
        referral_channels(dashboard),
    ]


def chart_data(table: Table) -> dict:
    """What the page's script hands to the chart library: labels (the first column, already in
    the reader's language) and one series per further column."""
    return {
        "type": table.chart,
        "labels": [row[0] for row in table.rows],
        "series": [
            {"label": column, "data": [int(row[index] or 0) for row in table.rows]}
            for index, column in enumerate(table.columns[1:], start=1)
        ],
    }


def csv_value(value) -> object:
    """A cell as the CSV holds it: numbers as numbers, amounts without their currency sign."""
    if value is None:
        return ""
    if isinstance(value, Money):
        return str(value.amount)
    if isinstance(value, Decimal):
        return str(value)
    return value


def csv_rows(tables: list[Table], *, period: Period, previous: Period):
    """Every table one after another, each under its caption and column names."""
    yield [_("Period"), period.first.isoformat(), period.last.isoformat()]
    yield [_("Previous period"), previous.first.isoformat(), previous.last.isoformat()]
    for table in tables:
        yield []
        yield [table.caption]
        yield table.columns
        for row in table.rows:
            yield [csv_value(value) for value in row]
