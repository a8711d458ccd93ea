import secrets
from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from djmoney.money import Money

from apps.companies.models import PaymentTerms

CURRENCY_CHOICES = [(code, code) for code in settings.CURRENCIES]


class AmountColumn(TypedDict):
    """The options every amount column shares (typed so that ``**AMOUNT`` type-checks)."""

    max_digits: int
    decimal_places: int


AMOUNT: AmountColumn = {"max_digits": 16, "decimal_places": 2}
# The largest amount the columns hold (99,999,999,999,999.99).
MAX_AMOUNT = Decimal(10) ** (AMOUNT["max_digits"] - AMOUNT["decimal_places"]) - Decimal("0.01")


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Pending payment")
    # On net terms within the buyer's credit: fulfilled before it is paid (``state.py``).
    ACCEPTED = "accepted", _("Accepted on terms")
    PAID = "paid", _("Paid")
    PROCESSING = "processing", _("Processing")
    SHIPPED = "shipped", _("Shipped")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")


class Incoterm(models.TextChoices):
    EXW = "EXW", _("EXW – Ex Works")
    FCA = "FCA", _("FCA – Free Carrier")
    FOB = "FOB", _("FOB – Free On Board")
    CFR = "CFR", _("CFR – Cost and Freight")
    CIF = "CIF", _("CIF – Cost, Insurance and Freight")
    DAP = "DAP", _("DAP – Delivered At Place")
    DDP = "DDP", _("DDP – Delivered Duty Paid")


class PaymentMethod(models.TextChoices):
    STRIPE = "stripe", _("Card (Stripe)")
    PAYPAL = "paypal", _("PayPal")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer / payment on terms")


class CreditLine(models.TextChoices):
    """Whose credit line an order on net terms drew on (``terms.py``)."""

    COMPANY = "company", _("The company's credit line")
    MEMBER = "member", _("The member's own credit line")


# Statuses in which an order not yet paid in full owes nothing any more.
CLOSED_UNPAID = ("cancelled", "refunded", "partially_refunded")


