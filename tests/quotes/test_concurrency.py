"""Row locks: two staff answering at once, a buyer accepting (twice) while staff revise."""

import threading

import pytest
from django.db import connection

from apps.orders.models import Order
from apps.quotes.errors import QuoteNotOpen, QuoteRevised
from apps.quotes.models import Quote, QuoteRevision, QuoteStatus
from apps.quotes.services import accept_quote

from .conftest import address_of, answer, rfq


def run_at_once(*calls):
    """Run each call in its own thread and connection, all released together; returns what
    each returned or raised, in order."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except BaseException as error:  # compared below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_answers_and_accepts_leave_one_consistent_result(member, exchange_rates):
    quote = rfq(member)
    address = address_of(member)

    # Two staff answer the request they both read (no revision yet): one revision is made.
    first, second = run_at_once(
        lambda: answer(quote, price="85.00", expected_revision=0),
        lambda: answer(quote, price="83.00", expected_revision=0),
    )
    assert sorted(type(result).__name__ for result in (first, second)) == [
        "QuoteRevised",
        "QuoteRevision",
    ]
    assert QuoteRevision.objects.filter(quote=quote).count() == 1

    # The buyer posts "accept" twice while a staff member revises revision 1.
    def accept():
        return accept_quote(
            quote=quote, member=member, revision=1, address=address, payment_method="stripe"
        )

    results = run_at_once(accept, accept, lambda: answer(quote, price="80.00", expected_revision=1))

    quote.refresh_from_db()
    orders = list(Order.objects.all())
    if quote.status == QuoteStatus.ACCEPTED:  # the accept came first: the revision is refused
        assert len(orders) == 1 and results[0] == results[1] == orders[0] == quote.order
        assert isinstance(results[2], QuoteNotOpen)
        assert quote.revision_count == 1
    else:  # the revision came first: neither accept placed an order
        assert orders == [] and quote.revision_count == 2
        assert all(isinstance(result, QuoteRevised) for result in results[:2])
    assert Quote.objects.get().status in (QuoteStatus.ACCEPTED, QuoteStatus.QUOTED)
