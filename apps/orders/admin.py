"""The merchant's order desk: timeline, bank transfer receipts, refunds and status steps."""

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from djmoney.money import Money
from modeltranslation.admin import TranslationAdmin

from apps.core import admin as core_admin
from apps.core.admin_export import CsvExportAdmin
from apps.core.errors import ApplicationError
from apps.core.system_notes import shown

from . import receipts, refunds, services
from .extensions import document_links
from .forms import BankTransferForm, RefundForm
from .models import (
    CLOSED_UNPAID,
    BankTransferReceipt,
    BankTransferSettings,
    Order,
    OrderDiscount,
    OrderLine,
    OrderStatus,
    OrderTransition,
    PaymentMethod,
    Refund,
    ShippingMethod,
)
from .state import can_step, is_refundable

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

    from apps.accounts.models import User


def _staff(request: HttpRequest) -> "User":
    """The staff member of an admin request (the admin lets no one else in)."""
    return cast("User", request.user)


class ReadOnlyInline(core_admin.ReadOnlyInline):
    def has_change_permission(self, request: HttpRequest, obj: Order | None = None) -> bool:
        return False


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ("sku", "name", "quantity", "unit", "list_unit_price", "unit_price", "line_total")
    readonly_fields = fields


class OrderDiscountInline(ReadOnlyInline):
    model = OrderDiscount
    fields = ("kind", "label", "reference", "amount")
    readonly_fields = fields


class TimelineInline(ReadOnlyInline):
    model = OrderTransition
    fields = ("created_at", "from_status", "to_status", "actor_shown", "note_shown")
    readonly_fields = fields
    verbose_name_plural = _("timeline")

    @admin.display(description=_("by"))
    def actor_shown(self, step: OrderTransition) -> str:
        return shown(step.actor_label)

    @admin.display(description=_("note"))
    def note_shown(self, step: OrderTransition) -> str:
        return shown(step.note)


class ReceiptInline(ReadOnlyInline):
    model = BankTransferReceipt
    fields = ("recorded_at", "amount", "method", "reference", "recorded_by_label")
    readonly_fields = fields
    verbose_name_plural = _("receipts")


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = ("created_at", "amount", "status", "reason", "provider_reference", "created_by")
    readonly_fields = fields


class OverdueFilter(admin.SimpleListFilter):
    """Orders on net terms by their due date: overdue, or due but not yet overdue."""

    title = _("payment due")
    parameter_name = "due"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("overdue", _("Overdue")), ("open", _("Due, not overdue"))]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        if self.value() not in ("overdue", "open"):
            return queryset
        # Not paid in full, shipped or not (an order on net terms ships first).
        unpaid = queryset.filter(paid_at__isnull=True, due_date__isnull=False).exclude(
            status__in=CLOSED_UNPAID
        )
        today = timezone.localdate()
        if self.value() == "overdue":
            return unpaid.filter(due_date__lt=today)
        return unpaid.filter(due_date__gte=today)


