"""Finding the shopper's cart: the member's own, or a guest cart kept in the session."""

from typing import Literal, overload

from django.db import transaction

from apps.members.selectors import member_of

from .models import Cart
from .selectors import cart_item_count
from .services import merge_carts

CART_SESSION_KEY = "cart_id"


@overload
def current_cart(request, *, create: Literal[True]) -> Cart: ...
@overload
def current_cart(request, *, create: bool = False) -> Cart | None: ...
def current_cart(request, *, create: bool = False) -> Cart | None:
    member = member_of(request.user)
    if member is not None:
        cart = Cart.objects.filter(member=member).first()
        if cart is None and create:
            cart, _created = Cart.objects.get_or_create(member=member)
        return cart
    cart_id = request.session.get(CART_SESSION_KEY)
    cart = Cart.objects.filter(pk=cart_id, member=None).first() if cart_id else None
    if cart is None and create:
        cart = Cart.objects.create()
        request.session[CART_SESSION_KEY] = cart.pk
    return cart


@transaction.atomic
def adopt_guest_cart(request, member) -> None:
    """At sign-in: the guest cart of this browser session joins the member's cart."""
    cart_id = request.session.pop(CART_SESSION_KEY, None)
    guest_cart = Cart.objects.filter(pk=cart_id, member=None).first() if cart_id else None
    if guest_cart is None:
        return
    member_cart, _created = Cart.objects.get_or_create(member=member)
    merge_carts(source=guest_cart, target=member_cart)


def request_cart_item_count(request) -> int:
    """How many lines the shopper's cart has (0 without a session or a cart): the header's
    figure."""
    if not hasattr(request, "session"):
        return 0
    cart = current_cart(request)
    return cart_item_count(cart.pk if cart else None)
