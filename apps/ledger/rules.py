"""How earning rules combine, and the preview that shows it without writing anything.

For a paid order, per line (amounts in the base currency at the order's captured rate, after the
order's discounts, shared by line):

1. **Rate**: the most specific rule wins: a product rate for that product, else a category rate
   for the line's category, else the best purchase rate, else the programme's default rate.
   Among rules of one kind, the highest priority wins.
2. **Campaign**: the single best campaign multiplier that applies to the line (campaigns do not
   stack with each other; "new products only" campaigns apply to new products' lines).
3. **Tier**: the member's tier multiplier applies on top of everything (through hooks).

Then once per order: the best **large-order bonus** whose threshold the order reaches.
Event bonuses (sign-up, complete profile, review, referral, daily check-in, birthday): the best
rule of the kind. Custom events (``RuleKind.EVENT``, sent by integrators): the best rule whose
``event_name`` is the event's name and whose ``event_conditions`` all hold for its properties.
Every rule applies only inside its active window, and only to the countries, customer types, RFM
segments (``members.Member.rfm_segment``, scored nightly) and tiers it names (none named:
everyone). A rule under a running experiment (``Experiment``, docs/experiments.md) applies only to
the members of its treatment group; the control group does not get it. A rule's cap limits what
one member can earn from it per period; an award is cut to what the cap leaves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING, Protocol

from django.db.models import Model, Q, Sum
from django.utils import timezone

from apps.orders.amounts import in_base, paid_merchandise_in_base, paid_share

from .extensions import member_tier, points_multiplier
from .models import (
    CapPeriod,
    EarningRule,
    Experiment,
    ExperimentGroup,
    LedgerEntry,
    Programme,
    RuleKind,
)
from .rules_models import conditions_hold

if TYPE_CHECKING:
    from apps.members.models import Member
    from apps.orders.models import Order


class Eligible(Protocol):
    """Who a rule may apply to: a member, or a newcomer not known yet."""

    @property
    def country(self) -> object: ...
    @property
    def customer_type(self) -> str: ...
    @property
    def rfm_segment(self) -> str: ...


# What the ``ledger.member_tier`` hook answers for a member (tiers build on the ledger): a row.
Tier = Model


@dataclass(frozen=True)
class Award:
    rule: EarningRule | None
    label: str
    points: int
    capped_from: int | None = None  # what it would have been without the cap


@dataclass(frozen=True)
class Awards:
    awards: list[Award] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(award.points for award in self.awards)


def active_rules(*, when: datetime, kinds: Sequence[str] | None = None) -> list[EarningRule]:
    rules = (
        EarningRule.objects.filter(is_active=True)
        .filter(
            Q(starts_at__isnull=True) | Q(starts_at__lte=when),
            Q(ends_at__isnull=True) | Q(ends_at__gt=when),
        )
        .select_related("experiment")
        .prefetch_related("tiers")
    )
    if kinds:
        rules = rules.filter(kind__in=kinds)
    return list(rules)


def _member_tier(member: Member) -> Tier | None:
    """The member's tier through the ``ledger.member_tier`` hook (tiers build on the ledger)."""
    hooks = member_tier.hooks()
    return hooks[0](member) if hooks else None


def _experiment(rule: EarningRule) -> Experiment | None:
    try:
        return rule.experiment
    except Experiment.DoesNotExist:
        return None


def in_control_group(rule: EarningRule, member: Eligible) -> bool:
    """Whether ``rule`` runs as an experiment that keeps ``member`` out of it: the member is in
    the control group, or is a newcomer not known yet (no id to place)."""
    experiment = _experiment(rule)
    if experiment is None or not experiment.is_running:
        return False
    member_id = getattr(member, "pk", None)
    if member_id is None:
        return True
    return experiment.group_of(member_id) == ExperimentGroup.CONTROL


def applies_to(rule: EarningRule, member: Eligible, tier: Tier | None) -> bool:
    if in_control_group(rule, member):
        return False
    if rule.countries and str(member.country) not in [str(c) for c in rule.countries]:
        return False
    if rule.customer_types and member.customer_type not in rule.customer_types:
        return False
    if rule.member_segments and member.rfm_segment not in rule.member_segments:
        return False
    tiers = list(rule.tiers.all())
    return not tiers or (tier is not None and tier in tiers)


def _best(
    rules: Iterable[EarningRule], key: Callable[[EarningRule], Decimal | int]
) -> EarningRule | None:
    return max(rules, key=lambda rule: (key(rule), rule.priority, -rule.pk), default=None)


def _period_start(period: str, when: datetime) -> datetime | None:
    if period == CapPeriod.DAY:
        return when - timedelta(days=1)
    if period == CapPeriod.MONTH:
        return when - timedelta(days=30)
    if period == CapPeriod.YEAR:
        return when - timedelta(days=365)
    return None


def _cap(award: Award, member: Member, when: datetime) -> Award:
    rule = award.rule
    if rule is None or rule.cap_points is None:
        return award
    # The member's own: on their account, or attributed to them on their company's.
    entries = LedgerEntry.objects.filter(rule=rule).filter(
        Q(account__member=member) | Q(member=member)
    )
    start = _period_start(rule.cap_period, when)
    if start is not None:
        entries = entries.filter(created_at__gt=start)
    used = entries.aggregate(total=Sum("points"))["total"] or 0
    allowed = max(rule.cap_points - used, 0)
    if award.points <= allowed:
        return award
    return Award(rule, award.label, allowed, capped_from=award.points)


def _floor(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_DOWN))


