"""Indexes for the storefront's default sort (by name in the shopper's language).

One partial index per language on (name_<language>, id) of active products: listing pages deep
into a large catalogue read the index in order instead of sorting every product.
"""

from django.conf import settings
from django.db import migrations


def index_name(column: str) -> str:
    return f"catalog_product_active_{column}_idx"


def operations():
    for code, _name in settings.LANGUAGES:
        column = f"name_{code.replace('-', '_')}"
        yield migrations.RunSQL(
            f'CREATE INDEX IF NOT EXISTS {index_name(column)} ON catalog_product ("{column}", id) '
            "WHERE is_active",
            f"DROP INDEX IF EXISTS {index_name(column)}",
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_productimage_productprice_product_stock_quantity_and_more")]

    operations = list(operations())
