"""Payment terms and credit (#21, docs/credit.md): orders on net terms within the available
credit get a due date; over the limit nothing is placed; deposits are paid first (by card
here), the rest later; points are earned and ``order.paid`` published only when paid in full;
reminders go out once each; overdue orders are shown and filtered."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from djmoney.money import Money

from apps.checkout.forms import CheckoutForm
from apps.companies.models import PaymentTerms
from apps.companies.services import add_member, create_company
from apps.credit.models import CreditTerms
from apps.ledger.models import LedgerEntry
from apps.orders.errors import CreditLimitExceeded
from apps.orders.models import Order, OrderEmail, OrderStatus
from apps.orders.receipts import record_bank_transfer
from apps.orders.reminders import send_payment_reminders
from apps.orders.services import cancel_unpaid_orders
from apps.payments.models import Payment, PaymentStatus
from apps.payments.services import start_payment
from tests.factories import MemberFactory, make_order
from tests.payments.stripe_helpers import paid_session_event, post_stripe_event

pytestmark = pytest.mark.django_db


def company_on(terms, *, limit=None, deposit=30, members=()):
    company = create_company(legal_name="Acme Import", country="DE", payment_terms=terms)
    for member in members:
        add_member(company=company, member=member)
    if limit is not None or terms == PaymentTerms.DEPOSIT:
        CreditTerms.objects.create(
            company=company, deposit_percent=deposit, credit_limit=limit or Money(0, "USD")
        )
    return company


def test_orders_on_net_terms_are_accepted_within_the_available_credit_only(member, settings):
    other_buyer = MemberFactory()
    company_on(PaymentTerms.NET_30, limit=Money("5000", "USD"), members=[member, other_buyer])

    first = make_order(member=member, lines=[(Decimal("1500.00"), 2)])
    record_bank_transfer(order=first, amount=Money("1000.00", "USD"))
    # 2,000 still owed: 3,000 left, the other buyer's 3,000 fits exactly.
    second = make_order(member=other_buyer, lines=[(Decimal("3000.00"), 1)])
    with pytest.raises(CreditLimitExceeded) as refused:
        make_order(member=member, lines=[(Decimal("0.01"), 1)])

    assert first.due_date == timezone.localdate() + timedelta(days=30)
    assert (first.payment_terms, second.payment_terms) == ("net_30", "net_30")
    assert "$0.00" in refused.value.message and "$0.01" in refused.value.message
    assert Order.objects.count() == 2  # nothing was placed


def test_the_limit_is_in_the_company_currency_and_orders_convert_to_it(member, exchange_rates):
    company_on(PaymentTerms.NET_15, limit=Money("920", "EUR"), members=[member])  # = 1,000 USD

    make_order(member=member, currency="EUR", rate="0.92", lines=[(Decimal("460.00"), 1)])
    with pytest.raises(CreditLimitExceeded):
        make_order(member=member, lines=[(Decimal("500.01"), 1)])  # USD, 460.01 EUR
    make_order(member=member, lines=[(Decimal("500.00"), 1)])


def test_net_terms_without_a_limit_give_no_credit_and_card_orders_need_none(member):
    company_on(PaymentTerms.NET_60, members=[member])

    with pytest.raises(CreditLimitExceeded):
        make_order(member=member)
    card = make_order(member=member, payment_method="stripe")

    assert (card.payment_terms, card.due_date) == ("", None)


def test_a_member_s_own_terms_apply_instead_of_the_company_s(member):
    company_on(PaymentTerms.PREPAYMENT, members=[member])
    CreditTerms.objects.create(
        member=member, payment_terms=PaymentTerms.NET_15, credit_limit=Money("500", "USD")
    )

    order = make_order(member=member, lines=[(Decimal("250.00"), 2)])

    assert order.due_date == timezone.localdate() + timedelta(days=15)


def test_a_deposit_by_card_then_the_rest_by_bank_pays_the_order_and_earns_points_once(
    client, member, fake_stripe, django_capture_on_commit_callbacks
):
    company_on(PaymentTerms.DEPOSIT, deposit=30, members=[member])
    order = make_order(member=member, lines=[(Decimal("1000.00"), 1)])
    assert (order.deposit_amount, order.amount_due_now) == (
        Decimal("300.00"),
        Money("300.00", "USD"),
    )

    start_payment(
        order=order,
        return_url="http://testserver/done",
        cancel_url="http://testserver/cancelled",
        provider="stripe",
    )
    payment = Payment.objects.get(order=order)
    with django_capture_on_commit_callbacks(execute=True):
        post_stripe_event(client, fake_stripe, paid_session_event(fake_stripe, payment.reference))
    order.refresh_from_db()
    payment.refresh_from_db()
    after_deposit = (order.status, order.received_amount, order.amount_due_now)
    points_after_deposit = LedgerEntry.objects.filter(account__member=member).count()

    with django_capture_on_commit_callbacks(execute=True):
        paid = record_bank_transfer(order=order, amount=Money("700.00", "USD"))

    order.refresh_from_db()
    assert (payment.amount, payment.status) == (Decimal("300.00"), PaymentStatus.SUCCEEDED)
    assert after_deposit == (
        OrderStatus.PENDING_PAYMENT,
        Decimal("300.00"),
        Money("700.00", "USD"),
    )
    assert points_after_deposit == 0
    assert paid and order.status == OrderStatus.PAID
    assert list(order.receipts.values_list("method", "amount")) == [
        ("stripe", Decimal("300.00")),
        ("bank_transfer", Decimal("700.00")),
    ]
    assert LedgerEntry.objects.filter(account__member=member, kind="earn").count() == 1


def test_a_card_payment_the_order_no_longer_waits_for_is_flagged_paid_twice(
    client, member, fake_stripe
):
    company_on(PaymentTerms.NET_30, limit=Money("5000", "USD"), members=[member])
    order = make_order(member=member, lines=[(Decimal("400.00"), 1)])
    start_payment(order=order, return_url="http://x/", cancel_url="http://x/", provider="stripe")
    payment = Payment.objects.get(order=order)
    record_bank_transfer(order=order, amount=Money("400.00", "USD"))  # paid by bank meanwhile

    post_stripe_event(client, fake_stripe, paid_session_event(fake_stripe, payment.reference))

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.DUPLICATE


def test_reminders_go_once_before_and_once_after_the_due_date_in_the_buyer_s_language(member):
    company_on(PaymentTerms.NET_15, limit=Money("5000", "USD"), members=[member])
    order = make_order(member=member, language="de", lines=[(Decimal("100.00"), 1)])
    due = order.due_date

    sent_early = send_payment_reminders(today=due - timedelta(days=4))
    sent_before = send_payment_reminders(today=due - timedelta(days=3))
    sent_again = send_payment_reminders(today=due - timedelta(days=1))
    sent_after = send_payment_reminders(today=due + timedelta(days=1))
    sent_later = send_payment_reminders(today=due + timedelta(days=5))

    assert (sent_early, sent_before, sent_again, sent_after, sent_later) == (0, 1, 0, 1, 0)
    assert [message.subject for message in mail.outbox] == [
        f"Die Zahlung für Bestellung {order.number} ist am {due:%d.%m.%Y} fällig",
        f"Die Zahlung für Bestellung {order.number} ist überfällig",
    ]
    assert set(OrderEmail.objects.values_list("kind", flat=True)) == {
        "payment_due",
        "payment_overdue",
    }


def test_orders_on_net_terms_are_shown_overdue_and_not_cancelled_as_unpaid(admin_client, member):
    company_on(PaymentTerms.NET_15, limit=Money("5000", "USD"), members=[member])
    late = make_order(member=member)
    Order.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - timedelta(days=1),
        placed_at=timezone.now() - timedelta(days=90),
    )
    on_time = make_order(member=member)

    cancelled = cancel_unpaid_orders(as_of=timezone.now())
    overdue_in_admin = admin_client.get(
        reverse("admin:orders_order_changelist") + "?due=overdue"
    ).content.decode()
    buyer = Client()
    buyer.force_login(member.user)
    detail = buyer.get(reverse("orders:detail", args=[late.access_token])).content.decode()

    assert cancelled == 0
    assert 'data-testid="order-overdue"' in detail
    assert 'data-testid="pay-due-stripe"' in detail
    assert late.number in overdue_in_admin and on_time.number not in overdue_in_admin


def test_checkout_tells_a_buyer_their_terms_and_the_credit_left(member):
    company_on(PaymentTerms.NET_30, limit=Money("5000", "USD"), members=[member])
    make_order(member=member, lines=[(Decimal("1000.00"), 1)])

    help_text = CheckoutForm(member=member).fields["payment_method"].help_text

    assert help_text == "Bank transfer on your terms: Net 30 days. Available credit: $4,000.00."
