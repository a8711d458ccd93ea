"""Checkouts on one credit line at the same moment, in threads with their own connections: the
line's row lock lets no two of them pass the limit together."""

from decimal import Decimal

import pytest
from djmoney.money import Money

from apps.companies.models import PaymentTerms
from apps.companies.services import add_member, create_company
from apps.credit.models import CreditTerms
from apps.orders.errors import CreditLimitExceeded
from apps.orders.models import Order
from tests.factories import MemberFactory, make_order
from tests.ledger.test_concurrency import in_threads

pytestmark = pytest.mark.django_db(transaction=True)


def test_four_buyers_ordering_at_once_on_credit_for_two_orders_place_exactly_two():
    company = create_company(
        legal_name="Acme Import", country="DE", payment_terms=PaymentTerms.NET_30
    )
    CreditTerms.objects.create(company=company, credit_limit=Money("1000", "USD"))
    buyers = [MemberFactory() for _i in range(4)]
    for buyer in buyers:
        add_member(company=company, member=buyer)

    outcomes = in_threads(4, lambda i: make_order(member=buyers[i], lines=[(Decimal("400.00"), 1)]))

    placed = [o for o in outcomes if isinstance(o, Order)]
    refused = [o for o in outcomes if isinstance(o, CreditLimitExceeded)]
    assert (len(placed), len(refused)) == (2, 2), outcomes
    assert Order.objects.filter(company=company).count() == 2