class PaidInFullFilter(admin.SimpleListFilter):
    """Paid in full or not, whatever the fulfilment status (orders on net terms ship first)."""

    title = _("paid in full")
    parameter_name = "paid"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Paid in full")), ("no", _("Not paid in full"))]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        if self.value() == "yes":
            return queryset.filter(paid_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(paid_at__isnull=True).exclude(status__in=CLOSED_UNPAID)
        return queryset


# Status steps staff take by hand; payment and refunds have their own forms.
STAFF_STEPS = {
    "mark_processing": (OrderStatus.PROCESSING, _("Mark as processing")),
    "mark_shipped": (OrderStatus.SHIPPED, _("Mark as shipped")),
    "mark_completed": (OrderStatus.COMPLETED, _("Mark as completed")),
    "cancel": (OrderStatus.CANCELLED, _("Cancel order")),
}


@admin.register(Order)
class OrderAdmin(CsvExportAdmin, admin.ModelAdmin):
    list_display = (
        "number",
        "placed_at",
        "email",
        "status",
        "total",
        "outstanding_shown",
        "payment_method",
        "due_date",
        "priority_service",
        "ship_to_country",
    )
    list_filter = (
        "status",
        PaidInFullFilter,
        OverdueFilter,
        "payment_terms",
        "priority_service",
        "reverse_charge",
        "payment_method",
        "currency",
        "incoterm",
        "placed_at",
    )
    search_fields = (
        "number",
        "email",
        "po_number",
        "ship_to_company",
        "lines__sku",
        "company__legal_name",
    )
    date_hierarchy = "placed_at"
    list_select_related = ("member",)
    inlines = (OrderLineInline, OrderDiscountInline, ReceiptInline, RefundInline, TimelineInline)
    readonly_fields = [
        *(f.name for f in Order._meta.fields if f.name not in ("notes", "incoterm_place")),
        "outstanding_shown",
    ]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "number",
                    "status",
                    "member",
                    "company",
                    "email",
                    "language",
                    "placed_at",
                    "paid_at",
                    "payment_method",
                    "payment_terms",
                    "due_date",
                    "credit_line",
                    "deposit_amount",
                    "priority_service",
                    "po_number",
                    "notes",
                )
            },
        ),
        (
            _("Amounts"),
            {
                "fields": (
                    "currency",
                    "exchange_rate",
                    "subtotal_amount",
                    "discount_amount",
                    "shipping_amount",
                    "shipping_discount_amount",
                    "shipping_discount_label",
                    "total_amount",
                    "received_amount",
                    "outstanding_shown",
                    "refunded_amount",
                )
            },
        ),
        (
            _("Shipping"),
            {
                "fields": (
                    "incoterm",
                    "incoterm_place",
                    "shipping_method",
                    "freight_quoted_later",
                    "ship_to_name",
                    "ship_to_company",
                    "ship_to_line1",
                    "ship_to_line2",
                    "ship_to_city",
                    "ship_to_postal_code",
                    "ship_to_region",
                    "ship_to_country",
                    "ship_to_phone",
                    "vat_id",
                    "reverse_charge",
                    "billing_address",
                )
            },
        ),
    )
    change_form_template = "admin/orders/order/change_form.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # orders come from checkout and the API

    def has_delete_permission(self, request: HttpRequest, obj: Order | None = None) -> bool:
        return False

    @admin.display(description=_("total"), ordering="total_amount")
    def total(self, order: Order) -> Money:
        return order.total

    @admin.display(description=_("outstanding"))
    def outstanding_shown(self, order: Order) -> Money | str:
        """Still to come; empty when nothing is awaited (paid in full, cancelled, refunded)."""
        if not order.awaiting_payment:
            return "–"
        return order.outstanding

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/bank-transfer/",
                wrap(self.bank_transfer_view),
                name="orders_order_bank_transfer",
            ),
            path("<int:pk>/refund/", wrap(self.refund_view), name="orders_order_refund"),
            path("<int:pk>/step/<str:step>/", wrap(self.step_view), name="orders_order_step"),
            *super().get_urls(),
        ]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        order = Order.objects.filter(pk=object_id).first()
        user = request.user
        # The steps this order may take now (``state.blocked``: a deposit order in production
        # only once its deposit came, shipped only once paid unless on net terms), offered to
        # whoever runs fulfilment.
        steps = {
            step: pair
            for step, pair in STAFF_STEPS.items()
            if order is not None
            and user.has_perm("orders.fulfil_order")
            and can_step(order, pair[0])
        }
        extra_context = {
            **(extra_context or {}),
            # The trade documents to download (``documents`` answers through the hook); they show
            # personal data in full, so not to staff who see it masked.
            "document_links": [
                link
                for hook in document_links.hooks()
                for link in (
                    hook(order=order, for_staff=True, user=user) if order is not None else []
                )
            ]
            if request.user.has_perm("accounts.view_personal_data")
            else [],
            "staff_steps": steps,
            # The rule refunds check (``refunds.refund_order``), not a string in the template.
            "can_refund": order is not None and is_refundable(order),
            "can_record_receipt": order is not None
            and order.awaiting_payment
            and order.payment_method == PaymentMethod.BANK_TRANSFER
            and user.has_perm("orders.record_receipt"),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _order_or_deny(self, request: HttpRequest, pk: int, permission: str = "") -> Order:
        """The order, for staff with ``permission`` (``orders.*``; default: changing orders)."""
        allowed = (
            request.user.has_perm(permission) if permission else self.has_change_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        return get_object_or_404(Order, pk=pk)

    def _back(self, order: Order) -> HttpResponseRedirect:
        return redirect(reverse("admin:orders_order_change", args=[order.pk]))

    def step_view(self, request: HttpRequest, pk: int, step: str) -> HttpResponse:
        order = self._order_or_deny(request, pk, "orders.fulfil_order")
        if request.method != "POST" or step not in STAFF_STEPS:
            return self._back(order)
        target, _label = STAFF_STEPS[step]
        try:
            services.transition(order=order, to=target, actor=_staff(request))
        except ApplicationError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, _("Order status updated."), messages.SUCCESS)
        return self._back(order)

    def bank_transfer_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        order = self._order_or_deny(request, pk, "orders.record_receipt")
        if order.payment_method != PaymentMethod.BANK_TRANSFER:
            self.message_user(
                request, _("This order is not paid by bank transfer."), messages.ERROR
            )
            return self._back(order)
        form = BankTransferForm(
            request.POST or None,
            initial={"amount": order.outstanding.amount, "token": uuid.uuid4().hex},
        )
        if request.method == "POST" and form.is_valid():
            try:
                paid = receipts.record_bank_transfer(
                    order=order,
                    amount=Money(form.cleaned_data["amount"], order.currency),
                    received_by=_staff(request),
                    reference=form.cleaned_data["reference"],
                    idempotency_key=(
                        f"admin:{form.cleaned_data['token']}" if form.cleaned_data["token"] else ""
                    ),
                )
            except ApplicationError as error:
                form.add_error("amount", error.message)
            else:
                order.refresh_from_db()
                if paid:
                    self.message_user(
                        request, _("Payment recorded; the order is paid in full."), messages.SUCCESS
                    )
                else:
                    self.message_user(
                        request,
                        _("Receipt recorded; %(outstanding)s is still outstanding.")
                        % {"outstanding": order.outstanding},
                        messages.SUCCESS,
                    )
                return self._back(order)
        return self._render_form(
            request,
            order,
            form,
            _("Record bank transfer"),
            extra={"receipts": order.receipts.all(), "tolerance": receipts.fee_tolerance(order)},
        )

    def refund_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        order = self._order_or_deny(request, pk)
        already = refunds.refunded_quantities(order)
        form = RefundForm(request.POST or None, order=order, already=already)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            refund_request = (
                refunds.full_refund_request(order)
                if data["full"]
                else refunds.RefundRequest(
                    quantities=form.quantities(), extra_amount=data["extra_amount"] or Decimal(0)
                )
            )
            try:
                refunds.refund_order(
                    order=order,
                    request=refund_request,
                    reason=data["reason"],
                    actor=_staff(request),
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(request, _("Refund completed."), messages.SUCCESS)
                return self._back(order)
        return self._render_form(request, order, form, _("Refund"))

    def _render_form(
        self,
        request: HttpRequest,
        order: Order,
        form: forms.Form,
        title: "str | StrPromise",
        extra: dict[str, object] | None = None,
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": f"{title}: {order.number}",
            "order": order,
            "form": form,
            "opts": self.model._meta,
            **(extra or {}),
        }
        return TemplateResponse(request, "admin/orders/order/action_form.html", context)


@admin.register(ShippingMethod)
class ShippingMethodAdmin(TranslationAdmin):
    list_display = ("name", "price", "is_quoted_later", "is_active", "position")
    list_editable = ("is_active", "position")


@admin.register(BankTransferSettings)
class BankTransferSettingsAdmin(admin.ModelAdmin):
    """One row: how far short of the total a transfer may be and still pay the order."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not BankTransferSettings.objects.exists()

    def has_delete_permission(
        self, request: HttpRequest, obj: BankTransferSettings | None = None
    ) -> bool:
        return False
