import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from apps.core import masking

CURRENCY_CHOICES = [(code, code) for code in settings.CURRENCIES]


class CustomerType(models.TextChoices):
    DISTRIBUTOR = "distributor", _("Distributor / agent")
    END_CUSTOMER = "end_customer", _("End customer")
    OEM = "oem", _("OEM")


class Segment(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    MEMBER = "member", _("Member")
    KEY_ACCOUNT = "key_account", _("Key account")
    STRATEGIC_PARTNER = "strategic_partner", _("Strategic partner")


class RfmSegment(models.TextChoices):
    """Where the nightly RFM scoring puts a member (docs/segments.md has the grid)."""

    CHAMPIONS = "champions", pgettext_lazy("RFM segment", "Champions")
    LOYAL = "loyal", pgettext_lazy("RFM segment", "Loyal")
    PROMISING = "promising", pgettext_lazy("RFM segment", "Promising")
    NEW = "new", pgettext_lazy("RFM segment", "New")
    NEEDS_ATTENTION = "needs_attention", pgettext_lazy("RFM segment", "Needs attention")
    AT_RISK = "at_risk", pgettext_lazy("RFM segment", "At risk")
    HIBERNATING = "hibernating", pgettext_lazy("RFM segment", "Hibernating")
    LOST = "lost", pgettext_lazy("RFM segment", "Lost")


def new_referral_code() -> str:
    return secrets.token_urlsafe(6).replace("-", "x").replace("_", "y").upper()


# What members edit in their profile (the member center form and the data export share it).
PROFILE_FIELDS = (
    "company_name",
    "vat_id",
    "country",
    "phone",
    "whatsapp",
    "customer_type",
    "purchasing_needs",
    "birthday",
    "preferred_language",
    "preferred_currency",
    "timezone",
    "marketing_consent",
)

# What the nightly RFM scoring writes (``services.record_rfm_scores``), shown read-only.
RFM_FIELDS = ("rfm_segment", "rfm_recency", "rfm_frequency", "rfm_monetary", "rfm_scored_at")


class Member(models.Model):
    """A buyer enrolled in the loyalty programme: the profile beside the login."""

    # Shown masked to staff who may not see personal data in full (apps.core.masking).
    PERSONAL_DATA = {"vat_id": "text", "phone": "text", "whatsapp": "text"}

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="member",
        verbose_name=_("user"),
    )
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    vat_id = models.CharField(_("VAT / tax id"), max_length=50, blank=True)
    country = CountryField(_("country"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    preferred_currency = models.CharField(
        _("preferred currency"),
        max_length=3,
        choices=CURRENCY_CHOICES,
        default=settings.BASE_CURRENCY,
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    purchasing_needs = models.TextField(_("purchasing needs"), blank=True)
    customer_type = models.CharField(
        _("customer type"), max_length=20, choices=CustomerType.choices, blank=True
    )
    segment = models.CharField(
        _("segment"), max_length=20, choices=Segment.choices, default=Segment.MEMBER
    )
    # RFM: written only by ``services.record_rfm_scores`` (the nightly scoring in analytics),
    # so no form offers them (``editable=False``).
    rfm_segment = models.CharField(
        _("RFM segment"),
        max_length=20,
        choices=RfmSegment.choices,
        blank=True,
        editable=False,
        # Not indexed: a filter on eight values reads much of the table anyway, and without an
        # index the nightly rewrite of every member can stay on its page (HOT updates).
        db_default="",  # raw inserts (imports, benchmarks' seeds) need not name it
        help_text=_("From the nightly scoring of the last 12 months' paid orders."),
    )
    rfm_recency = models.PositiveSmallIntegerField(
        _("recency score"), null=True, blank=True, editable=False
    )
    rfm_frequency = models.PositiveSmallIntegerField(
        _("frequency score"), null=True, blank=True, editable=False
    )
    rfm_monetary = models.PositiveSmallIntegerField(
        _("monetary score"), null=True, blank=True, editable=False
    )
    rfm_scored_at = models.DateTimeField(_("RFM scored at"), null=True, blank=True, editable=False)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    marketing_consent = models.BooleanField(_("marketing consent"), default=False)
    referral_code = models.CharField(
        _("referral code"), max_length=16, unique=True, default=new_referral_code, editable=False
    )
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        help_text=_("The member's id in the merchant's ERP or CRM."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(
        _("account deleted at"),
        null=True,
        blank=True,
        help_text=_("The member deleted their account: personal data erased, points forfeited."),
    )

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ("-created_at",)
        indexes = [
            # The admin's members list, newest first (its default order, id breaking ties): a
            # page of 100 from the index, not a sort of every member.
            models.Index(fields=["-created_at", "-id"], name="member_latest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="members_member_external_id_unique",
                violation_error_message=_("Another member already has this external id."),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    rfm_recency__range=(1, 5),
                    rfm_frequency__range=(1, 5),
                    rfm_monetary__range=(1, 5),
                )
                | models.Q(rfm_recency=None, rfm_frequency=None, rfm_monetary=None),
                name="members_member_rfm_scores_1_to_5",
                violation_error_message=_("RFM scores are 1 to 5, all three or none."),
            ),
            models.CheckConstraint(
                condition=models.Q(preferred_currency__in=settings.CURRENCIES),
                name="members_member_currency_supported",
                violation_error_message=_("This currency is not offered."),
            ),
        ]

    def __str__(self) -> str:
        return self.company_name or masking.email(self.user.email)


class ConsentRecord(models.Model):
    """Every change of a consent, with when and where it was given or withdrawn."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="consents", verbose_name=_("member")
    )
    purpose = models.CharField(_("purpose"), max_length=30)
    granted = models.BooleanField(_("granted"))
    source = models.CharField(_("source"), max_length=60)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.purpose}: {self.granted}"


class ReferralStatus(models.TextChoices):
    SIGNED_UP = "signed_up", _("Signed up")
    REWARDED = "rewarded", _("First order paid: both rewarded")
    REFUSED = "refused", _("Not eligible")


class ShareChannel(models.TextChoices):
    """Where a member shared their link (share to earn: ``members.shares``)."""

    LINK = "link", _("Referral link")
    LINKEDIN = "linkedin", "LinkedIn"
    FACEBOOK = "facebook", "Facebook"
    WHATSAPP = "whatsapp", "WhatsApp"
    EMAIL = "email", _("E-mail")
    COPIED = "copied", _("Copied link")


class Referral(models.Model):
    """Who brought whom, and through which channel; rewarded once the referred buyer's first
    order is paid."""

    referrer = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("referrer")
    )
    referred = models.OneToOneField(
        Member,
        on_delete=models.CASCADE,
        related_name="referred_by",
        verbose_name=_("referred member"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SIGNED_UP
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=ShareChannel.choices, default=ShareChannel.LINK
    )
    # Why it was refused: one of the system's messages as its source text (shown translated:
    # ``apps.core.system_notes``).
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    rewarded_at = models.DateTimeField(_("rewarded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ("-created_at",)
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(referrer=models.F("referred")), name="referral_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referrer} → {self.referred}"


class ShareVisit(models.Model):
    """Visits through a member's shared link: one row per member, channel and day, counted in
    one upsert per visit. A visit alone earns nothing (the referral rule pays on the first
    paid order of a member who signed up through it)."""

    referrer = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="share_visits", verbose_name=_("member")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=ShareChannel.choices)
    day = models.DateField(_("day"))
    visits = models.PositiveIntegerField(_("visits"), default=0)

    class Meta:
        verbose_name = _("visit through a shared link")
        verbose_name_plural = _("visits through shared links")
        ordering = ("-day", "channel")
        constraints = [
            models.UniqueConstraint(
                fields=["referrer", "channel", "day"], name="members_share_visit_once_a_day"
            ),
        ]
        indexes = [models.Index(fields=["day", "channel"], name="members_share_visit_day")]

    def __str__(self) -> str:
        return f"{self.referrer} · {self.channel} · {self.day}"


class ProductView(models.Model):
    """A member looked at a product: one row per member and product, with a count and the
    latest time (recommendations read it; the product page writes it in one upsert)."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="product_views", verbose_name=_("member")
    )
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    views = models.PositiveIntegerField(default=1, verbose_name=_("views"))
    last_viewed_at = models.DateTimeField(verbose_name=_("last viewed at"))

    class Meta:
        verbose_name = _("product view")
        verbose_name_plural = _("product views")
        constraints = [
            models.UniqueConstraint(fields=["member", "product"], name="product_view_once")
        ]
        indexes = [models.Index(fields=["member", "-last_viewed_at"], name="product_view_recent")]

    def __str__(self) -> str:
        return f"{self.member} - {self.product}"


class Address(models.Model):
    """An address in a member's address book: shipping, billing or both, offered at checkout.

    At most one default shipping and one default billing address per member (constraints).
    """

    PERSONAL_DATA = {
        "name": "address",
        "line1": "address",
        "line2": "address",
        "phone": "text",
        "vat_id": "text",
    }

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("member")
    )
    label = models.CharField(
        _("name of this address"),
        max_length=60,
        blank=True,
        help_text=_("For you, e.g. “Hamburg warehouse”."),
    )
    name = models.CharField(_("contact name"), max_length=150)
    company = models.CharField(_("company"), max_length=200, blank=True)
    line1 = models.CharField(_("address"), max_length=200)
    line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    region = models.CharField(_("state / province / region"), max_length=100, blank=True)
    country = CountryField(_("country"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    vat_id = models.CharField(_("VAT / tax id"), max_length=50, blank=True)
    is_default_shipping = models.BooleanField(_("default shipping address"), default=False)
    is_default_billing = models.BooleanField(_("default billing address"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The fields an order's shipping address copies (``Order.ship_to_<field>``).
    ORDER_FIELDS = ("name", "company", "line1", "line2", "city", "postal_code", "region")

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ("-is_default_shipping", "-is_default_billing", "-updated_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(is_default_shipping=True),
                name="members_one_default_shipping_address",
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(is_default_billing=True),
                name="members_one_default_billing_address",
            ),
        ]

    def __str__(self) -> str:
        return self.label or ", ".join(
            part
            for part in (self.company or masking.masked(self.name, "address"), self.city)
            if part
        )

    def as_order_address(self) -> dict:
        """The address as an order's ``ship_to_*`` values (without the prefix)."""
        address = {field: getattr(self, field) for field in self.ORDER_FIELDS}
        return {**address, "country": str(self.country), "phone": self.phone}
