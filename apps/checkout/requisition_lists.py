"""Saved lists (requisition lists): products and quantities a member orders again and again.

Who may see a list is decided here only (``lists_of``, ``owned_list``): a member sees their own
lists and, in a company, the company's lists, which every member of the company shares (a list
made by a member of a company is the company's). Ordering a list
goes through quick order's ``add_rows_to_cart``: the cart's rules, per line, once.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from apps.catalog.models import Product
from apps.companies.selectors import company_id_of

from .errors import CartError, InvalidQuantity
from .models import Cart, RequisitionList, RequisitionListLine
from .quick_order import OrderRow, QuickOrderResult, add_rows_to_cart

MAX_LINES = 500


class DuplicateListName(CartError):
    code = "duplicate_list_name"
    default_message = _("You already have a list with this name.")


class ListFull(CartError):
    code = "list_full"
    default_message = _("A saved list holds at most %(lines)s products.")


def _usable_by(member) -> Q:
    company_id = company_id_of(member)
    mine = Q(owner_member=member)
    return mine | Q(owner_company_id=company_id) if company_id else mine


def lists_of(member) -> QuerySet[RequisitionList]:
    """The lists ``member`` may use (their own and their company's), with their line counts."""
    return RequisitionList.objects.filter(_usable_by(member)).annotate(line_count=Count("lines"))


def owned_list(member, pk: int) -> RequisitionList | None:
    """The list ``pk`` if ``member`` may use it (None otherwise: never another member's or
    another company's)."""
    return (
        RequisitionList.objects.filter(_usable_by(member), pk=pk)
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=RequisitionListLine.objects.select_related("product").order_by(
                    "added_at", "id"
                ),
            )
        )
        .first()
    )


@transaction.atomic
def create_list(*, member, name: str) -> RequisitionList:
    """A new empty list, the company's when ``member`` belongs to one (else their own); raises
    ``DuplicateListName`` if the owner has one of that name."""
    company_id = company_id_of(member)
    owner = {"owner_company_id": company_id} if company_id else {"owner_member": member}
    try:
        with transaction.atomic():
            return RequisitionList.objects.create(name=name.strip(), **owner)
    except IntegrityError as error:
        raise DuplicateListName() from error


@transaction.atomic
def add_to_list(*, requisition_list: RequisitionList, product: Product, quantity: int) -> None:
    """Add ``quantity`` of ``product`` to the list (to its line if it has one). The cart's
    rules (minimum, pack size, stock) are checked when the list is ordered, at that day's
    stock and prices. Raises ``InvalidQuantity`` or ``ListFull``."""
    if quantity < 1:
        raise InvalidQuantity()
    RequisitionList.objects.select_for_update().get(pk=requisition_list.pk)
    line = requisition_list.lines.filter(product=product).first()
    if line is not None:
        line.quantity += quantity
        line.save(update_fields=["quantity"])
    else:
        if requisition_list.lines.count() >= MAX_LINES:
            raise ListFull(ListFull.default_message % {"lines": MAX_LINES})
        RequisitionListLine.objects.create(
            requisition_list=requisition_list, product=product, quantity=quantity
        )
    requisition_list.save(update_fields=["updated_at"])


@transaction.atomic
def set_list_quantity(*, requisition_list: RequisitionList, product_id: int, quantity: int) -> None:
    """Set a line's quantity; 0 removes the line."""
    lines = requisition_list.lines.filter(product_id=product_id)
    if quantity <= 0:
        lines.delete()
    else:
        lines.update(quantity=quantity)
    requisition_list.save(update_fields=["updated_at"])


@transaction.atomic
def save_cart_as_list(*, cart: Cart, member, name: str) -> RequisitionList:
    """A new list holding the cart's products and quantities (the cart stays as it is)."""
    requisition_list = create_list(member=member, name=name)
    RequisitionListLine.objects.bulk_create(
        RequisitionListLine(
            requisition_list=requisition_list, product_id=line.product_id, quantity=line.quantity
        )
        for line in cart.lines.all()[:MAX_LINES]
    )
    return requisition_list


def delete_list(*, requisition_list: RequisitionList) -> None:
    requisition_list.delete()


def order_list(
    *, requisition_list: RequisitionList, cart: Cart, early_access: bool = False
) -> QuickOrderResult:
    """Every line of the list into the cart, each line like a quick-order row: a line the
    cart refuses adds nothing and says why; the others are added."""
    rows = [
        OrderRow(number=number, sku=line.product.sku, quantity=str(line.quantity))
        for number, line in enumerate(
            requisition_list.lines.select_related("product").order_by("added_at", "id"), start=1
        )
    ]
    return add_rows_to_cart(cart=cart, rows=rows, early_access=early_access)
