"""The RFQ queue (ages, a status filter) and the staff's answer page; every answer is a revision
kept in the quote's history."""

from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from apps.core.admin import ReadOnlyAdmin, ReadOnlyInline
from apps.core.errors import ApplicationError

from .forms import AnswerForm
from .models import (
    AWAITING_STAFF,
    Quote,
    QuoteActivity,
    QuoteAttachment,
    QuoteLine,
    QuoteRevision,
    QuoteStatus,
)
from .selectors import suggested_prices
from .services import LineAnswer, answer_quote

if TYPE_CHECKING:
    from apps.accounts.models import User


class LineInline(ReadOnlyInline):
    model = QuoteLine
    fields = ("product", "description", "quantity", "target_unit_price")
    readonly_fields = fields


class RevisionInline(ReadOnlyInline):
    model = QuoteRevision
    fields = (
        "number",
        "subtotal_amount",
        "freight_amount",
        "insurance_amount",
        "total_amount",
        "valid_until",
        "answered_by_label",
        "created_at",
    )
    readonly_fields = fields


class ActivityInline(ReadOnlyInline):
    model = QuoteActivity
    fields = ("created_at", "status", "actor_shown", "note")
    readonly_fields = fields

    @admin.display(description=_("by"))
    def actor_shown(self, activity: QuoteActivity) -> str:
        return activity.actor_shown


class AttachmentInline(ReadOnlyInline):
    model = QuoteAttachment
    fields = ("download", "content_type", "size", "uploaded_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    @admin.display(description=_("file"))
    def download(self, attachment: QuoteAttachment) -> str:
        url = reverse("quotes:attachment", args=[attachment.quote_id, attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.filename)


class WaitingFilter(admin.SimpleListFilter):
    title = _("waiting for")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return (("staff", _("Our answer")), ("buyer", _("The buyer")))

    def queryset(self, request, queryset):
        if self.value() == "staff":
            return queryset.filter(status__in=AWAITING_STAFF)
        if self.value() == "buyer":
            return queryset.filter(status=QuoteStatus.QUOTED)
        return queryset


@admin.register(Quote)
class QuoteAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "requested_at",
        "member",
        "company",
        "status",
        "age",
        "waiting",
        "revision_count",
        "order",
    )
    list_filter = ("status", WaitingFilter, "incoterm", "currency")
    search_fields = ("number", "email", "company__legal_name")
    list_select_related = ("member__user", "company", "order")
    fields = (
        "number",
        "status",
        "member",
        "company",
        "email",
        "language",
        "currency",
        "source",
        "incoterm",
        "destination_country",
        "destination_port",
        "required_by",
        "notes",
        "requested_at",
        "waiting_since",
        "order",
        "answer_link",
    )
    readonly_fields = fields
    inlines = (LineInline, AttachmentInline, RevisionInline, ActivityInline)

    @admin.display(description=_("age"), ordering="requested_at")
    def age(self, quote: Quote) -> str:
        return timesince(quote.requested_at, timezone.now())

    @admin.display(description=_("waiting"), ordering="waiting_since")
    def waiting(self, quote: Quote) -> str:
        if quote.status not in AWAITING_STAFF:
            return "–"
        return timesince(quote.waiting_since, timezone.now())

    @admin.display(description=_("answer"))
    def answer_link(self, quote: Quote) -> str:
        if quote.status not in (*AWAITING_STAFF, QuoteStatus.QUOTED):
            return "–"
        url = reverse("admin:quotes_quote_answer", args=[quote.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Answer / revise"))

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/answer/",
                self.admin_site.admin_view(self.answer_view),
                name="quotes_quote_answer",
            ),
            *super().get_urls(),
        ]

    def answer_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm("quotes.change_quote"):
            raise PermissionDenied
        quote = get_object_or_404(Quote.objects.select_related("member__user", "company"), pk=pk)
        form = AnswerForm(request.POST or None, quote=quote, suggested=suggested_prices(quote))
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                answer_quote(
                    quote=quote,
                    lines=[
                        LineAnswer(
                            line_id=line.pk,
                            unit_price=data[f"price_{line.pk}"],
                            lead_time_days=data[f"lead_{line.pk}"],
                            product=data.get(f"product_{line.pk}"),
                        )
                        for line, _price, _fields in form.line_rows
                    ],
                    freight=data["freight"],
                    insurance=data["insurance"],
                    valid_until=data["valid_until"],
                    terms=data["terms"],
                    note=data["note"],
                    expected_revision=data["expected_revision"],
                    actor=cast("User", request.user),
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(request, _("The quote was sent to the buyer."), messages.SUCCESS)
                return redirect(reverse("admin:quotes_quote_change", args=[quote.pk]))
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "title": _("Answer quote %(number)s") % {"number": quote.number},
            "form": form,
            "quote": quote,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/quotes/quote/answer.html", context)