class ShippingMethod(models.Model):
    """A way to ship; freight is a flat amount in the base currency or quoted after ordering."""

    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=250, blank=True)
    price = models.DecimalField(
        _("flat price (base currency)"),
        **AMOUNT,
        default=0,
        help_text=_("Leave at 0 when freight is quoted after the order."),
    )
    is_quoted_later = models.BooleanField(_("freight quoted later"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("shipping method")
        verbose_name_plural = _("shipping methods")
        ordering = ("position", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__gte=0),
                name="shipping_price_gte_0",
                violation_error_message=_("A shipping price cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return self.name


def new_order_number() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _i in range(10))


def default_incoterm_place() -> str:
    """The named place of an order's Incoterm unless given (settings.DEFAULT_INCOTERM_PLACE)."""
    return str(settings.DEFAULT_INCOTERM_PLACE)


def new_access_token() -> str:
    return secrets.token_urlsafe(24)


class Order(models.Model):
    """A placed order. Amounts are in ``currency``; ``exchange_rate`` is base -> currency."""

    # Shown masked to staff who may not see personal data in full (apps.core.masking).
    PERSONAL_DATA = {
        "email": "email",
        "ship_to_name": "address",
        "ship_to_line1": "address",
        "ship_to_line2": "address",
        "ship_to_phone": "text",
        "vat_id": "text",
        "billing_address": "address",
    }

    number = models.CharField(_("number"), max_length=20, unique=True, default=new_order_number)
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        help_text=_("The order's id in the merchant's ERP (orders recorded through the API)."),
    )
    access_token = models.CharField(
        max_length=64, unique=True, default=new_access_token, verbose_name=_("access token")
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("member"),
    )
    # The buyer's company when the order was placed: the company keeps its orders after the
    # buyer leaves it (docs/companies.md).
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("company"),
    )
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OrderStatus.choices,
        default=OrderStatus.PENDING_PAYMENT,
        db_index=True,
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    exchange_rate = models.DecimalField(_("exchange rate"), max_digits=18, decimal_places=8)
    subtotal_amount = models.DecimalField(_("merchandise subtotal"), **AMOUNT)
    discount_amount = models.DecimalField(_("discounts"), **AMOUNT, default=0)
    # What the buyer pays for shipping; the freight before the tier's shipping benefit is
    # ``shipping_amount + shipping_discount_amount``.
    shipping_amount = models.DecimalField(_("shipping"), **AMOUNT, default=0)
    shipping_discount_amount = models.DecimalField(_("shipping benefit"), **AMOUNT, default=0)
    shipping_discount_label = models.CharField(
        _("shipping benefit label"), max_length=200, blank=True
    )
    total_amount = models.DecimalField(_("total"), **AMOUNT)
    refunded_amount = models.DecimalField(_("refunded"), **AMOUNT, default=0)
    # Bank transfers: the sum of the receipts recorded so far (``BankTransferReceipt``).
    received_amount = models.DecimalField(_("received"), **AMOUNT, default=0)
    payment_method = models.CharField(
        _("payment method"), max_length=20, choices=PaymentMethod.choices
    )
    # Bank transfer orders: the buyer's terms when the order was placed (``terms.py``,
    # docs/credit.md). Empty for orders paid at once by card or PayPal.
    payment_terms = models.CharField(
        _("payment terms"), max_length=20, choices=PaymentTerms.choices, blank=True
    )
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    # Net terms: which credit line the order drew on (the company's or the member's own); the
    # available credit of a line counts only its own orders.
    credit_line = models.CharField(
        _("credit line"), max_length=10, choices=CreditLine.choices, blank=True
    )
    # Deposit terms: what is paid before production (the rest before shipment).
    deposit_amount = models.DecimalField(_("deposit"), **AMOUNT, default=0)
    incoterm = models.CharField(_("Incoterm"), max_length=3, choices=Incoterm.choices)
    incoterm_place = models.CharField(
        _("Incoterm place"),
        max_length=100,
        blank=True,
        default=default_incoterm_place,
        help_text=_("The named place of the Incoterm, e.g. Hamburg port (FOB Hamburg)."),
    )
    shipping_method = models.ForeignKey(
        ShippingMethod, on_delete=models.PROTECT, null=True, verbose_name=_("shipping method")
    )
    freight_quoted_later = models.BooleanField(_("freight quoted later"), default=False)
    priority_service = models.BooleanField(
        _("priority service"),
        default=False,
        db_index=True,
        help_text=_("The buyer's tier offered priority service when the order was placed."),
    )
    ship_to_name = models.CharField(_("contact name"), max_length=150)
    ship_to_company = models.CharField(_("company"), max_length=200, blank=True)
    ship_to_line1 = models.CharField(_("address"), max_length=200)
    ship_to_line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    ship_to_city = models.CharField(_("city"), max_length=100)
    ship_to_postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    ship_to_region = models.CharField(_("state / province / region"), max_length=100, blank=True)
    ship_to_country = CountryField(_("country"))
    ship_to_phone = models.CharField(_("phone"), max_length=40, blank=True)
    vat_id = models.CharField(_("VAT / tax id"), max_length=50, blank=True)
    reverse_charge = models.BooleanField(
        _("reverse charge"),
        default=False,
        help_text=_(
            "Decided when the order was placed: the buyer's VAT id is a valid EU VAT number of "
            "another EU country than the merchant's, so the buyer accounts for the VAT."
        ),
    )
    billing_address = models.TextField(
        _("billing address"),
        max_length=1000,
        blank=True,
        help_text=_("As on the invoice. Empty: the shipping address."),
    )
    po_number = models.CharField(_("purchase order number"), max_length=60, blank=True)
    notes = models.TextField(_("order notes"), blank=True, max_length=2000)
    placed_at = models.DateTimeField(_("placed at"), auto_now_add=True, db_index=True)
    # Set once, when the order is paid in full: the payment side of the order, apart from its
    # fulfilment ``status`` (an order on net terms may ship first). Revenue, spend and points
    # count an order from this moment.
    paid_at = models.DateTimeField(_("paid in full at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ("-placed_at", "-id")
        permissions = [
            ("record_receipt", _("Can record payments received for orders")),
            ("fulfil_order", _("Can move orders through fulfilment")),
        ]
        indexes = [
            # Orders by the moment they were paid (reports, the dashboard, the daily rollups);
            # the member included so a count per member reads the index alone.
            models.Index(
                fields=["paid_at", "member"],
                name="order_paid",
                condition=models.Q(paid_at__isnull=False),
            ),
            # A member's orders, latest first (their last order: members at risk, the member
            # center's list).
            models.Index(fields=["member", "-placed_at"], name="order_member_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    subtotal_amount__gte=0,
                    discount_amount__gte=0,
                    shipping_amount__gte=0,
                    total_amount__gte=0,
                    refunded_amount__gte=0,
                ),
                name="order_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(shipping_discount_amount__gte=0, received_amount__gte=0),
                name="order_benefit_and_receipts_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(received_amount__lte=models.F("total_amount")),
                name="order_receipts_within_total",
            ),
            models.CheckConstraint(
                condition=models.Q(refunded_amount__lte=models.F("total_amount")),
                name="order_refunds_within_total",
            ),
            models.CheckConstraint(
                condition=models.Q(exchange_rate__gt=0), name="order_rate_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    deposit_amount__gte=0, deposit_amount__lte=models.F("total_amount")
                ),
                name="order_deposit_within_total",
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="orders_order_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def money(self, amount: Decimal | int) -> Money:
        return Money(amount, self.currency)

    @property
    def subtotal(self) -> Money:
        return self.money(self.subtotal_amount)

    @property
    def discount_total(self) -> Money:
        return self.money(self.discount_amount)

    @property
    def shipping_total(self) -> Money:
        return self.money(self.shipping_amount)

    @property
    def total(self) -> Money:
        return self.money(self.total_amount)

    @property
    def refunded(self) -> Money:
        return self.money(self.refunded_amount)

    @property
    def refundable(self) -> Money:
        return self.money(self.total_amount - self.refunded_amount)

    @property
    def shipping_benefit_total(self) -> Money:
        return self.money(self.shipping_discount_amount)

    @property
    def freight(self) -> Money:
        """Shipping before the tier's shipping benefit."""
        return self.money(self.shipping_amount + self.shipping_discount_amount)

    @property
    def received(self) -> Money:
        return self.money(self.received_amount)

    @property
    def deposit_money(self) -> Money:
        return self.money(self.deposit_amount)

    @property
    def is_paid_in_full(self) -> bool:
        return self.paid_at is not None

    @property
    def awaiting_payment(self) -> bool:
        """Money is still owed: not paid in full, and neither cancelled nor refunded. An order
        on net terms owes while it is processed, shipped and completed."""
        return self.paid_at is None and self.status not in CLOSED_UNPAID

    @property
    def is_overdue(self) -> bool:
        """Unpaid after its due date (orders on net terms)."""
        return (
            self.due_date is not None
            and self.awaiting_payment
            and self.due_date < timezone.localdate()
        )

    @property
    def deposit_received(self) -> bool:
        """Deposit terms: the deposit has come (production may start)."""
        return bool(self.deposit_amount) and self.received_amount >= self.deposit_amount

    @property
    def amount_due_now(self) -> Money:
        """What the buyer is asked to pay now: on deposit terms the rest of the deposit until
        it is received, otherwise all that is outstanding (zero once the order is paid)."""
        outstanding = self.outstanding
        if self.deposit_amount and self.received_amount < self.deposit_amount:
            return self.money(min(self.deposit_amount - self.received_amount, outstanding.amount))
        return outstanding

    def pay_now_methods(self) -> list[str]:
        """The providers the buyer may pay with now: the order's own card or PayPal, or either
        for what an order on terms has due (its deposit, or the rest); none once paid."""
        if not self.awaiting_payment or self.amount_due_now.amount <= 0:
            return []
        if self.payment_method != PaymentMethod.BANK_TRANSFER:
            return [self.payment_method] if self.status == OrderStatus.PENDING_PAYMENT else []
        if self.payment_terms in ("", PaymentTerms.PREPAYMENT):
            return []
        return [PaymentMethod.STRIPE, PaymentMethod.PAYPAL]

    @property
    def outstanding(self) -> Money:
        """What is still to be paid (zero once the order is paid in full, cancelled or
        refunded)."""
        if not self.awaiting_payment:
            return self.money(0)
        return self.money(self.total_amount - self.received_amount)


class OrderLine(models.Model):
    """What was bought, at what price: captured at purchase and never changed (a DB trigger)."""

    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="lines", verbose_name=_("order")
    )
    # PROTECT: a product that was sold is deactivated, not deleted (lines never change).
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    sku = models.CharField(_("SKU"), max_length=64)
    name = models.CharField(_("product"), max_length=200)
    category_id_at_purchase = models.IntegerField(null=True, verbose_name=_("category at purchase"))
    is_custom_made = models.BooleanField(default=False, verbose_name=_("custom made"))
    # False for a line made to order (a quote's line with a lead time) or an order the ERP
    # fulfils itself: no stock was taken for it, so none is put back on cancellation.
    stock_taken = models.BooleanField(_("taken from stock"), default=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit = models.CharField(_("unit"), max_length=30)
    list_unit_price = models.DecimalField(_("list unit price"), **AMOUNT)
    unit_price = models.DecimalField(_("unit price"), **AMOUNT)
    line_total = models.DecimalField(_("line total"), **AMOUNT)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ("id",)
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="line_quantity_gte_1"),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0, line_total__gte=0),
                name="line_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.name}"


