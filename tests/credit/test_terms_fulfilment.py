"""Orders on terms are fulfilled apart from their payment (#21, docs/credit.md): a net-terms
order ships unpaid and counts (credit, reminders, revenue, tier spend, points) by "paid in full";
a deposit order goes into production after its deposit and ships only when paid; each order
draws on one credit line; merging companies settles whose terms stand."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from djmoney.money import Money

from apps.analytics.rollups import live_figures
from apps.companies.models import Company, CompanyMerge, PaymentTerms
from apps.companies.services import add_member, create_company, merge_companies
from apps.credit.models import CreditTerms
from apps.credit.selectors import company_terms, terms_for
from apps.ledger.models import LedgerEntry
from apps.orders.errors import CreditLimitExceeded
from apps.orders.events import OrderPaid
from apps.orders.models import Order, OrderStatus
from apps.orders.receipts import record_bank_transfer
from apps.orders.reminders import reminders_due
from apps.orders.services import cancel_order, cancel_unpaid_orders, mark_paid, transition
from apps.orders.state import (
    BalanceDueBeforeShipment,
    DepositNotReceived,
    NothingToRefund,
    PaidOrderNotCancelled,
)
from apps.orders.terms import available_credit
from apps.tiers.services import qualification
from tests.events import recording
from tests.factories import MemberFactory, make_order

pytestmark = pytest.mark.django_db

USD = "USD"


def company_on(terms, *, limit="5000", deposit=30, members=(), name="Acme Import"):
    company = create_company(legal_name=name, country="DE", payment_terms=terms)
    for member in members:
        add_member(company=company, member=member)
    CreditTerms.objects.create(
        company=company, deposit_percent=deposit, credit_limit=Money(limit, USD)
    )
    return company


def earned(member) -> int:
    return LedgerEntry.objects.filter(account__member=member, kind="earn").count()


def test_a_net_terms_order_ships_unpaid_and_counts_only_once_paid_in_full(
    member, django_capture_on_commit_callbacks
):
    company = company_on(PaymentTerms.NET_30, members=[member])
    now = timezone.now()
    order = make_order(member=member, lines=[(Decimal("1000.00"), 1)])
    for status in (OrderStatus.PROCESSING, OrderStatus.SHIPPED, OrderStatus.COMPLETED):
        order = transition(order=order, to=status)
    Order.objects.filter(pk=order.pk).update(due_date=timezone.localdate() - timedelta(days=2))
    order.refresh_from_db()
    shipped_unpaid = (order.status, order.paid_at, order.outstanding, order.is_overdue)
    credit_while_unpaid = available_credit(company_terms(company))
    reminded = reminders_due(today=timezone.localdate())
    spend_while_unpaid = qualification(member, as_of=timezone.now()).spend
    counted_while_unpaid = sum(f.member_orders for f in live_figures(timezone.localdate()))
    buyer = Client()
    buyer.force_login(member.user)
    listed = buyer.get("/en/member/orders/").content.decode()
    detail = buyer.get(reverse("orders:detail", args=[order.access_token])).content.decode()

    with recording(OrderPaid) as paid_events, django_capture_on_commit_callbacks(execute=True):
        partly = record_bank_transfer(order=order, amount=Money("400.00", USD))
        fully = record_bank_transfer(order=order, amount=Money("600.00", USD))
        again = mark_paid(order=order, amount=Money("1000.00", USD), actor_label="test")
    order.refresh_from_db()

    assert order.credit_line == "company"
    assert shipped_unpaid == (OrderStatus.COMPLETED, None, Money("1000.00", USD), True)
    assert credit_while_unpaid == Money("4000.00", USD)
    assert (order.pk, "payment_overdue") in reminded
    assert (spend_while_unpaid, counted_while_unpaid) == (Decimal(0), 0)
    # The member center shows the completed order as due, overdue, and payable now.
    assert 'data-testid="order-overdue"' in listed and "Completed" in listed
    assert 'data-testid="order-outstanding"' in detail and 'data-testid="pay-due-stripe"' in detail
    assert (partly, fully, again) == (False, True, False)
    # Paid in full after it shipped: the status stays, the timeline says so, points once.
    assert order.status == OrderStatus.COMPLETED and order.paid_at >= now
    last = order.transitions.last()
    assert (last.from_status, last.to_status, last.note) == (
        OrderStatus.COMPLETED,
        OrderStatus.COMPLETED,
        "Bank transfer received",
    )
    assert last.timeline_label == "Paid in full"
    assert [name for name, _payload in paid_events] == ["order.paid"]
    assert earned(member) == 1
    assert available_credit(company_terms(company)) == Money("5000.00", USD)
    assert reminders_due(today=timezone.localdate()) == []
    assert qualification(member, as_of=timezone.now()).spend == Decimal("1000.00")
    assert sum(f.member_orders for f in live_figures(timezone.localdate())) == 1


def test_an_accepted_order_paid_before_it_is_processed_becomes_paid(member):
    company_on(PaymentTerms.NET_15, members=[member])
    order = make_order(member=member)
    assert order.status == OrderStatus.ACCEPTED
    assert order.transitions.get().to_status == OrderStatus.ACCEPTED

    record_bank_transfer(order=order, amount=order.total)

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.paid_at is not None


def test_cancelling_an_unpaid_terms_order_frees_its_credit_and_refunds_need_a_payment(member):
    company_on(PaymentTerms.NET_30, limit="1000", members=[member])
    first = make_order(member=member, lines=[(Decimal("1000.00"), 1)])
    with pytest.raises(CreditLimitExceeded):
        make_order(member=member, lines=[(Decimal("1.00"), 1)])
    first = transition(order=first, to=OrderStatus.PROCESSING)

    cancel_order(order=first, reason="Buyer withdrew")
    second = make_order(member=member, lines=[(Decimal("1000.00"), 1)])
    second = transition(order=second, to=OrderStatus.SHIPPED)
    with pytest.raises(NothingToRefund):
        transition(order=second, to=OrderStatus.REFUNDED)
    third_member = MemberFactory()
    company_on(PaymentTerms.NET_30, members=[third_member], name="Other Import")
    part_paid = make_order(member=third_member)
    record_bank_transfer(order=part_paid, amount=Money("50.00", USD))
    with pytest.raises(PaidOrderNotCancelled):
        cancel_order(order=part_paid)

    first.refresh_from_db()
    assert first.status == OrderStatus.CANCELLED and first.outstanding == Money(0, USD)


def test_a_prepaid_order_with_a_part_transfer_is_neither_cancelled_by_hand_nor_as_unpaid(member):
    """Money received stays visible on the order: the nightly job leaves it to staff."""
    order = make_order(member=member)  # prepayment by bank transfer: pending payment
    record_bank_transfer(order=order, amount=Money("50.00", USD))
    Order.objects.filter(pk=order.pk).update(placed_at=timezone.now() - timedelta(days=90))

    assert cancel_unpaid_orders(as_of=timezone.now()) == 0
    with pytest.raises(PaidOrderNotCancelled):
        cancel_order(order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert order.received == Money("50.00", USD)


def test_a_deposit_order_is_produced_after_its_deposit_and_ships_only_when_paid(
    member, django_capture_on_commit_callbacks
):
    company_on(PaymentTerms.DEPOSIT, deposit=30, members=[member])
    order = make_order(member=member, lines=[(Decimal("1000.00"), 1)])
    with pytest.raises(DepositNotReceived):
        transition(order=order, to=OrderStatus.PROCESSING)

    record_bank_transfer(order=order, amount=Money("300.00", USD))
    order = transition(order=order, to=OrderStatus.PROCESSING)
    with pytest.raises(BalanceDueBeforeShipment) as refused, translation.override("de"):
        transition(order=order, to=OrderStatus.SHIPPED)
    with django_capture_on_commit_callbacks(execute=True):
        paid = record_bank_transfer(order=order, amount=Money("700.00", USD))
    order = transition(order=order, to=OrderStatus.SHIPPED)

    assert str(refused.value.message) == (
        f"Bestellung {order.number} wird versandt, sobald sie vollständig bezahlt ist: "
        "700,00\u00a0$ sind noch offen."
    )
    assert paid and order.status == OrderStatus.SHIPPED and order.paid_at is not None
    assert earned(member) == 1


def test_each_order_draws_on_the_credit_line_it_was_placed_on(member):
    colleague = MemberFactory()
    company = company_on(PaymentTerms.NET_30, limit="1000", members=[member, colleague])
    on_company_line = make_order(member=member, lines=[(Decimal("400.00"), 1)])
    CreditTerms.objects.create(
        member=member, payment_terms=PaymentTerms.NET_15, credit_limit=Money("500", USD)
    )

    own_line_order = make_order(member=member, lines=[(Decimal("500.00"), 1)])
    colleague_order = make_order(member=colleague, lines=[(Decimal("600.00"), 1)])

    assert (on_company_line.credit_line, own_line_order.credit_line) == ("company", "member")
    assert colleague_order.credit_line == "company"
    # The company's 1,000: 400 + 600 of its line; the member's own 500 line: their 500 only.
    assert available_credit(company_terms(company)) == Money(0, USD)
    assert available_credit(terms_for(member)) == Money(0, USD)
    cancel_order(order=own_line_order)
    assert available_credit(terms_for(member)) == Money("500.00", USD)
    assert available_credit(company_terms(company)) == Money(0, USD)


def test_merging_moves_the_duplicate_s_terms_only_when_the_survivor_has_none(member):
    survivor = create_company(legal_name="Acme GmbH", country="DE")
    duplicate = company_on(PaymentTerms.NET_60, limit="8000", members=[member], name="ACME")
    unpaid = make_order(member=member, lines=[(Decimal("3000.00"), 1)])

    merge = merge_companies(merged=duplicate, survivor=survivor, actor=None)
    survivor.refresh_from_db()

    assert survivor.payment_terms == PaymentTerms.NET_60
    assert available_credit(company_terms(survivor)) == Money("5000.00", USD)
    assert merge.details["credit"]["outcome"] == "moved_to_survivor"
    unpaid.refresh_from_db()
    assert unpaid.company_id == survivor.pk

    # A survivor with terms of its own keeps them; the duplicate's are kept in the audit.
    other = company_on(PaymentTerms.NET_15, limit="2000", name="Beta Trading")
    beta_duplicate = company_on(PaymentTerms.NET_60, limit="9000", name="Beta Trading Ltd")
    merge_companies(merged=beta_duplicate, survivor=other, actor=None)
    audit = CompanyMerge.objects.get(merged=beta_duplicate).details["credit"]

    assert Company.objects.get(pk=other.pk).payment_terms == PaymentTerms.NET_15
    assert company_terms(other).credit_limit == Money("2000", USD)
    assert audit["outcome"] == "survivor_terms_kept"
    assert audit["merged"] == {
        "payment_terms": "net_60",
        "deposit_percent": "30",
        "credit_limit": "9000.00 USD",
    }
