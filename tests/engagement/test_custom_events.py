"""Custom events: kept on the member, matched by "event" earning rules on name and property
conditions with the same caps, regions, customer types and tiers as every rule, once per event,
and the rule preview shows them."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from apps.engagement import errors
from apps.engagement.models import MemberEvent
from apps.engagement.services import record_event
from apps.ledger.bonuses import award_custom_event
from apps.ledger.models import CapPeriod, EarningRule, LedgerEntry, RuleKind
from apps.ledger.rules import custom_event_award
from apps.ledger.rules_models import conditions_hold, valid_conditions
from apps.ledger.selectors import balance
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def event_rule(points=100, name="trade_fair_visit", conditions=(), **fields):
    return EarningRule.objects.create(
        name_en=fields.pop("label", f"{name} bonus"),
        kind=RuleKind.EVENT,
        points=points,
        event_name=name,
        event_conditions=list(conditions),
        **fields,
    )


@pytest.mark.parametrize(
    ("conditions", "properties", "holds"),
    [
        ([], {}, True),
        ([{"property": "booth", "op": "eq", "value": "A1"}], {"booth": "A1"}, True),
        ([{"property": "booth", "op": "eq", "value": "A1"}], {"booth": "B2"}, False),
        ([{"property": "booth", "op": "eq", "value": "A1"}], {}, False),
        ([{"property": "booth", "op": "ne", "value": "A1"}], {"booth": "B2"}, True),
        ([{"property": "minutes", "op": "gte", "value": 30}], {"minutes": 30}, True),
        ([{"property": "minutes", "op": "gt", "value": 30}], {"minutes": 30}, False),
        ([{"property": "minutes", "op": "lt", "value": 30}], {"minutes": 29.5}, True),
        ([{"property": "minutes", "op": "lte", "value": 30}], {"minutes": "20"}, False),
        ([{"property": "minutes", "op": "gte", "value": 1}], {"minutes": True}, False),
        ([{"property": "vip", "op": "eq", "value": True}], {"vip": True}, True),
        ([{"property": "vip", "op": "eq", "value": True}], {"vip": 1}, False),
        (
            [
                {"property": "score", "op": "gte", "value": 8},
                {"property": "survey", "op": "eq", "value": "nps"},
            ],
            {"score": 9, "survey": "nps"},
            True,
        ),
    ],
)
def test_conditions(conditions, properties, holds):
    assert valid_conditions(conditions)
    assert conditions_hold(conditions, properties) is holds


@pytest.mark.parametrize(
    "conditions",
    [
        {"property": "a", "op": "eq", "value": 1},
        [{"property": "a", "op": "like", "value": 1}],
        [{"property": "a", "op": "gt", "value": "10"}],
        [{"property": "a", "op": "eq", "value": [1]}],
        [{"property": "", "op": "eq", "value": 1}],
        [{"property": "a", "op": "eq"}],
    ],
)
def test_invalid_conditions_are_refused_by_the_rule(conditions):
    rule = EarningRule(
        name_en="x", kind=RuleKind.EVENT, points=5, event_name="x", event_conditions=conditions
    )
    with pytest.raises(ValidationError) as refused:
        rule.full_clean()
    assert "event_conditions" in refused.value.message_dict


def test_an_event_rule_needs_its_event_name():
    rule = EarningRule(name_en="x", kind=RuleKind.EVENT, points=5)
    with pytest.raises(ValidationError) as refused:
        rule.full_clean()
    assert "event_name" in refused.value.message_dict


def test_an_event_is_kept_and_earns_the_best_matching_rule(member):
    event_rule(50, label="Any visit")
    event_rule(200, conditions=[{"property": "booth", "op": "eq", "value": "A1"}], label="A1")
    event_rule(999, name="survey_completed")
    event = record_event(member=member, name="trade_fair_visit", properties={"booth": "A1"})
    assert event.points == 200
    other = record_event(member=member, name="trade_fair_visit", properties={"booth": "C3"})
    assert other.points == 50
    nothing = record_event(member=member, name="webinar", properties={})
    assert nothing.points == 0
    assert MemberEvent.objects.filter(member=member).count() == 3
    assert balance(member).available == 250


def test_regions_customer_types_tiers_windows_and_caps_apply(member):
    member.country, member.customer_type = "DE", "distributor"
    member.save()
    event_rule(500, countries=["FR"], label="France only")
    event_rule(400, customer_types=["end_user"], label="End users")
    event_rule(300, is_active=False, label="Off")
    capped = event_rule(100, cap_points=150, cap_period=CapPeriod.EVER, label="Capped")
    points = [
        record_event(member=member, name="trade_fair_visit", properties={}).points for _ in range(3)
    ]
    assert points == [100, 50, 0]
    assert LedgerEntry.objects.filter(account__member=member, rule=capped).count() == 2


def test_the_same_event_row_is_credited_once(member):
    event_rule(100)
    first = award_custom_event(member=member, key="42", name="trade_fair_visit", properties={})
    again = award_custom_event(member=member, key="42", name="trade_fair_visit", properties={})
    assert again.replayed and again.entry.pk == first.entry.pk
    assert balance(member).available == 100


@pytest.mark.parametrize(
    ("name", "properties", "message"),
    [
        ("Trade Fair", {}, "slug"),
        ("trade_fair_", {}, "slug"),
        ("x" * 65, {}, "slug"),
        ("visit", [], "JSON object"),
        ("visit", {"nested": {"a": 1}}, "no lists or objects"),
        ("visit", {"list": [1]}, "no lists or objects"),
        ("visit", {"k" * 65: 1}, "1 to 64"),
        ("visit", {"text": "x" * 501}, "500"),
        ("visit", {f"p{n}": n for n in range(51)}, "50"),
        ("visit", {f"p{n}": "x" * 400 for n in range(12)}, "4 KB"),
    ],
)
def test_events_are_refused_when_malformed_or_too_large(member, name, properties, message):
    with pytest.raises(errors.InvalidEventProperties, match=message):
        record_event(member=member, name=name, properties=properties)
    assert not MemberEvent.objects.exists()


def test_concurrent_events_respect_the_cap(transactional_db):
    member = MemberFactory()
    event_rule(100, cap_points=300, cap_period=CapPeriod.DAY)
    barrier = threading.Barrier(10)
    failures = []

    def send():
        try:
            barrier.wait()
            record_event(member=member, name="trade_fair_visit", properties={})
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert MemberEvent.objects.filter(member=member).count() == 10
    assert balance(member).available == 300
    assert sorted(MemberEvent.objects.values_list("points", flat=True)) == [0] * 7 + [100] * 3


def test_the_rule_preview_shows_event_rules(admin_client, member):
    rule = event_rule(200, conditions=[{"property": "minutes", "op": "gte", "value": 30}])
    url = reverse("admin:ledger_earningrule_preview") + f"?rules={rule.pk}"
    page = admin_client.post(
        url,
        {
            "members": member.user.email,
            "event_name": "trade_fair_visit",
            "event_properties": '{"minutes": 45}',
        },
    ).content.decode()
    assert "200 (trade_fair_visit bonus)" in page
    short = admin_client.post(
        url,
        {
            "members": member.user.email,
            "event_name": "trade_fair_visit",
            "event_properties": '{"minutes": 10}',
        },
    ).content.decode()
    assert "does not apply" in short
    assert custom_event_award(member, name="trade_fair_visit", properties={"minutes": 45})
    assert not LedgerEntry.objects.exists()  # the preview writes nothing


def test_events_show_in_the_member_360_and_export_as_csv(admin_client, member):
    record_event(member=member, name="survey_completed", properties={"score": 9})
    page = admin_client.get(reverse("admin:members_member_change", args=[member.pk]))
    assert "survey_completed" in page.content.decode()
    export = admin_client.get(reverse("admin:engagement_memberevent_changelist") + "export/")
    body = b"".join(export.streaming_content).decode()
    assert "survey_completed" in body
