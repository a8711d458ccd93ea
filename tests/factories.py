from decimal import Decimal

import factory
from allauth.account.models import EmailAddress

from apps.accounts.models import User
from apps.catalog.models import Category, Product
from apps.members.models import Member

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"buyer{n}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create:
            user.save()
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    user = factory.SubFactory(UserFactory)
    company_name = factory.Sequence(lambda n: f"Buyer Company {n}")
    country = "DE"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name_en = factory.Sequence(lambda n: f"Category {n}")
    slug_en = factory.Sequence(lambda n: f"category-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    category = factory.SubFactory(CategoryFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name_en = factory.Sequence(lambda n: f"Product {n}")
    slug_en = factory.Sequence(lambda n: f"product-{n}")
    price = 100


class ProductPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.ProductPrice"

    product = factory.SubFactory(ProductFactory)
    min_quantity = 100
    price = 90


class ShippingMethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "orders.ShippingMethod"

    name_en = factory.Sequence(lambda n: f"Express courier {n}")
    price = 50


def make_order(
    *,
    currency="USD",
    rate="1",
    lines=((Decimal("100.00"), 2),),
    member=None,
    payment_method="bank_transfer",
    shipping=Decimal("0"),
    language="en",
    stock=None,
):
    """A pending-payment order through the real service, with one product per line (``stock``
    of each in stock before the order; None: not tracked)."""
    from apps.orders.services import LineDraft, OrderDraft, create_order

    drafts = [
        LineDraft(
            product=ProductFactory(stock_quantity=stock),
            quantity=quantity,
            list_unit_price=price,
            unit_price=price,
        )
        for price, quantity in lines
    ]
    return create_order(
        draft=OrderDraft(
            email=member.user.email if member else "buyer@example.org",
            language=language,
            currency=currency,
            exchange_rate=Decimal(rate),
            payment_method=payment_method,
            incoterm="FOB",
            lines=drafts,
            member=member,
            shipping_amount=shipping,
            address={
                "name": "Buyer",
                "line1": "Street 1",
                "city": "Lyon",
                "country": "FR",
                "postal_code": "69001",
            },
        )
    )


HISTORY_SQL = """
WITH account AS (
    INSERT INTO ledger_pointsaccount (member_id, available, pending, lifetime_earned, updated_at)
    VALUES (%(member)s, 10 * %(count)s, 0, 10 * %(count)s, now())
    ON CONFLICT (member_id) DO UPDATE
    SET available = ledger_pointsaccount.available + EXCLUDED.available,
        lifetime_earned = ledger_pointsaccount.lifetime_earned + EXCLUDED.lifetime_earned
    RETURNING id
), entries AS (
    INSERT INTO ledger_ledgerentry (account_id, points, kind, reason, source, idempotency_key,
                                    fingerprint, created_at)
    SELECT account.id, 10, 'earn', 'History ' || n, 'history', 'history:' || gen_random_uuid(),
           'history',
           now() - n * interval '1 minute'
    FROM account CROSS JOIN generate_series(1, %(count)s) AS n
    RETURNING id, account_id, created_at
)
INSERT INTO ledger_pointslot (account_id, entry_id, points, remaining, available_at, released,
                              expires_at, source)
SELECT account_id, id, 10, 10, created_at, TRUE, created_at + interval '365 days', 'history'
FROM entries
"""


def bulk_points_history(member, count: int, *, database) -> None:
    """``count`` earn entries of 10 points in one statement (one lot each, a minute apart,
    expiring a year later), for tests and benchmarks that need a long history fast. Entries,
    lots and the account agree, as the ledger's own writes would leave them. ``database`` is a
    connection as the ledger tables' owner (the application's role may not write them): the
    ``database_owner`` fixture, or Django's connection inside ``database_roles.as_owner``."""
    with database.cursor() as cursor:
        cursor.execute(HISTORY_SQL, {"member": member.pk, "count": count})
