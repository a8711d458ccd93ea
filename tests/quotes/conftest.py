from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.members.models import Address
from apps.quotes.services import LineAnswer, LineRequest, answer_quote, request_quote
from tests.factories import ProductFactory


def address_of(member) -> Address:
    return Address.objects.create(
        member=member,
        name="Kenji Sato",
        company="Sato Trading",
        line1="1-2-3 Minato",
        city="Yokohama",
        country="JP",
        is_default_shipping=True,
    )


def rfq(member, *, product=None, quantity=500, description="", currency="USD", **extra):
    product = product if product is not None or description else ProductFactory()
    return request_quote(
        member=member,
        currency=currency,
        language=extra.pop("language", "en"),
        lines=[
            LineRequest(
                product=product,
                description=description,
                quantity=quantity,
                target_unit_price=Decimal("80"),
            )
        ],
        incoterm=extra.pop("incoterm", "CIF"),
        destination_country="JP",
        destination_port="Yokohama",
        **extra,
    )


def answer(quote, *, price="85.00", days_valid=30, actor_label="staff@example.com", **extra):
    return answer_quote(
        quote=quote,
        lines=[
            LineAnswer(
                line_id=line.pk, unit_price=Decimal(price), lead_time_days=extra.pop("lead", 0)
            )
            for line in quote.lines.all()
        ],
        freight=Decimal("300.00"),
        insurance=Decimal("25.00"),
        valid_until=timezone.localdate() + timedelta(days=days_valid),
        terms="30% deposit, balance before shipment",
        actor_label=actor_label,
        **extra,
    )


@pytest.fixture
def quoted(member, exchange_rates):
    quote = rfq(member)
    answer(quote)
    quote.refresh_from_db()
    return quote
