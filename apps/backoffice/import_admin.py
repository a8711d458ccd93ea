"""The admin's "Import members": upload a file, see what it holds and which rows are bad,
then confirm; nothing is written before the confirmation (``member_import``). Each import is
kept (``MemberImport``) with what it did and the rows it skipped. Registered by
``BackofficeConfig.ready`` (``admin.py`` is the member 360's)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .member_import import COLUMNS, FileRefused, check_file, import_file
from .models import MemberImport

if TYPE_CHECKING:
    from apps.accounts.models import User


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, with a first line naming the columns: %(columns)s.")
        % {"columns": ", ".join(COLUMNS)},
    )


@admin.register(MemberImport)
class MemberImportAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "file_name",
        "uploaded_by",
        "imported_at",
        "created_members",
        "matched_members",
        "balances_opened",
        "tiers_set",
        "skipped",
    )
    list_select_related = ("uploaded_by",)
    readonly_fields = (*list_display[:-1], "errors_shown")
    fields = readonly_fields
    date_hierarchy = "created_at"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("rows skipped"))
    def skipped(self, record: MemberImport) -> int:
        return len(record.errors)

    @admin.display(description=_("rows skipped"))
    def errors_shown(self, record: MemberImport) -> str:
        return "\n".join(
            str(_("line %(line)s: %(reason)s") % {"line": line, "reason": reason})
            for line, reason in record.errors
        )

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        """Upload (GET, or a POST with the file): the file checked and previewed, kept for the
        confirmation; confirm (a POST naming the upload): imported."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        staff = cast("User", request.user)  # the admin lets only staff in
        if request.method == "POST" and "upload" in request.POST:
            return self._confirm(request, staff, request.POST["upload"])
        form = UploadForm(request.POST or None, request.FILES or None)
        context: dict[str, Any] = {"form": form}
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                report = check_file(content)
            except FileRefused as error:
                form.add_error("file", str(error))
            else:
                record = MemberImport.objects.create(
                    uploaded_by=staff, file_name=upload.name[:255], content=content
                )
                context = {"report": report, "upload": record}
        return self._page(request, _("Import members"), context)

    def _confirm(self, request: HttpRequest, staff: User, upload: str) -> HttpResponse:
        """Import the upload once: the first confirmation claims it (a second click, or a second
        tab, finds it imported already and imports nothing)."""
        pending = MemberImport.objects.filter(
            pk=int(upload) if upload.isdigit() else 0, uploaded_by=staff, imported_at=None
        )
        record = pending.first()
        if record is None or not pending.update(imported_at=timezone.now()):
            self.message_user(request, _("This file has been imported already."), messages.INFO)
            return redirect(reverse("admin:backoffice_memberimport_changelist"))
        report = import_file(bytes(record.content), actor=staff)
        record.content = b""
        record.created_members = report.created
        record.matched_members = report.matched
        record.balances_opened = report.balances_opened
        record.tiers_set = report.tiers_set
        record.errors = [[error.line, error.message] for error in report.errors]
        record.save(
            update_fields=[
                "content",
                "created_members",
                "matched_members",
                "balances_opened",
                "tiers_set",
                "errors",
            ]
        )
        self.message_user(
            request,
            _("Imported: %(created)s new members, %(matched)s already members.")
            % {"created": report.created, "matched": report.matched},
            messages.SUCCESS,
        )
        return redirect(reverse("admin:backoffice_memberimport_change", args=[record.pk]))

    def _page(self, request: HttpRequest, title: object, context: dict[str, Any]) -> HttpResponse:
        return TemplateResponse(
            request,
            "admin/backoffice/memberimport/upload.html",
            {
                **self.admin_site.each_context(request),
                **context,
                "title": title,
                "opts": self.model._meta,
                "columns": COLUMNS,
            },
        )
