"""Bank transfer receipts: deposits and bank-fee shortfalls are recorded, the outstanding amount
is shown, the order is paid when the money received reaches the total less the merchant's
tolerance, nothing is ever over-collected, each receipt is audited."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction
from djmoney.money import Money

from apps.ledger.models import LedgerEntry
from apps.orders.errors import (
    NotAwaitingPayment,
    NotPaidByBankTransfer,
    PaymentMismatch,
    ReceiptExceedsOutstanding,
)
from apps.orders.models import BankTransferReceipt, BankTransferSettings, OrderStatus
from apps.orders.receipts import fee_tolerance, record_bank_transfer
from tests.factories import make_order
from tests.text import page_text

pytestmark = pytest.mark.django_db


def tolerance(percent=None, maximum=None):
    BankTransferSettings.objects.update_or_create(
        pk=1, defaults={"fee_tolerance_percent": percent, "fee_tolerance_maximum": maximum}
    )


def receive(order, amount, staff=None, **fields):
    return record_bank_transfer(
        order=order, amount=Money(amount, order.currency), received_by=staff, **fields
    )


def test_a_deposit_and_the_balance_pay_the_order_and_points_are_earned_only_then(
    member, staff, django_capture_on_commit_callbacks
):
    order = make_order(member=member, lines=[(Decimal("1000.00"), 10)])

    with django_capture_on_commit_callbacks(execute=True):
        deposit_paid = receive(order, "3000.00", staff, reference="DEPOSIT 30%")
    order.refresh_from_db()
    after_deposit = (order.status, order.received_amount, order.outstanding)
    earned_after_deposit = LedgerEntry.objects.filter(account__member=member).count()
    with django_capture_on_commit_callbacks(execute=True):
        balance_paid = receive(order, "7000.00", staff, reference="BALANCE")

    order.refresh_from_db()
    assert (deposit_paid, balance_paid) == (False, True)
    assert after_deposit == (
        OrderStatus.PENDING_PAYMENT,
        Decimal("3000.00"),
        Money("7000.00", "USD"),
    )
    assert earned_after_deposit == 0
    assert order.status == OrderStatus.PAID
    assert order.outstanding == Money(0, "USD")
    assert LedgerEntry.objects.filter(account__member=member).exists()  # pending points now
    audit = list(order.receipts.values_list("amount", "reference", "recorded_by_label"))
    assert audit == [
        (Decimal("3000.00"), "DEPOSIT 30%", staff.email),
        (Decimal("7000.00"), "BALANCE", staff.email),
    ]
    assert order.transitions.get(to_status="paid").note == "Bank transfer received (BALANCE)"


@pytest.mark.parametrize(
    ("percent", "maximum", "allowed"),
    [
        (None, None, "0.00"),
        (Decimal("1"), None, "10.00"),  # 1% of 1,000.00 EUR
        (None, Decimal("15"), "13.80"),  # 15 USD at 0.92
        (Decimal("2"), Decimal("15"), "13.80"),  # the smaller of 20.00 and 13.80
        (Decimal("0.5"), Decimal("15"), "5.00"),
    ],
)
def test_the_bank_fee_tolerance_is_a_percentage_capped_by_an_amount_in_the_base_currency(
    percent, maximum, allowed
):
    tolerance(percent, maximum)
    order = make_order(currency="EUR", rate="0.92", lines=[(Decimal("1000.00"), 1)])

    assert fee_tolerance(order) == Decimal(allowed)


def test_a_transfer_short_by_the_banks_fees_pays_the_order_and_says_so(staff):
    tolerance(Decimal("1"), Decimal("15"))
    short = make_order(currency="EUR", rate="0.92", lines=[(Decimal("1000.00"), 1)])
    too_short = make_order(currency="EUR", rate="0.92", lines=[(Decimal("1000.00"), 1)])

    assert receive(short, "990.00", staff, reference="MT103") is True
    assert receive(too_short, "989.99", staff) is False

    short.refresh_from_db()
    too_short.refresh_from_db()
    assert short.status == OrderStatus.PAID
    assert short.transitions.get(to_status="paid").note == (
        "Bank transfer received (MT103); €10.00 short, accepted as bank fees"
    )
    assert too_short.status == OrderStatus.PENDING_PAYMENT
    assert too_short.outstanding == Money("10.01", "EUR")


def test_more_than_is_outstanding_is_refused_and_nothing_is_recorded(staff):
    order = make_order()  # 200.00 USD
    receive(order, "150.00", staff)

    with pytest.raises(ReceiptExceedsOutstanding) as refused:
        receive(order, "60.00", staff)

    order.refresh_from_db()
    assert str(refused.value.message) == (
        "$60.00 is more than the $50.00 still outstanding. Record at most the outstanding "
        "amount and return the difference to the buyer."
    )
    assert order.received_amount == Decimal("150.00")
    assert order.receipts.count() == 1


@pytest.mark.parametrize(
    ("setup", "error"),
    [
        (lambda: make_order(payment_method="stripe"), NotPaidByBankTransfer),
        (lambda: make_order(), PaymentMismatch),  # in EUR for a USD order
    ],
)
def test_receipts_the_order_cannot_take_are_refused(staff, setup, error):
    order = setup()

    with pytest.raises(error):
        record_bank_transfer(order=order, amount=Money("10.00", "EUR"), received_by=staff)

    assert not BankTransferReceipt.objects.exists()


def test_a_paid_order_takes_no_more_receipts(staff):
    order = make_order()
    receive(order, "200.00", staff)

    with pytest.raises(NotAwaitingPayment):
        receive(order, "1.00", staff)

    assert order.receipts.count() == 1


def test_the_same_form_sent_twice_records_one_receipt(staff):
    order = make_order()

    receive(order, "50.00", staff, idempotency_key="admin:token-1")
    receive(order, "50.00", staff, idempotency_key="admin:token-1")

    order.refresh_from_db()
    assert order.received_amount == Decimal("50.00")
    assert order.receipts.count() == 1


def test_receipts_cannot_be_changed_or_deleted_in_the_database(staff):
    order = make_order()
    receive(order, "50.00", staff)

    for change in (
        lambda: BankTransferReceipt.objects.update(amount=Decimal("1.00")),
        lambda: BankTransferReceipt.objects.all().delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()

    assert BankTransferReceipt.objects.get().amount == Decimal("50.00")


def test_the_buyer_sees_what_was_received_and_what_is_outstanding(client, staff):
    order = make_order(currency="EUR", rate="0.92", language="de")
    receive(order, "120.00", staff)

    page = page_text(client.get(f"/de/orders/{order.access_token}/"))

    assert "Wir haben 120,00 € von 200,00 € erhalten." in page
    assert "Bitte überweisen Sie den offenen Betrag von 80,00 €" in page


def test_the_merchant_sets_the_tolerance_in_the_admin_and_out_of_range_values_are_refused(
    admin_client,
):
    url = "/admin/orders/banktransfersettings/add/"

    refused = admin_client.post(url, {"fee_tolerance_percent": "150"})
    stored_after_refusal = BankTransferSettings.objects.exists()
    saved = admin_client.post(url, {"fee_tolerance_percent": "1.5", "fee_tolerance_maximum": "25"})

    assert refused.status_code == 200 and refused.context["adminform"].form.errors
    assert stored_after_refusal is False
    assert saved.status_code == 302
    settings_row = BankTransferSettings.current()
    assert (settings_row.fee_tolerance_percent, settings_row.fee_tolerance_maximum) == (
        Decimal("1.50"),
        Decimal("25.00"),
    )
