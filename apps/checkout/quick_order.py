"""Quick order: SKU and quantity rows (typed or from a CSV file) into the cart.

Every row goes through ``services.add_to_cart``, so prices, the minimum order quantity, the
pack size, early access and stock are the cart's rules, checked in one place. A row that fails
adds nothing (``add_to_cart`` is atomic); the rows that pass are added.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from apps.catalog.access import released
from apps.catalog.models import Product
from apps.core import formatting
from apps.core.errors import ApplicationError

from .errors import CartError, InvalidQuantity, UnknownSku
from .models import Cart
from .services import add_to_cart

MAX_ROWS = 500
MAX_UPLOAD_BYTES = 100 * 1024
# A first CSV row whose cells are one of these names is a header, not an order row.
HEADER_NAMES = {"sku", "item", "article", "product", "code", "quantity", "qty", "amount"}


class QuickOrderTooLarge(CartError):
    code = "quick_order_too_large"
    default_message = _("A quick order has at most %(rows)s rows and a file at most %(size)s KB.")


class UnreadableFile(CartError):
    code = "unreadable_csv"
    default_message = _("This file could not be read. Upload a CSV file with SKU and quantity.")


@dataclass(frozen=True)
class OrderRow:
    """One row as the buyer gave it: ``number`` counts from 1 (the CSV's line, or the form's
    row), ``quantity`` is the text typed."""

    number: int
    sku: str
    quantity: str


@dataclass
class RowOutcome:
    row: OrderRow
    product: Product | None = None
    error: str = ""
    code: str = ""

    @property
    def added(self) -> bool:
        return not self.error


@dataclass
class QuickOrderResult:
    outcomes: list[RowOutcome] = field(default_factory=list)

    @property
    def added(self) -> list[RowOutcome]:
        return [outcome for outcome in self.outcomes if outcome.added]

    @property
    def failed(self) -> list[RowOutcome]:
        return [outcome for outcome in self.outcomes if not outcome.added]


def too_large_error() -> QuickOrderTooLarge:
    return QuickOrderTooLarge(
        QuickOrderTooLarge.default_message
        % {"rows": MAX_ROWS, "size": formatting.number(MAX_UPLOAD_BYTES // 1024)}
    )


def rows_from_form(skus: Iterable[str], quantities: Iterable[str]) -> list[OrderRow]:
    """The typed rows, blank ones (no SKU and no quantity) left out, numbered as shown."""
    rows = [
        OrderRow(number=number, sku=sku.strip(), quantity=quantity.strip())
        for number, (sku, quantity) in enumerate(zip(skus, quantities, strict=False), start=1)
        if sku.strip() or quantity.strip()
    ]
    if len(rows) > MAX_ROWS:
        raise too_large_error()
    return rows


def rows_from_csv(content: bytes) -> list[OrderRow]:
    """Rows of a CSV file (SKU, quantity; comma, semicolon or tab; an optional header row;
    UTF-8 with or without a byte order mark, else Windows-1252). Raises ``QuickOrderTooLarge``
    or ``UnreadableFile``."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise too_large_error()
    text = _decode(content)
    rows = []
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    try:
        for number, cells in enumerate(reader, start=1):
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue
            if number == 1 and _is_header(cells):
                continue
            sku, quantity = [*cells, "", ""][:2]
            rows.append(OrderRow(number=number, sku=sku, quantity=quantity))
            if len(rows) > MAX_ROWS:
                raise too_large_error()
    except csv.Error as error:
        raise UnreadableFile() from error
    return rows


def _delimiter(text: str) -> str:
    """The separator of the first non-empty line: a semicolon (Excel in most of Europe), a
    tab, else a comma. (``csv.Sniffer`` guesses wrong on two-column files.)"""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max(";\t,", key=first.count) if any(sep in first for sep in ";\t") else ","


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise UnreadableFile() from error


def _is_header(cells: list[str]) -> bool:
    return any(cell.casefold() in HEADER_NAMES for cell in cells[:2])


def parse_quantity(text: str) -> int:
    """A whole number of at least 1 (spaces between digit groups allowed); raises
    ``InvalidQuantity``."""
    digits = "".join(text.split())
    if not digits.isascii() or not digits.isdigit() or int(digits) < 1:
        raise InvalidQuantity()
    return int(digits)


def products_by_sku(skus: Iterable[str]) -> dict[str, Product]:
    """Products whose SKU is one of ``skus``, case-insensitively, keyed by the lower-case SKU
    (one query)."""
    wanted = {sku.casefold() for sku in skus if sku}
    if not wanted:
        return {}
    products = Product.objects.annotate(sku_folded=Lower("sku")).filter(sku_folded__in=wanted)
    return {product.sku.casefold(): product for product in products}


def add_rows_to_cart(
    *, cart: Cart, rows: list[OrderRow], early_access: bool = False
) -> QuickOrderResult:
    """Add each row's product and quantity to ``cart`` through ``add_to_cart``; a row that
    fails (unknown SKU, invalid quantity, or any of the cart's refusals) adds nothing and
    carries its translated message and stable code; the others are added, in order."""
    products = products_by_sku(row.sku for row in rows)
    result = QuickOrderResult()
    for row in rows:
        outcome = RowOutcome(row=row, product=products.get(row.sku.casefold()))
        try:
            if outcome.product is None:
                raise UnknownSku(UnknownSku.default_message % {"sku": formatting.code(row.sku)})
            add_to_cart(
                cart=cart,
                product=outcome.product,
                quantity=parse_quantity(row.quantity),
                early_access=early_access,
            )
        except ApplicationError as error:
            outcome.error, outcome.code = str(error.message), error.code
        result.outcomes.append(outcome)
    return result


def sku_suggestions(query: str, *, early_access: bool, limit: int = 8) -> list[Product]:
    """Orderable products whose SKU starts with ``query`` or whose name (in the active
    language) contains it; nothing for fewer than two characters. Early-access products only
    for shoppers who have it."""
    query = query.strip()
    if len(query) < 2:
        return []
    products = Product.objects.filter(is_active=True).filter(
        Q(sku__istartswith=query) | Q(name__icontains=query)
    )
    if not early_access:
        products = products.filter(released())
    return list(products.order_by("sku")[:limit])
