"""Product listing and detail pages with 10,000 products, against a trivial Django view.

Runs gunicorn with production-shaped settings (DEBUG off) on a scratch database
``storefront_bench`` and drives it with 10 concurrent closed-loop clients. Prints throughput,
median and 95th-percentile latency per scenario and the ratio to the trivial view measured in
the same run (target: >= 0.5), twice: with cold page caches (the distinct URLs of a scenario, 200
listing pages, 20 categories, 500 products per language, fill them as it runs), then with every
page visited once before (the steady state of a shop that has been up for a while).

    .venv/bin/python benchmarks/bench_catalog_pages.py [--products 10000] [--seconds 10]
"""

import argparse
import os
import random
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (
    PYTHON,
    ROOT,
    bench_environment,
    ensure_database,
    get,
    gunicorn,
    load,
    manage,
    report,
)

SEED = """
import random
from decimal import Decimal
import django
django.setup()
from djmoney.money import Money
from apps.catalog.models import Category, Product, ProductPrice
from apps.demo.demo_data import EXCHANGE_RATES
from apps.currencies.services import forget_cached_rates, set_exchange_rate

TARGET = {products}
for currency, value in EXCHANGE_RATES.items():
    set_exchange_rate(currency=currency, value=value)
forget_cached_rates()
if Product.objects.count() < TARGET:
    Product.objects.all().delete()
    categories = [
        Category.objects.get_or_create(slug_en=f"bench-{{i}}", defaults={{
            "name_en": f"Category {{i}}", "name_de": f"Kategorie {{i}}", "slug_de": f"kat-{{i}}",
            "position": i}})[0]
        for i in range(20)
    ]
    random.seed(7)
    products = Product.objects.bulk_create(
        Product(
            category=categories[n % 20], sku=f"BENCH-{{n:06d}}",
            name=f"Industrial pump {{n}}", name_en=f"Industrial pump {{n}}",
            name_de=f"Industriepumpe {{n}}", slug=f"industrial-pump-{{n}}",
            slug_en=f"industrial-pump-{{n}}", slug_de=f"industriepumpe-{{n}}",
            description_en="Cast iron centrifugal pump for water and light chemicals.",
            description_de="Kreiselpumpe aus Gusseisen.",
            price=Decimal(random.randint(5_000, 500_000)) / 100,
            minimum_order_quantity=random.choice([1, 5, 10]), lead_time_days=random.randint(7, 60),
            is_new=n % 7 == 0, is_custom_made=n % 11 == 0,
            stock_quantity=None if n % 3 else random.randint(0, 500),
        )
        for n in range(TARGET)
    )
    ProductPrice.objects.bulk_create(
        ProductPrice(product=p, min_quantity=100,
                     price=Money(p.price.amount * Decimal("0.9"), "USD"))
        for p in products
    )
    ProductPrice.objects.bulk_create(
        ProductPrice(product=p, min_quantity=1,
                     price=Money(p.price.amount * Decimal("0.91"), "EUR"))
        for p in products[::4]
    )
from apps.catalog.caching import _bump
_bump()  # start every run with cold page caches
print(Product.objects.count(), "products")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=10)
    args = parser.parse_args()

    env = bench_environment("storefront_bench")
    ensure_database(env)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "compilemessages", "--ignore=.venv", "-v", "0")
    subprocess.run(
        [PYTHON, "-c", SEED.format(products=args.products)], cwd=ROOT, env=env, check=True
    )

    random.seed(1)
    pages = args.products // 24
    listing = [f"/en/products/?page={random.randint(1, pages)}" for _i in range(200)]
    category = [f"/de/categories/kat-{i}/?sort=price" for i in range(20)]
    detail = [
        f"/en/products/industrial-pump-{random.randrange(args.products)}/" for _i in range(500)
    ]
    detail_eur = [
        path.replace("/en/", "/de/").replace("industrial-pump", "industriepumpe") for path in detail
    ]

    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    print(
        f"catalogue: {args.products} products; {args.clients} clients; "
        f"{args.seconds:.0f} s per scenario; gunicorn 2 sync workers; DEBUG off"
    )
    scenarios = [
        ("listing (en, paginated)", listing),
        ("category (de, by price)", category),
        ("product detail (en)", detail),
        ("product detail (de)", detail_eur),
    ]
    with gunicorn(env):
        run = dict(clients=args.clients, seconds=args.seconds)
        baseline = load("trivial Django view", ["/bench/trivial/"], **run)
        cold = [load(name, paths, **run) for name, paths in scenarios]
        for _name, paths in scenarios:  # every page once: the steady state of a live shop
            for path in set(paths):
                get(path)
        warm = [load(name, paths, **run) for name, paths in scenarios]
    print("\ncold caches (each page rendered on its first visit during the run):")
    report(cold, baseline, target=0.5)
    print("\nwarm caches (each page visited once before the run):")
    report(warm, baseline, target=0.5)


if __name__ == "__main__":
    main()
