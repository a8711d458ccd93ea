"""What the merchant tells every visitor about itself: company details shown in the footer and
on the imprint, and content pages (imprint, terms, privacy, programme terms, FAQ) edited and
translated in the admin. Nothing here knows about the shop's domains."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

phone_number = RegexValidator(
    r"^\+?[0-9][0-9 ()./-]{5,30}$",
    _("Enter a phone number in international form, e.g. +44 1632 960123."),
)


class CompanyDetails(models.Model):
    """The merchant's legal identity and contact details: one row, edited in the admin."""

    SINGLETON_ID = 1

    id = models.PositiveSmallIntegerField(
        _("ID"), primary_key=True, default=SINGLETON_ID, editable=False
    )
    name = models.CharField(_("company name"), max_length=200)
    represented_by = models.CharField(
        _("represented by"),
        max_length=200,
        blank=True,
        help_text=_("Managing director(s) or other legal representatives."),
    )
    address = models.TextField(_("registered address"))
    registry = models.CharField(
        _("commercial register"),
        max_length=200,
        blank=True,
        help_text=_(
            "The register that keeps the company, e.g. Companies House, England and Wales."
        ),
    )
    registration_number = models.CharField(_("registration number"), max_length=50, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=50, blank=True)
    eori_number = models.CharField(
        _("EORI number"),
        max_length=20,
        blank=True,
        help_text=_("The customs registration number shown on commercial invoices."),
    )
    bank_details = models.TextField(
        _("bank details"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Account holder, bank, IBAN or account number, BIC/SWIFT: one per line, as printed "
            "on invoices."
        ),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[phone_number])
    whatsapp = models.CharField(
        _("WhatsApp"),
        max_length=40,
        blank=True,
        validators=[phone_number],
        help_text=_("The number buyers can message on WhatsApp, in international form."),
    )
    email = models.EmailField(_("email"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("company details")
        verbose_name_plural = _("company details")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="sitecontent_one_company_details")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_link(self) -> str:
        return f"tel:+{_digits(self.phone)}" if self.phone else ""

    @property
    def whatsapp_link(self) -> str:
        # WhatsApp's click-to-chat wants the number in international form, digits only.
        return f"https://wa.me/{_digits(self.whatsapp)}" if self.whatsapp else ""


def _digits(number: str) -> str:
    return "".join(character for character in number if character.isdigit())


class PageKind(models.TextChoices):
    IMPRINT = "imprint", _("Imprint")
    TERMS_OF_SALE = "terms_of_sale", _("Terms of sale")
    PRIVACY = "privacy", _("Privacy policy")
    PROGRAMME_TERMS = "programme_terms", _("Programme terms")
    FAQ = "faq", _("Loyalty FAQ")
    OTHER = "other", _("Other page")


class ContentPage(models.Model):
    """A page of text in sections. The kinds other than "other" exist once each: the footer,
    sign-up and checkout link to them by kind."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=PageKind.choices, default=PageKind.OTHER
    )
    slug = models.SlugField(
        _("address"),
        max_length=80,
        unique=True,
        help_text=_("The last part of the page's address, e.g. terms-of-sale."),
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    show_in_footer = models.BooleanField(_("linked from the footer"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
        ordering = ("position", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=~Q(kind="other"),
                name="sitecontent_one_page_per_kind",
                violation_error_message=_("There is already a page of this kind."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sitecontent:page", kwargs={"slug": self.slug})


class ContentSection(models.Model):
    """A heading and its text (for the FAQ: a question and its answer). Text is plain: blank
    lines separate paragraphs."""

    page = models.ForeignKey(
        ContentPage, on_delete=models.CASCADE, related_name="sections", verbose_name=_("page")
    )
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.heading
