"""What the catalogue asks the apps above it (``apps.core.extensions``): it never imports them.

Each hook receives a ``members.Member`` (never None: the catalogue asks only for members).
"""

from collections.abc import Callable
from decimal import Decimal

from apps.core.extensions import ExtensionPoint

member_discount: ExtensionPoint[Callable[[object], Decimal]] = ExtensionPoint(
    "catalog.member_discount",
    "A member's discount fraction (0 to 1) on every price; the largest answer applies (capped "
    "at 0.9), discounts do not stack. Registered by tiers.",
)

early_access: ExtensionPoint[Callable[[object], bool]] = ExtensionPoint(
    "catalog.early_access",
    "Whether a member may see and buy products before their public date; any yes grants it. "
    "Registered by tiers.",
)

product_viewed: ExtensionPoint[Callable[..., None]] = ExtensionPoint(
    "catalog.product_viewed",
    "Called as hook(member=, product_id=) when a member opens a product page (the members "
    "app counts views for recommendations).",
)

shopper: ExtensionPoint[Callable[[object], object]] = ExtensionPoint(
    "catalog.shopper",
    "The member profile of a request's user, or None (anonymous, bare staff): what prices are "
    "computed for. One hook, registered by members.",
    single=True,
)

cart_item_count: ExtensionPoint[Callable[[object], int]] = ExtensionPoint(
    "catalog.cart_item_count",
    "hook(request) -> how many lines the visitor's cart has, filled into a shared cached page. "
    "One hook, registered by checkout.",
    single=True,
)

product_page_extras: ExtensionPoint[Callable[..., str]] = ExtensionPoint(
    "catalog.product_page_extras",
    "hook(request=, member=, path=, title=) -> HTML shown under a product for a signed-in "
    "member (never in the shared cached page). The storefront offers the member's share links.",
)

price_list: ExtensionPoint[Callable[..., object]] = ExtensionPoint(
    "catalog.price_list",
    "hook(member, currency=) -> the ``catalog.pricing.BuyerPriceList`` that applies to a "
    "member now, or None; the first answer that is not None applies (the hook decides between "
    "several lists). Registered by pricelists.",
)

member_price_name: ExtensionPoint[Callable[[object], str]] = ExtensionPoint(
    "catalog.member_price_name",
    "hook(member) -> what the member's discounted price is called, in the active language "
    "(the tier's name: 'Gold'), or ''; the first non-empty answer is shown next to the price "
    '("Gold price"). Registered by tiers.',
)

product_sections: ExtensionPoint[Callable[..., dict[str, str]]] = ExtensionPoint(
    "catalog.product_sections",
    "hook(request=, product_id=) -> {'head': html, 'body': html}: a section of the product page "
    "below the product (reviews) and what it adds to the page's head (JSON-LD). Impersonal: "
    "the page is cached whole for anonymous visitors, per path and query string, until the "
    "catalogue's version changes. Registered by engagement (reviews).",
)
