"""Document numbers: a gap-free sequence per series and year, each number given once."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone

from apps.documents.errors import DocumentNotAvailable
from apps.documents.models import DocumentKind, NumberSequence, TradeDocument
from apps.documents.services import issue_document

from .conftest import export_order, ship

pytestmark = pytest.mark.django_db


def test_numbers_count_up_per_series_and_the_same_document_comes_back():
    first, second = export_order(), export_order()

    proforma = issue_document(order=first, kind=DocumentKind.PROFORMA)
    again = issue_document(order=first, kind=DocumentKind.PROFORMA)
    other = issue_document(order=second, kind=DocumentKind.PROFORMA)

    year = timezone.now().year
    assert again.pk == proforma.pk
    assert (proforma.number, other.number) == (f"PF-{year}-000001", f"PF-{year}-000002")
    assert proforma.language == "en"
    assert NumberSequence.objects.get(series="PF", year=year).last_number == 2


def test_invoice_and_packing_list_are_for_shipped_orders_the_proforma_for_unpaid_ones():
    order = export_order()
    with pytest.raises(DocumentNotAvailable):
        issue_document(order=order, kind=DocumentKind.COMMERCIAL_INVOICE)
    proforma = issue_document(order=order, kind=DocumentKind.PROFORMA)

    order = ship(order)

    invoice = issue_document(order=order, kind=DocumentKind.COMMERCIAL_INVOICE)
    packing = issue_document(order=order, kind=DocumentKind.PACKING_LIST)
    assert invoice.number.startswith("INV-") and packing.number.startswith("PL-")
    # Issued before shipping, the proforma stays as it was; a new one is not made.
    assert issue_document(order=order, kind=DocumentKind.PROFORMA).pk == proforma.pk
    with pytest.raises(DocumentNotAvailable):
        issue_document(order=export_order(status="shipped"), kind=DocumentKind.PROFORMA)
    # Nothing refused took a number.
    assert NumberSequence.objects.get(series="PF").last_number == 1


def test_a_new_year_starts_at_one(monkeypatch):
    issue_document(order=export_order(), kind=DocumentKind.PROFORMA)
    monkeypatch.setattr(timezone, "now", lambda: datetime(2099, 1, 1, 0, 5, tzinfo=UTC))

    document = issue_document(order=export_order(), kind=DocumentKind.PROFORMA)

    assert document.number == "PF-2099-000001"


def test_a_rolled_back_issue_gives_no_number_away():
    order = export_order()
    with pytest.raises(RuntimeError), transaction.atomic():
        issue_document(order=order, kind=DocumentKind.PROFORMA)
        raise RuntimeError("the e-mail could not be sent")

    document = issue_document(order=export_order(), kind=DocumentKind.PROFORMA)

    assert document.sequence_number == 1
    assert not TradeDocument.objects.filter(order=order).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_gives_every_number_once_without_gaps():
    orders = [export_order() for _ in range(8)]
    # Two requests per order at once: the second finds the first's document.
    targets = [order for order in orders for _ in range(2)]
    barrier = threading.Barrier(len(targets))
    numbers: dict[int, list[str]] = {}
    errors: list[BaseException] = []

    def issue(order):
        try:
            barrier.wait()
            document = issue_document(order=order, kind=DocumentKind.PROFORMA)
            numbers.setdefault(order.pk, []).append(document.number)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(order,)) for order in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert all(len(set(given)) == 1 for given in numbers.values())  # one document per order
    sequence = sorted(
        TradeDocument.objects.filter(kind=DocumentKind.PROFORMA).values_list(
            "sequence_number", flat=True
        )
    )
    assert sequence == list(range(1, len(orders) + 1))
    assert NumberSequence.objects.get(series="PF").last_number == len(orders)
