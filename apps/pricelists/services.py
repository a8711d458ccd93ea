"""Every write to price lists: named verbs with keyword-only arguments (docs/pricelists.md).

Each change bumps the catalogue version after commit (signals in ``apps.py``), so no cached page
or cached list keeps an old price.
"""

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.catalog.models import Product
from apps.companies.models import Company

from .errors import InvalidPriceList, PriceImportFailed
from .models import PriceList, PriceListAssignment, PriceListItem, PriceListKind

MAX_IMPORT_ROWS = 20_000


def _checked(row):
    try:
        row.full_clean()
    except ValidationError as error:
        raise InvalidPriceList(" ".join(error.messages)) from error
    return row


@transaction.atomic
def create_price_list(
    *,
    name: str,
    currency: str,
    kind: str = PriceListKind.FIXED,
    percent_off: Decimal | None = None,
    priority: int = 0,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    is_active: bool = True,
) -> PriceList:
    """A new price list (``InvalidPriceList`` when the fields do not agree: a percent for a
    fixed list, a window that ends before it starts, an unknown currency)."""
    price_list = PriceList(
        name=name,
        currency=currency,
        kind=kind,
        percent_off=percent_off,
        priority=priority,
        valid_from=valid_from,
        valid_until=valid_until,
        is_active=is_active,
    )
    _checked(price_list).save()
    return price_list


@transaction.atomic
def set_item_price(
    *, price_list: PriceList, product: Product, price: Decimal, min_quantity: int = 1
) -> PriceListItem:
    """The list's unit price of ``product`` from ``min_quantity`` on (created or replaced)."""
    item, _created = PriceListItem.objects.update_or_create(
        price_list=price_list,
        product=product,
        min_quantity=min_quantity,
        defaults={"price": _checked_price(price)},
    )
    return item


def _checked_price(price: Decimal) -> Decimal:
    if price < 0 or price != price.quantize(Decimal("0.01")):
        raise InvalidPriceList(_("A price is a positive amount with at most two decimals."))
    return price


@transaction.atomic
def assign_price_list(
    *,
    price_list: PriceList,
    company: Company | None = None,
    customer_type: str = "",
    country: str = "",
) -> PriceListAssignment:
    """Apply ``price_list`` to ``company``, or to every buyer of ``customer_type`` and/or
    ``country`` (``InvalidPriceList`` for both or neither). Assigning a list to a company twice
    returns the existing assignment."""
    if company is not None:
        if customer_type or country:
            raise InvalidPriceList(
                _("Assign the list either to a company, or to a customer type and/or a country.")
            )
        found, _created = PriceListAssignment.objects.get_or_create(
            price_list=price_list, company=company
        )
        return found
    assignment = PriceListAssignment(
        price_list=price_list, customer_type=customer_type, country=country
    )
    _checked(assignment).save()
    return assignment


@dataclass(frozen=True)
class ImportedPrices:
    created: int
    updated: int


@transaction.atomic
def import_item_prices(*, price_list: PriceList, text: str) -> ImportedPrices:
    """Prices from CSV text with the columns SKU, price and optionally from quantity (a header
    row is recognised), created or replaced. All or nothing: with any bad row (unknown SKU, a
    price or quantity that is not a number) ``PriceImportFailed`` lists each, and nothing is
    written."""
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    if rows and rows[0] and rows[0][0].strip().lower() in {"sku", "product", "item"}:
        rows = rows[1:]
        start = 2
    else:
        start = 1
    if len(rows) > MAX_IMPORT_ROWS:
        raise PriceImportFailed(
            errors=[(0, _("At most %(rows)s rows.") % {"rows": MAX_IMPORT_ROWS})]
        )
    skus = {row[0].strip() for row in rows if row}
    products = Product.objects.in_bulk(list(skus), field_name="sku")
    errors: list[tuple[int, str]] = []
    parsed: dict[tuple[int, int], Decimal] = {}
    for number, row in enumerate(rows, start=start):
        error, entry = _parse_row(row, products)
        if error:
            errors.append((number, error))
        elif entry is not None:
            parsed[entry[0]] = entry[1]
    if errors:
        raise PriceImportFailed(errors=errors)
    existing = {
        (item.product_id, item.min_quantity): item
        for item in PriceListItem.objects.filter(price_list=price_list)
    }
    changed = []
    for (product_id, quantity), price in parsed.items():
        if (product_id, quantity) in existing:
            item = existing[(product_id, quantity)]
            item.price = price
            changed.append(item)
    PriceListItem.objects.bulk_update(changed, ["price"], batch_size=1000)
    new = [
        PriceListItem(price_list=price_list, product_id=product_id, min_quantity=qty, price=price)
        for (product_id, qty), price in parsed.items()
        if (product_id, qty) not in existing
    ]
    PriceListItem.objects.bulk_create(new, batch_size=1000)
    # bulk writes send no signals: the catalogue's cached pages must still see the new prices.
    price_list.save(update_fields=["updated_at"])
    return ImportedPrices(created=len(new), updated=len(changed))


def _parse_row(row: list[str], products: dict[str, Product]):
    cells = [cell.strip() for cell in row]
    if len(cells) < 2:
        return _("Give a SKU and a price."), None
    product = products.get(cells[0])
    if product is None:
        return _("Unknown SKU %(sku)s.") % {"sku": cells[0]}, None
    try:
        price = _checked_price(Decimal(cells[1]))
        quantity = int(cells[2]) if len(cells) > 2 and cells[2] else 1
    except (InvalidOperation, ValueError, InvalidPriceList):
        return _("The price must be an amount such as 12.50 and the quantity a whole number."), None
    if quantity < 1:
        return _("The quantity must be at least 1."), None
    return "", ((product.pk, quantity), price)
