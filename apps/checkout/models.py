from django.db import models
from django.utils.translation import gettext_lazy as _


class Cart(models.Model):
    """A shopping cart: a guest's (found through the session) or a member's (one per member).

    Lines hold products and quantities only; prices are computed when shown, in the shopper's
    current currency, so switching currency re-prices the cart.
    """

    member = models.OneToOneField(
        "members.Member",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cart",
        verbose_name=_("member"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")

    def __str__(self) -> str:
        return f"{_('cart')} {self.pk}"


class CartLine(models.Model):
    cart = models.ForeignKey(
        Cart, on_delete=models.CASCADE, related_name="lines", verbose_name=_("cart")
    )
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    added_at = models.DateTimeField(auto_now_add=True, verbose_name=_("added at"))

    class Meta:
        ordering = ("added_at", "id")
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="cart_one_line_per_product"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="cart_quantity_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product}"


class RequisitionList(models.Model):
    """A saved list of products and quantities that its owner orders into the cart again and
    again (a "requisition list" in B2B shops).

    Owned by a member, or by a company (exactly one of the two, a check constraint): a list
    made by a member of a company is the company's, shared among its buyers; a member's own
    lists from before stay theirs. Nothing else reads the owner directly: ``lists_of`` and
    ``owned_list`` decide who sees what.
    """

    owner_member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="requisition_lists",
        verbose_name=_("owner"),
    )
    owner_company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="requisition_lists",
        verbose_name=_("owner company"),
    )
    name = models.CharField(_("name"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("saved list")
        verbose_name_plural = _("saved lists")
        ordering = ("name", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["owner_member", "name"],
                name="checkout_list_name_unique_per_owner",
                violation_error_message=_("You already have a list with this name."),
            ),
            models.UniqueConstraint(
                fields=["owner_company", "name"],
                name="checkout_list_name_unique_per_company",
                violation_error_message=_("You already have a list with this name."),
            ),
            models.CheckConstraint(
                condition=models.Q(owner_member__isnull=True)
                ^ models.Q(owner_company__isnull=True),
                name="checkout_list_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RequisitionListLine(models.Model):
    requisition_list = models.ForeignKey(
        RequisitionList, on_delete=models.CASCADE, related_name="lines", verbose_name=_("list")
    )
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    added_at = models.DateTimeField(auto_now_add=True, verbose_name=_("added at"))

    class Meta:
        verbose_name = _("saved list line")
        verbose_name_plural = _("saved list lines")
        ordering = ("added_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["requisition_list", "product"], name="checkout_list_one_line_per_product"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="checkout_list_quantity_gte_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product}"
