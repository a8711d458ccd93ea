"""Building price-list scenarios for the tests."""

from decimal import Decimal

from django.utils import timezone

from apps.companies.models import CompanyRole
from apps.companies.services import add_member, create_company
from apps.pricelists.models import PriceListKind
from apps.pricelists.services import create_price_list
from apps.tiers.models import Tier, TierStatus
from tests.factories import MemberFactory


def company_buyer(legal_name="Importer GmbH", *, country="DE", customer_type="distributor"):
    company = create_company(legal_name=legal_name, country=country, customer_type=customer_type)
    buyer = MemberFactory()
    add_member(company=company, member=buyer, role=CompanyRole.BUYER)
    return company, buyer


def fixed_list(name="List", currency="USD", **fields):
    return create_price_list(name=name, currency=currency, **fields)


def percent_list(percent, name="Percent", **fields):
    return create_price_list(
        name=name,
        currency="USD",
        kind=PriceListKind.PERCENT,
        percent_off=Decimal(percent),
        **fields,
    )


def gold(member, percent="10"):
    tier = Tier.objects.create(name_en="Gold", name_de="Gold", rank=2, discount_percent=percent)
    TierStatus.objects.create(member=member, tier=tier, since=timezone.now())
    return tier
