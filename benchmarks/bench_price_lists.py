"""Catalogue pages for a company buyer with a company price list against a plain member.

Seeds a scratch database ``storefront_bench_pricelists`` with 2,000 products (each with a USD
volume break) and 10,000 companies of 1-20 buyers (about 105,000 members), every company with
its own price list: four in five fixed prices for 40 products (a third of them with a volume
break), one in five a percent off the catalogue. Then renders the listing and product pages
in-process through Django's test client (the whole request: middleware, session, the price
list's lookup, cached fragments, templates; no network) with production-shaped settings (DEBUG
off), for buyers of 100 different companies and for 100 plain members, interleaved request
by request in random order, so that the load of this shared machine hits both alike and work
they share (the first rendering of a page after a change) falls on either. Target: company
buyers' pages at least 0.8x the plain members' throughput (requests per second of one client,
i.e. 1 / mean latency).

Two states: warm (each buyer's pages visited once before: the steady state) and cold (the
catalogue version bumped before each round: every page rendered again on its first visit,
once for all shoppers, each shopper's prices filled in per request: docs/pricelists.md).

    .venv/bin/python benchmarks/bench_price_lists.py [--companies 10000] [--requests 400]
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import bench_environment, ensure_database, manage

DATABASE = "storefront_bench_pricelists"
PRODUCTS = 2_000
LIST_ITEMS = 40
BATCH = 5_000


def seed(companies: int) -> None:
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password
    from djmoney.money import Money

    from apps.accounts.models import User
    from apps.catalog.models import Category, Product, ProductPrice
    from apps.companies.models import Company, CompanyMember
    from apps.currencies.services import forget_cached_rates, set_exchange_rate
    from apps.demo.demo_data import EXCHANGE_RATES
    from apps.members.models import Member
    from apps.pricelists.models import (
        PriceList,
        PriceListAssignment,
        PriceListItem,
        PriceListKind,
    )

    for currency, value in EXCHANGE_RATES.items():
        set_exchange_rate(currency=currency, value=value)
    forget_cached_rates()
    if Company.objects.count() >= companies:
        return
    random.seed(20)
    categories = [
        Category.objects.create(name_en=f"Category {i}", slug_en=f"bench-{i}", position=i)
        for i in range(10)
    ]
    products = Product.objects.bulk_create(
        Product(
            category=categories[n % 10],
            sku=f"PL-{n:06d}",
            name_en=f"Industrial valve {n}",
            slug_en=f"industrial-valve-{n}",
            description_en="Forged steel ball valve for oil and gas.",
            price=Decimal(random.randint(5_000, 500_000)) / 100,
            minimum_order_quantity=random.choice([1, 5, 10]),
        )
        for n in range(PRODUCTS)
    )
    ProductPrice.objects.bulk_create(
        ProductPrice(
            product=p, min_quantity=100, price=Money(p.price.amount * Decimal("0.9"), "USD")
        )
        for p in products
    )
    password = make_password("bench-password-2026")
    rows = Company.objects.bulk_create(
        Company(legal_name=f"Importer {n}", country=random.choice(["DE", "FR", "BR", "JP", "US"]))
        for n in range(companies)
    )
    sizes = [random.randint(1, 20) for _company in rows]
    users = User.objects.bulk_create(
        (
            User(email=f"buyer{n}-{k}@bench.example", password=password)
            for n, size in enumerate(sizes)
            for k in range(size)
        ),
        batch_size=BATCH,
    )
    users += User.objects.bulk_create(
        (User(email=f"plain{n}@bench.example", password=password) for n in range(200)),
    )
    members = Member.objects.bulk_create(
        (Member(user=user, country="DE") for user in users), batch_size=BATCH
    )
    buyers = iter(members)
    CompanyMember.objects.bulk_create(
        (
            CompanyMember(company=company, member=next(buyers))
            for company, size in zip(rows, sizes, strict=True)
            for _k in range(size)
        ),
        batch_size=BATCH,
    )
    lists = PriceList.objects.bulk_create(
        PriceList(
            name_en=f"{company.legal_name} prices",
            currency="USD",
            kind=PriceListKind.PERCENT if n % 5 == 4 else PriceListKind.FIXED,
            percent_off=Decimal(random.randint(3, 15)) if n % 5 == 4 else None,
        )
        for n, company in enumerate(rows)
    )
    PriceListAssignment.objects.bulk_create(
        (PriceListAssignment(price_list=pl, company=c) for pl, c in zip(lists, rows, strict=True)),
        batch_size=BATCH,
    )

    def items():
        for price_list in lists:
            if price_list.kind == PriceListKind.PERCENT:
                continue
            for product in random.sample(products, LIST_ITEMS):
                price = product.price.amount * Decimal(random.randint(70, 95)) / 100
                yield PriceListItem(price_list=price_list, product=product, price=round(price, 2))
                if random.random() < 1 / 3:
                    yield PriceListItem(
                        price_list=price_list,
                        product=product,
                        min_quantity=50,
                        price=round(price * Decimal("0.9"), 2),
                    )

    PriceListItem.objects.bulk_create(items(), batch_size=BATCH)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def clients_for(emails: list[str]):
    from django.test import Client

    from apps.accounts.models import User

    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    made = []
    for email in emails:
        client = Client()
        client.force_login(users[email])
        made.append(client)
    return made


def timed(
    shoppers: dict, paths: list[str], requests: int, *, grouped: bool = False
) -> dict[str, list[float]]:
    """``requests`` requests per kind of shopper, the kinds shuffled request by request: work
    that all shoppers share (the first rendering of a page after a catalogue change) falls on
    whichever comes first, as it would in a shop, not always on the same kind. ``grouped``:
    all of the first kind's requests, then the second's (the earlier harness: the shared work
    then falls on company buyers)."""
    order = [who for who in shoppers for _request in range(requests)]
    if not grouped:
        random.shuffle(order)
    durations: dict[str, list[float]] = {who: [] for who in shoppers}
    for who in order:
        client, path = random.choice(shoppers[who]), random.choice(paths)
        start = time.perf_counter()
        response = client.get(path)
        durations[who].append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return durations


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=400, help="per scenario and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--grouped", action="store_true", help="company buyers' requests first, then members'"
    )
    options = parser.parse_args()

    env = bench_environment(DATABASE)
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    ensure_database(env)
    manage(env, "migrate", "-v", "0")
    manage(env, "compilemessages", "--ignore=.venv", "-v", "0")
    os.environ.update(env)

    import django

    django.setup()
    from apps.catalog.caching import _bump
    from apps.companies.models import Company, CompanyMember
    from apps.pricelists.models import PriceListItem

    started = time.perf_counter()
    seed(options.companies)
    print(
        f"{Company.objects.count():,} companies, {CompanyMember.objects.count():,} buyers, "
        f"{PriceListItem.objects.count():,} price list rows, {PRODUCTS:,} products "
        f"(seeded or found in {time.perf_counter() - started:.0f} s)"
    )
    random.seed(3)
    companies = random.sample(range(options.companies), 100)
    buyer_emails = [f"buyer{n}-0@bench.example" for n in companies]
    plain_emails = [f"plain{n}@bench.example" for n in range(100)]
    shoppers = {
        "company buyer": clients_for(buyer_emails),
        "plain member": clients_for(plain_emails),
    }
    pages = {
        "listing": [f"/en/products/?page={page}" for page in range(1, 21)],
        "product": [
            f"/en/products/industrial-valve-{n}/" for n in random.sample(range(PRODUCTS), 50)
        ],
    }
    for state in ("warm", "cold"):
        if state == "warm":  # every shopper's pages once: the steady state
            for clients in shoppers.values():
                for client in clients:
                    for paths in pages.values():
                        for path in paths[:5]:
                            client.get(path)
        durations: dict[tuple[str, str], list[float]] = {}
        for _round in range(options.rounds):
            if state == "cold":
                _bump()
            for page, paths in pages.items():
                warm_paths = paths[:5] if state == "warm" else paths
                for who, values in timed(
                    shoppers, warm_paths, options.requests, grouped=options.grouped
                ).items():
                    durations.setdefault((page, who), []).extend(values)
        load = " ".join(f"{value:.1f}" for value in os.getloadavg())
        print(
            f"\n{state} caches, {options.rounds} rounds x {options.requests} requests"
            f"{' (grouped)' if options.grouped else ''}"
            f" (load average after: {load}):"
        )
        print(f"  {'page':<9}{'shopper':<15}{'p50 ms':>8}{'p95 ms':>8}{'req/s':>8}{'ratio':>7}")
        for page in pages:
            plain = 1000 / statistics.mean(durations[(page, "plain member")])
            for who in shoppers:
                values = durations[(page, who)]
                rate = 1000 / statistics.mean(values)
                print(
                    f"  {page:<9}{who:<15}{statistics.median(values):>8.1f}"
                    f"{statistics.quantiles(values, n=20)[-1]:>8.1f}{rate:>8.1f}"
                    f"{rate / plain:>7.2f}"
                )
    print("\ntarget: company buyer >= 0.80 x the plain member's throughput (ratio column)")


if __name__ == "__main__":
    main()
