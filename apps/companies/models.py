"""Companies: the B2B customer. Several members (buyers) of one company share its orders and,
when the programme says the company earns, one points account and tier (#20, docs/companies.md).

A member belongs to at most one company (``CompanyMember.member`` is one-to-one), with a role:
the company admin invites and removes buyers, sees the company's orders, points and documents
and redeems company points; a buyer orders and sees their own orders; a viewer only reads.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from apps.members.models import CustomerType, Member, Segment


class PaymentTerms(models.TextChoices):
    """How the company pays (the quotes and terms issue, #21, acts on it)."""

    PREPAYMENT = "prepayment", _("Prepayment")
    DEPOSIT = "deposit", _("Deposit before production, the rest before shipment")
    NET_15 = "net_15", _("Net 15 days")
    NET_30 = "net_30", _("Net 30 days")
    NET_60 = "net_60", _("Net 60 days")


class Company(models.Model):
    """A customer that is a company: its legal identity, terms and account manager."""

    # Shown masked to staff who may not see personal data in full (apps.core.masking).
    PERSONAL_DATA = {"vat_id": "text"}

    legal_name = models.CharField(_("legal name"), max_length=200)
    country = CountryField(_("country"))
    vat_id = models.CharField(_("VAT / tax id"), max_length=50, blank=True)
    customer_type = models.CharField(
        _("customer type"),
        max_length=20,
        choices=CustomerType.choices,
        default=CustomerType.END_CUSTOMER,
    )
    segment = models.CharField(
        _("segment"), max_length=20, choices=Segment.choices, default=Segment.MEMBER
    )
    payment_terms = models.CharField(
        _("payment terms"),
        max_length=20,
        choices=PaymentTerms.choices,
        default=PaymentTerms.PREPAYMENT,
    )
    account_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_companies",
        limit_choices_to={"is_staff": True},
        verbose_name=_("account manager"),
    )
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        help_text=_("The company's id in your ERP or CRM."),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_companies",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ("legal_name", "id")
        indexes = [models.Index(fields=["vat_id"], name="companies_vat_id")]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="companies_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name


class CompanyRole(models.TextChoices):
    ADMIN = "admin", _("Company admin")
    BUYER = "buyer", _("Buyer")
    VIEWER = "viewer", _("Viewer")


class CompanyMember(models.Model):
    """A member's place in a company: one company per member, with a role."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("company")
    )
    member = models.OneToOneField(
        Member,
        on_delete=models.CASCADE,
        related_name="company_membership",
        verbose_name=_("member"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=CompanyRole.choices, default=CompanyRole.BUYER
    )
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("company member")
        verbose_name_plural = _("company members")
        ordering = ("company", "role", "id")

    def __str__(self) -> str:
        return f"{self.company} – {self.member}"


class CompanyMerge(models.Model):
    """The audit of a merge of duplicate companies (``services.merge_companies``): who merged
    which company into which, when, and what moved. Staff record a merge by adding one in the
    admin; it is never changed afterwards."""

    merged = models.OneToOneField(
        Company,
        on_delete=models.PROTECT,
        related_name="merge",
        verbose_name=_("merged company"),
        help_text=_("The duplicate: its members, orders and points move to the other one."),
    )
    survivor = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="merges_received",
        verbose_name=_("surviving company"),
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged by"),
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    members_moved = models.PositiveIntegerField(_("members moved"), default=0)
    details = models.JSONField(
        _("what moved"),
        default=dict,
        blank=True,
        help_text=_("What each app moved (e.g. the points and the ledger entries)."),
    )

    class Meta:
        verbose_name = _("company merge")
        verbose_name_plural = _("company merges")
        ordering = ("-merged_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(merged=models.F("survivor")),
                name="company_merge_two_companies",
                violation_error_message=_("A company cannot be merged into itself."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.merged} → {self.survivor}"
