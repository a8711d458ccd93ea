"""What checkout plugs into the apps below and into its own points (``apps.core.extensions``)."""

from apps.catalog.extensions import cart_item_count
from apps.members.extensions import account_closing, signed_in

from . import data_export  # noqa: F401  (registers its export section)
from .carts import adopt_guest_cart, request_cart_item_count
from .discounts import discount_provider
from .models import Cart, RequisitionList
from .redemption import points_discount

# Points first: the order of discount lines (coupons, from rewards, come after).
discount_provider.register(points_discount)
cart_item_count.register(request_cart_item_count)


@signed_in.register
def adopt_cart_at_sign_in(*, request, member) -> None:
    adopt_guest_cart(request, member)


@account_closing.register
def drop_cart_of_closed_account(*, member) -> None:
    Cart.objects.filter(member=member).delete()
    RequisitionList.objects.filter(owner_member=member).delete()