def order_awards(
    order: Order, *, rules: Iterable[EarningRule] | None = None, when: datetime | None = None
) -> Awards:
    """What a paid order earns under ``rules`` (default: the active ones). Writes nothing."""
    member = order.member
    if member is None:
        return Awards()
    when = when or order.paid_at or timezone.now()
    tier = _member_tier(member)
    rules = [
        r
        for r in (rules if rules is not None else active_rules(when=when))
        if applies_to(r, member, tier)
    ]
    by_kind: dict[str, list[EarningRule]] = {}
    for rule in rules:
        by_kind.setdefault(rule.kind, []).append(rule)
    base_rule = _best(by_kind.get(RuleKind.PURCHASE_RATE, []), key=lambda r: 0)
    base_rate = (
        base_rule.rate
        if base_rule and base_rule.rate is not None
        else Programme.current().points_per_base_unit
    )
    share = paid_share(order)
    multiplier = _tier_multiplier(member)
    per_rule: dict[int | None, Decimal] = {}
    labels: dict[int | None, tuple[EarningRule | None, str]] = {}
    for line in order.lines.select_related("product"):
        amount = in_base(order, line.line_total * share)
        rate_rule = (
            _best(
                [
                    r
                    for r in by_kind.get(RuleKind.PRODUCT_RATE, [])
                    if r.product_id == line.product_id
                ],
                key=lambda r: 0,
            )
            or _best(
                [
                    r
                    for r in by_kind.get(RuleKind.CATEGORY_RATE, [])
                    if r.category_id == line.category_id_at_purchase
                ],
                key=lambda r: 0,
            )
            or base_rule
        )
        rate = rate_rule.rate if rate_rule and rate_rule.rate is not None else base_rate
        campaign = _best(
            [
                r
                for r in by_kind.get(RuleKind.CAMPAIGN, [])
                if not r.new_products_only or (line.product and line.product.is_new)
            ],
            key=lambda r: r.multiplier or 0,
        )
        boost = campaign.multiplier if campaign and campaign.multiplier is not None else 1
        points = amount * rate * boost * multiplier
        key = rate_rule.pk if rate_rule else None
        per_rule[key] = per_rule.get(key, Decimal(0)) + points
        labels[key] = (rate_rule, rate_rule.name if rate_rule else "")
    awards = [
        Award(labels[key][0], labels[key][1], _floor(points)) for key, points in per_rule.items()
    ]
    merchandise = paid_merchandise_in_base(order)
    bonus = _best(
        [
            r
            for r in by_kind.get(RuleKind.LARGE_ORDER, [])
            if r.minimum_order is not None and merchandise >= r.minimum_order
        ],
        key=lambda r: r.points or 0,
    )
    if bonus and bonus.points:
        awards.append(Award(bonus, bonus.name, bonus.points))
    awards = [_cap(award, member, when) for award in awards]
    return Awards([award for award in awards if award.points > 0])


def event_award(
    member: Member,
    kind: str,
    *,
    rules: Iterable[EarningRule] | None = None,
    when: datetime | None = None,
) -> Award | None:
    """What the best rule of ``kind`` gives ``member`` for one event (None: nothing applies)."""
    when = when or timezone.now()
    tier = _member_tier(member)
    candidates = [
        r
        for r in (rules if rules is not None else active_rules(when=when, kinds=[kind]))
        if r.kind == kind
        and r.kind != RuleKind.EVENT  # custom events: ``custom_event_award``
        and r.points
        and applies_to(r, member, tier)
    ]
    rule = _best(candidates, key=lambda r: r.points or 0)  # candidates have points
    if rule is None:
        return None
    award = _cap(Award(rule, rule.name, rule.points or 0), member, when)
    return award if award.points > 0 else None


def custom_event_award(
    member: Member,
    *,
    name: str,
    properties: dict[str, object],
    rules: Iterable[EarningRule] | None = None,
    when: datetime | None = None,
) -> Award | None:
    """What the best "event" rule for an event called ``name`` with ``properties`` gives
    ``member`` (None: nothing applies). Same windows, regions, customer types, segments, tiers
    and caps as every rule. Writes nothing."""
    when = when or timezone.now()
    tier = _member_tier(member)
    candidates = [
        r
        for r in (rules if rules is not None else active_rules(when=when, kinds=[RuleKind.EVENT]))
        if r.kind == RuleKind.EVENT
        and r.points
        and r.event_name == name
        and conditions_hold(r.event_conditions or [], properties)
        and applies_to(r, member, tier)
    ]
    rule = _best(candidates, key=lambda r: r.points or 0)  # candidates have points
    if rule is None:
        return None
    award = _cap(Award(rule, rule.name, rule.points or 0), member, when)
    return award if award.points > 0 else None


# Someone who has not joined yet: no country or customer type known.
@dataclass(frozen=True)
class _Newcomer:
    country: str = ""
    customer_type: str = ""
    rfm_segment: str = ""


NEWCOMER = _Newcomer()


def newcomer_award(kind: str, *, tier: Tier | None, when: datetime | None = None) -> Award | None:
    """What the best rule of ``kind`` would give a buyer who joins now in ``tier`` (the tier
    new members start in), before we know their country or customer type (None: nothing
    applies for sure). Writes nothing."""
    rules = active_rules(when=when or timezone.now(), kinds=[kind])
    candidates = [r for r in rules if r.points and applies_to(r, NEWCOMER, tier)]
    rule = _best(candidates, key=lambda r: r.points or 0)  # candidates have points
    return Award(rule, rule.name, rule.points or 0) if rule is not None else None


def _tier_multiplier(member: Member) -> Decimal:
    return max([Decimal(1), *(Decimal(hook(member)) for hook in points_multiplier.hooks())])
