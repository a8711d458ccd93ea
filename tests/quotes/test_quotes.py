"""Requests for quotation: request, answer (revisions), revise, accept into one order, decline."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from apps.core.models import OutboxEvent
from apps.orders.errors import InsufficientStock
from apps.orders.models import Order, OrderStatus
from apps.orders.services import cancel_order
from apps.orders.totals import order_total_rows
from apps.quotes.errors import (
    EmptyRequest,
    MayNotQuote,
    QuoteExpired,
    QuoteIncomplete,
    QuoteNotAnswered,
    QuoteNotOpen,
    QuoteRevised,
)
from apps.quotes.models import QuoteStatus
from apps.quotes.services import (
    LineAnswer,
    LineRequest,
    accept_quote,
    answer_quote,
    decline_quote,
    request_quote,
    request_revision,
)
from tests.factories import MemberFactory, ProductFactory

from .conftest import address_of, answer, rfq

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 16


def test_a_request_waits_for_staff_and_is_announced(member, exchange_rates):
    quote = rfq(member)

    assert quote.status == QuoteStatus.REQUESTED
    assert quote.lines.get().target_unit_price == Decimal("80")
    assert OutboxEvent.objects.filter(name="quote.requested").exists()
    with pytest.raises(EmptyRequest):
        rfq(member, product=None, description="   ")


def test_each_answer_is_a_revision_kept_in_history(member, exchange_rates):
    quote = rfq(member)
    first = answer(quote, price="85.00", expected_revision=0)
    second = answer(quote, price="82.50", expected_revision=1)

    quote.refresh_from_db()
    assert [first.number, second.number] == [1, 2]
    assert quote.status == QuoteStatus.QUOTED and quote.revision_count == 2
    assert first.total_amount == Decimal("85.00") * 500 + Decimal("325.00")
    assert second.lines.get().unit_price == Decimal("82.50")
    # The list price is the catalogue's for that quantity (the order shows the saving).
    assert second.lines.get().list_unit_price == Decimal("100.00")
    # An answer made from a revision that is no longer the latest is refused.
    with pytest.raises(QuoteRevised):
        answer(quote, price="80.00", expected_revision=1)


def test_a_described_line_needs_a_product_before_it_is_priced(member, exchange_rates):
    quote = rfq(member, description="Flange to drawing A-12, stainless")
    line = quote.lines.get()
    with pytest.raises(QuoteIncomplete):
        answer(quote)
    product = ProductFactory(is_custom_made=True)

    answer_quote(
        quote=quote,
        lines=[LineAnswer(line_id=line.pk, unit_price=Decimal("12"), product=product)],
        valid_until=timezone.localdate(),
        actor_label="staff",
    )

    line.refresh_from_db()
    assert line.product == product


def test_accepting_places_one_order_at_the_quoted_prices(quoted, member):
    address = address_of(member)

    order = accept_quote(
        quote=quoted, member=member, revision=1, address=address, payment_method="bank_transfer"
    )
    again = accept_quote(
        quote=quoted, member=member, revision=1, address=address, payment_method="bank_transfer"
    )

    assert again == order and Order.objects.count() == 1
    line = order.lines.get()
    assert (line.unit_price, line.quantity) == (Decimal("85.00"), 500)
    # The quoted price is the order's: no "member price" saving on it or its invoices.
    assert line.list_unit_price == line.unit_price
    assert "member_saving" not in [row.kind for row in order_total_rows(order)]
    assert order.shipping_amount == Decimal("325.00")
    assert order.total_amount == Decimal("42825.00")
    assert (order.status, order.incoterm, order.currency) == (
        OrderStatus.PENDING_PAYMENT,
        "CIF",
        "USD",
    )
    assert order.ship_to_city == "Yokohama"
    quoted.refresh_from_db()
    assert quoted.status == QuoteStatus.ACCEPTED and quoted.order == order
    assert OutboxEvent.objects.filter(name="order.placed").count() == 1
    assert OutboxEvent.objects.filter(name="quote.accepted").count() == 1
    with pytest.raises(QuoteNotOpen):
        answer(quoted)


def test_an_accepted_quote_takes_stock_for_its_stock_lines_only(member, exchange_rates):
    shelf = ProductFactory(stock_quantity=1000)
    made = ProductFactory(stock_quantity=3, is_custom_made=True)
    quote = request_quote(
        member=member,
        currency="USD",
        language="en",
        lines=[LineRequest(product=shelf, quantity=400), LineRequest(product=made, quantity=50)],
        incoterm="CIF",
        destination_country="JP",
        destination_port="Yokohama",
    )
    lines = {line.product_id: line.pk for line in quote.lines.all()}
    answer_quote(
        quote=quote,
        lines=[
            LineAnswer(line_id=lines[shelf.pk], unit_price=Decimal("85")),
            LineAnswer(line_id=lines[made.pk], unit_price=Decimal("40"), lead_time_days=21),
        ],
        valid_until=timezone.localdate(),
        actor_label="staff",
    )

    order = accept_quote(
        quote=quote,
        member=member,
        revision=1,
        address=address_of(member),
        payment_method="bank_transfer",
    )

    shelf.refresh_from_db()
    made.refresh_from_db()
    # The stock line is taken as checkout takes it; the made-to-order line (more than the
    # shelf holds) takes nothing.
    assert (shelf.stock_quantity, made.stock_quantity) == (600, 3)
    assert dict(order.lines.values_list("product_id", "stock_taken")) == {
        shelf.pk: True,
        made.pk: False,
    }
    # CIF names the destination port; a cancelled order puts back only what it took.
    assert (order.incoterm, order.incoterm_place) == ("CIF", "Yokohama")
    buyer = Client()
    buyer.force_login(member.user)
    page = buyer.get(reverse("orders:detail", args=[order.access_token])).content.decode()
    assert "Cost, Insurance and Freight, <bdi>Yokohama</bdi>" in page
    cancel_order(order=order)
    shelf.refresh_from_db()
    made.refresh_from_db()
    assert (shelf.stock_quantity, made.stock_quantity) == (1000, 3)


def test_a_stock_line_short_of_stock_is_not_accepted_and_fob_keeps_the_shops_place(
    member, exchange_rates, settings
):
    settings.DEFAULT_INCOTERM_PLACE = "Hamburg"
    shelf = ProductFactory(stock_quantity=10)
    quote = rfq(member, product=shelf, quantity=20, incoterm="FOB")
    answer(quote)
    address = address_of(member)
    with pytest.raises(InsufficientStock):
        accept_quote(
            quote=quote, member=member, revision=1, address=address, payment_method="bank_transfer"
        )
    assert not Order.objects.exists()

    shelf.stock_quantity = 20
    shelf.save()
    order = accept_quote(
        quote=quote, member=member, revision=1, address=address, payment_method="bank_transfer"
    )
    # FOB names the seller's port of shipment, not the buyer's destination.
    assert (order.incoterm, order.incoterm_place) == ("FOB", "Hamburg")
    shelf.refresh_from_db()
    assert shelf.stock_quantity == 0


def test_what_cannot_be_accepted(quoted, member, exchange_rates):
    address = address_of(member)
    # Staff revised after the buyer read revision 1.
    answer(quoted, price="84.00")
    with pytest.raises(QuoteRevised):
        accept_quote(
            quote=quoted, member=member, revision=1, address=address, payment_method="stripe"
        )
    # An expired offer.
    answer(quoted, days_valid=-1)
    with pytest.raises(QuoteExpired):
        accept_quote(
            quote=quoted, member=member, revision=3, address=address, payment_method="stripe"
        )
    # While a revision is asked for.
    request_revision(quote=quoted, member=member, note="Can you do 80?")
    with pytest.raises(QuoteNotAnswered):
        accept_quote(
            quote=quoted, member=member, revision=3, address=address, payment_method="stripe"
        )
    assert not Order.objects.exists()
    decline_quote(quote=quoted, member=member, note="Too dear")
    quoted.refresh_from_db()
    assert quoted.status == QuoteStatus.DECLINED
    assert list(quoted.activities.values_list("status", flat=True)) == [
        "requested",
        "quoted",
        "quoted",
        "quoted",
        "revision_requested",
        "declined",
    ]


def test_a_company_viewer_reads_but_does_not_act(quoted, member):
    from apps.companies.models import Company, CompanyMember, CompanyRole

    company = Company.objects.create(legal_name="Sato Trading KK", country="JP")
    CompanyMember.objects.create(company=company, member=member, role=CompanyRole.ADMIN)
    viewer = MemberFactory()
    CompanyMember.objects.create(company=company, member=viewer, role=CompanyRole.VIEWER)
    mine = rfq(member)

    with pytest.raises(MayNotQuote):
        decline_quote(quote=mine, member=viewer)
    from apps.quotes.selectors import visible_quotes

    assert mine in visible_quotes(viewer)
    assert quoted in visible_quotes(member)


def test_a_closed_account_closes_its_open_quotes_and_erases_what_is_personal(
    member, exchange_rates
):
    from apps.members.services import close_account
    from apps.quotes.attachments import check_file

    quote = rfq(member, notes="Call me", attachments=[check_file(name="a.png", content=PNG)])

    close_account(member=member)

    quote.refresh_from_db()
    assert quote.status == QuoteStatus.DECLINED and quote.notes == ""
    assert quote.email.endswith("@invalid.invalid")
    assert not quote.attachments.exists()
    # The history keeps the source text and shows it in the reader's language.
    closed = quote.activities.last()
    assert closed.actor_label == "account closed"
    with translation.override("de"):
        assert closed.actor_shown == "Konto geschlossen"
    with translation.override("ja"):
        assert closed.actor_shown == "アカウント閉鎖"


def test_a_company_quote_stays_with_the_company_and_is_accepted_by_whoever_buys(
    member, exchange_rates
):
    from apps.companies.models import Company, CompanyMember, CompanyRole
    from apps.companies.services import remove_member
    from apps.quotes.selectors import visible_quotes

    company = Company.objects.create(legal_name="Sato Trading KK", country="JP")
    CompanyMember.objects.create(company=company, member=member, role=CompanyRole.BUYER)
    colleague = MemberFactory()
    CompanyMember.objects.create(company=company, member=colleague, role=CompanyRole.ADMIN)
    quote = rfq(member)
    answer(quote)
    assert quote in visible_quotes(member) and quote in visible_quotes(colleague)

    # The buyer who asked leaves: the company's quote (its prices) is no longer theirs to see.
    remove_member(company=company, member_id=member.pk)
    assert quote not in visible_quotes(member) and quote in visible_quotes(colleague)

    order = accept_quote(
        quote=quote,
        member=colleague,
        revision=1,
        address=address_of(colleague),
        payment_method="bank_transfer",
    )
    assert (order.member, order.company_id) == (colleague, company.pk)
    assert order.email == colleague.user.email


def test_a_quote_in_a_currency_without_a_rate_is_not_accepted(member, exchange_rates):
    from apps.currencies.errors import MissingExchangeRate
    from apps.currencies.models import ExchangeRate
    from apps.currencies.services import forget_cached_rates

    quote = rfq(member, currency="JPY")
    answer(quote)
    ExchangeRate.objects.filter(currency="JPY").delete()  # removed before the buyer accepts
    forget_cached_rates()

    with pytest.raises(MissingExchangeRate):
        accept_quote(
            quote=quote,
            member=member,
            revision=1,
            address=address_of(member),
            payment_method="bank_transfer",
        )
    assert not Order.objects.exists()
