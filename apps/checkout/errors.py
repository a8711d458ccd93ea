from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class CartError(ApplicationError):
    code = "cart_error"


class BelowMinimumOrder(CartError):
    code = "below_minimum_order_quantity"
    default_message = _("%(product)s has a minimum order quantity of %(quantity)s.")


class NotAPackMultiple(CartError):
    code = "not_a_pack_multiple"
    default_message = _("%(product)s is sold in packs of %(quantity)s: order a multiple of it.")


class UnknownSku(CartError):
    code = "unknown_sku"
    default_message = _("No product has the SKU %(sku)s.")


class InvalidQuantity(CartError):
    code = "invalid_quantity"
    default_message = _("Enter a whole number of at least 1.")


class NotEnoughStock(CartError):
    code = "insufficient_stock"
    default_message = _("Only %(quantity)s of %(product)s are in stock.")


class ProductUnavailable(CartError):
    code = "product_unavailable"
    default_message = _("This product is no longer available.")


class EmptyCart(CartError):
    code = "empty_cart"
    default_message = _("Your cart is empty.")


class CannotPrice(CartError):
    code = "cannot_price"
    default_message = _(
        "Prices in %(currency)s are not available right now. Choose another currency."
    )


class InvalidCoupon(CartError):
    code = "invalid_coupon"
    default_message = _("This coupon code is not valid or has expired.")


class DiscountsExceedSubtotal(CartError):
    code = "discounts_exceed_subtotal"
    default_message = _(
        "The coupon and the points together would pay more than the merchandise. Redeem fewer "
        "points."
    )


class QuoteChanged(CartError):
    code = "quote_changed"
    default_message = _(
        "The total is now %(total)s (prices, stock or your points changed since the summary was "
        "shown). Check the summary and place the order again."
    )
