"""Daily rollups of the programme: immutable figures per closed day, so that reports cost the
number of days asked for, not the size of the ledger.

A day is the programme's calendar day (``settings.TIME_ZONE``). ``ReportingDay`` marks a day as
closed: its ``DailyFigures`` rows are final and a re-run of the close changes nothing. Figures
for today are computed live from the ledger and never stored.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportingDay(models.Model):
    """A closed day: its figures are final."""

    day = models.DateField(_("day"), primary_key=True)
    closed_at = models.DateTimeField(_("closed at"))
    ledger_entries = models.PositiveIntegerField(_("ledger entries counted"), default=0)

    class Meta:
        verbose_name = _("closed reporting day")
        verbose_name_plural = _("closed reporting days")
        ordering = ("-day",)
        permissions = [
            ("view_programme_dashboard", _("Can view the programme dashboard")),
            ("view_points_accounting", _("Can view the points accounting report")),
        ]

    def __str__(self) -> str:
        return self.day.isoformat()


class DailyFigures(models.Model):
    """One day's figures for one combination of the report's dimensions.

    Dimensions are the member's at the day's end (country, tier, customer type, the currency in
    which their points are valued: their preferred currency); guests' orders carry the order's
    country and currency, an empty tier and customer type. Points are integers; sales are in
    ``currency``. ``closing_available + closing_pending`` is the outstanding balance of these
    members at the day's end, so opening + every movement = closing for each day.
    """

    day = models.DateField(_("day"))
    currency = models.CharField(_("currency"), max_length=3)
    country = models.CharField(_("country"), max_length=2, blank=True)
    tier = models.CharField(_("tier"), max_length=60, blank=True)
    customer_type = models.CharField(_("customer type"), max_length=20, blank=True)

    members_joined = models.PositiveIntegerField(_("members joined"), default=0)
    active_members = models.PositiveIntegerField(_("active members"), default=0)
    member_orders = models.PositiveIntegerField(_("orders by members"), default=0)
    member_sales = models.DecimalField(
        _("sales to members"), max_digits=16, decimal_places=2, default=0
    )
    guest_orders = models.PositiveIntegerField(_("orders by guests"), default=0)
    guest_sales = models.DecimalField(
        _("sales to guests"), max_digits=16, decimal_places=2, default=0
    )

    points_earned_pending = models.BigIntegerField(_("points earned (pending)"), default=0)
    points_earned_available = models.BigIntegerField(_("points earned (available)"), default=0)
    points_released = models.BigIntegerField(_("points released from pending"), default=0)
    points_spent_checkout = models.BigIntegerField(_("points spent at checkout"), default=0)
    points_spent_rewards = models.BigIntegerField(_("points spent on rewards"), default=0)
    points_clawed_back = models.BigIntegerField(_("points clawed back"), default=0)
    points_expired = models.BigIntegerField(_("points expired"), default=0)
    points_adjusted_up = models.BigIntegerField(_("points adjusted up"), default=0)
    points_adjusted_down = models.BigIntegerField(_("points adjusted down"), default=0)
    points_returned = models.BigIntegerField(_("points returned"), default=0)
    closing_available = models.BigIntegerField(_("closing balance (available)"), default=0)
    closing_pending = models.BigIntegerField(_("closing balance (pending)"), default=0)

    class Meta:
        verbose_name = _("daily figures")
        verbose_name_plural = _("daily figures")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "currency", "country", "tier", "customer_type"],
                name="daily_figures_one_row_per_dimensions",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.currency} {self.country} {self.tier} {self.customer_type}"


class MemberBitmap(models.Field):
    """A set of members as a PostgreSQL ``bit varying``: bit ``n`` (from the left, from 0) set
    for the member whose id is ``n``. Written and read by SQL only (bit_or over days,
    ``get_bit`` per member); Django sees the text of the bits."""

    description = "A set of member ids as a bit string"

    def db_type(self, connection) -> str:
        return "bit varying"


class ActiveMembers(models.Model):
    """Who was active (earned or spent points, or paid an order) on a closed day, who paid an
    order and who paid two or more, one bit per member: written with the day's
    ``DailyFigures`` by the closing job, so the members active over a period (counted once) are
    the bits of its days OR-ed together, one row a day, whatever the size of the ledger; and
    the members who paid twice in a period those who did on one day or paid on two days."""

    day = models.OneToOneField(
        ReportingDay,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="active_members",
        verbose_name=_("day"),
    )
    members = MemberBitmap(_("active members (one bit per member id)"))
    buyers = MemberBitmap(_("members who paid an order"), default="")
    repeat_buyers = MemberBitmap(_("members who paid two orders or more"), default="")

    class Meta:
        verbose_name = _("active members of a closed day")
        verbose_name_plural = _("active members of closed days")

    def __str__(self) -> str:
        return str(self.day_id)


class StoredDashboard(models.Model):
    """The programme dashboard's figures that read every member (members in total, active,
    repurchase, tiers held and moved, referrals, segments, members at risk) and today's
    rollup rows, computed in the background (``stored``) for the unfiltered dashboard of each
    period it offers, all as of one moment. The page reads them instead of computing them
    while staff wait; it computes only filtered views itself. One row: the latest."""

    day = models.DateField(_("day"))
    as_of = models.DateTimeField(_("as of"))
    seconds = models.FloatField(_("seconds taken to compute"), default=0)
    figures = models.JSONField(_("figures"))

    class Meta:
        verbose_name = _("stored dashboard figures")
        verbose_name_plural = _("stored dashboard figures")

    def __str__(self) -> str:
        return self.as_of.isoformat()
