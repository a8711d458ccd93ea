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


class AddressKind(models.TextChoices):
    BILLING = "billing", _("Billing")
    SHIPPING = "shipping", _("Shipping")


class CompanyAddress(models.Model):
    """One of the company's billing or shipping addresses; the admin's form lets one of each
    kind be the default (the first default of a kind counts if ever there were two)."""

    PERSONAL_DATA = {"name": "address", "line1": "address", "line2": "address", "phone": "text"}

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("company")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AddressKind.choices)
    name = models.CharField(_("contact name"), max_length=150, blank=True)
    line1 = models.CharField(_("address"), max_length=200)
    line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    region = models.CharField(_("state / province / region"), max_length=100, blank=True)
    country = CountryField(_("country"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        verbose_name = _("company address")
        verbose_name_plural = _("company addresses")
        ordering = ("company", "kind", "-is_default", "id")

    def __str__(self) -> str:
        return f"{self.line1}, {self.city}"


class CompanyInvitation(models.Model):
    """An invitation by e-mail to join a company with a role.

    Its link is signed and names the invitation and how many times it was sent (``sends``): a
    re-sent invitation's older links stop working. It is used once (``accepted_at``), may be
    revoked (``revoked_at``) and expires (``expires_at``, renewed when it is sent again).
    """

    PERSONAL_DATA = {"email": "email"}

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("company")
    )
    email = models.EmailField(_("email"))
    role = models.CharField(
        _("role"), max_length=10, choices=CompanyRole.choices, default=CompanyRole.BUYER
    )
    language = models.CharField(_("language of the e-mail"), max_length=10)
    invited_by = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    sends = models.PositiveIntegerField(_("times sent"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("company invitation")
        verbose_name_plural = _("company invitations")
        ordering = ("company", "-created_at", "-id")
        constraints = [
            # The address is stored in lower case (``services.invite``).
            models.UniqueConstraint(
                fields=["company", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="companies_one_open_invitation_per_address",
                violation_error_message=_("This address has an open invitation already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} – {self.email}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
