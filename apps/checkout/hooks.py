"""What checkout plugs into the apps below and into its own points (``apps.core.extensions``)."""

from typing import Any

from apps.catalog.extensions import cart_item_count
from apps.companies.extensions import company_merging
from apps.companies.models import Company
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


@company_merging.register_as("checkout")
def move_company_lists(*, merged: Company, survivor: Company, actor: Any) -> dict[str, int]:
    """A merged company's saved lists are the survivor's; a name the survivor uses already
    gets the merged company's name after it (names are unique per company)."""
    taken = set(
        RequisitionList.objects.filter(owner_company=survivor).values_list("name", flat=True)
    )
    limit = RequisitionList._meta.get_field("name").max_length
    moved = 0
    for saved in RequisitionList.objects.filter(owner_company=merged).order_by("pk"):
        name = saved.name
        if name in taken:
            name = f"{saved.name} ({merged.legal_name})"[:limit]
        saved.owner_company, saved.name = survivor, name
        saved.save(update_fields=["owner_company", "name"])
        taken.add(name)
        moved += 1
    return {"saved_lists": moved}
