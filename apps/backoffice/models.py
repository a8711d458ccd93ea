from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberImport(models.Model):
    """A file of members from the merchant's previous programme uploaded in the admin
    (``import_admin``): checked and shown first, imported once confirmed. Kept afterwards with
    who imported it, when, what it did and which rows it skipped, and why; the file itself is
    dropped once imported (it holds personal data)."""

    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file_name = models.CharField(_("file"), max_length=255)
    content = models.BinaryField(_("file content"), editable=False)  # until imported
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    created_members = models.PositiveIntegerField(_("new members"), default=0)
    matched_members = models.PositiveIntegerField(_("already members"), default=0)
    balances_opened = models.PositiveIntegerField(_("opening balances"), default=0)
    tiers_set = models.PositiveIntegerField(_("tier changes"), default=0)
    # [[line, reason], ...] in the language of the staff member who imported
    errors = models.JSONField(_("rows skipped"), default=list, blank=True)

    class Meta:
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.file_name