class OrderDiscount(models.Model):
    """A discount line (coupon, points redemption, tier discount), captured like the lines."""

    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="discounts", verbose_name=_("order")
    )
    kind = models.CharField(_("kind"), max_length=30)
    label = models.CharField(_("label"), max_length=200)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    amount = models.DecimalField(_("amount"), **AMOUNT)

    class Meta:
        verbose_name = _("discount")
        verbose_name_plural = _("discounts")
        ordering = ("id",)
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="discount_positive")
        ]

    def __str__(self) -> str:
        return self.label


class OrderTransition(models.Model):
    """One step of an order's timeline: from which status to which, who did it, when."""

    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="transitions", verbose_name=_("order")
    )
    from_status = models.CharField(
        _("previous status"), max_length=20, choices=OrderStatus.choices, blank=True
    )
    to_status = models.CharField(_("new status"), max_length=20, choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    actor_label = models.CharField(_("by"), max_length=100)
    # Staff's words, or one of the system's messages as its source text (shown translated:
    # ``apps.core.system_notes``).
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("timeline")
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '∅'} → {self.get_to_status_display()}"

    @property
    def is_payment(self) -> bool:
        """An order on terms paid in full while in fulfilment: its status stayed
        (``services.mark_paid``)."""
        return self.from_status == self.to_status and self.to_status in (
            OrderStatus.PROCESSING,
            OrderStatus.SHIPPED,
            OrderStatus.COMPLETED,
        )

    @property
    def timeline_label(self) -> str:
        """What the buyer's timeline says of this step."""
        return str(_("Paid in full")) if self.is_payment else str(self.get_to_status_display())


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class Refund(models.Model):
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("order")
    )
    amount = models.DecimalField(_("amount"), **AMOUNT)
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=RefundStatus.choices, default=RefundStatus.PENDING
    )
    provider_reference = models.CharField(_("provider reference"), max_length=100, blank=True)
    idempotency_key = models.CharField(
        max_length=100, unique=True, verbose_name=_("idempotency key")
    )
    # Made at the provider (its dashboard, a dispute, a reversal): no lines are named, so the
    # points taken back are its share of the order's total (``ledger.purchases``).
    at_provider = models.BooleanField(_("made at the provider"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ("created_at", "id")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_positive")
        ]

    def __str__(self) -> str:
        return f"{self.order.number}: {self.amount} {self.order.currency}"


class RefundLine(models.Model):
    """Which order line a refund covers (quantity and amount); absent for shipping-only parts."""

    refund = models.ForeignKey(
        Refund, on_delete=models.PROTECT, related_name="lines", verbose_name=_("refund")
    )
    order_line = models.ForeignKey(
        OrderLine, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("order line")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    amount = models.DecimalField(_("amount"), **AMOUNT)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1, amount__gte=0), name="refund_line_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.order_line.name}"


class OrderEmail(models.Model):
    """An email sent about an order; the unique key makes every kind go out at most once."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="emails", verbose_name=_("order")
    )
    kind = models.CharField(max_length=30, verbose_name=_("kind"))
    sent_at = models.DateTimeField(auto_now_add=True, verbose_name=_("sent at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order", "kind"], name="order_email_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.order} {self.kind}"


# Bank transfer receipts live in their own module (a sub-domain of their own).
from .receipt_models import BankTransferReceipt as BankTransferReceipt  # noqa: E402
from .receipt_models import BankTransferSettings as BankTransferSettings  # noqa: E402
