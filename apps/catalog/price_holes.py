"""Prices filled into a cached, price-free catalogue fragment for each shopper.

A listing or product page's expensive part (product cards, facts, images, alternates) is the
same for every shopper of a language and currency; only the prices differ (member discount,
price list). The fragment is rendered once with a hole where each price goes and cached with
the products' catalogue prices (``pricing.CataloguePrices``); each request computes its own
prices from those (no query: a fixed list's prices come with the pricing context) and fills the
holes. So buyers of ten thousand price lists share one rendering of each page.

Holes are HTML comments our templates write; shop content cannot forge one (names and texts are
escaped: ``<`` never reaches the page).
"""

import re
from collections.abc import Mapping

from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from djmoney.money import Money

from apps.core.templatetags.money import money

from .pricing import CataloguePrices, PricingContext, ladder_for, lowest_price_for

CARD_PRICE_HOLE = "<!--card-price:{}-->"
PRICE_TABLE_HOLE = "<!--price-table-->"
_CARD_PRICE = re.compile(r"<!--card-price:(\d+)-->")


def from_price(price: Money | None) -> SafeString:
    """A product card's price: "from US$35.00", or "Price on request" when it has none."""
    if not price:  # none, or zero (as the card template had it)
        return conditional_escape(gettext("Price on request"))
    # The translation escaped, then the amount (already HTML) put in.
    text = conditional_escape(gettext("from %(price)s")) % {"price": money(price)}
    return mark_safe(text)  # noqa: S308 - escaped above


def card_price_hole(product_id: int) -> SafeString:
    return mark_safe(CARD_PRICE_HOLE.format(int(product_id)))  # noqa: S308 - a number


def fill_card_prices(
    html: str, prices: Mapping[int, CataloguePrices], context: PricingContext
) -> str:
    """``html`` with each card's price for the shopper of ``context``."""
    shown = {
        product_id: from_price(lowest_price_for(product_prices, context))
        for product_id, product_prices in prices.items()
    }
    return _CARD_PRICE.sub(lambda hole: shown.get(int(hole.group(1)), ""), html)


def fill_price_table(html: str, prices: CataloguePrices, context: PricingContext) -> str:
    """``html`` (a product page's body) with the price table for the shopper of ``context``."""
    table = render_to_string(
        "catalog/partials/price_table.html",
        {"ladder": ladder_for(prices, context), "current_currency": context.currency},
    )
    return html.replace(PRICE_TABLE_HOLE, table, 1)
