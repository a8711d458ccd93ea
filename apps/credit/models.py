"""Payment terms and credit limits (#21, docs/credit.md).

A company's terms are ``Company.payment_terms``; its row here adds the deposit percentage and
the credit limit (in the company's currency). A member may have a row of their own: their own
terms, deposit and credit line, which apply instead of their company's.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from apps.companies.models import PaymentTerms

CURRENCY_CHOICES = [(code, code) for code in settings.CURRENCIES]


class CreditTerms(models.Model):
    """The deposit percentage and credit limit of one company, or one member's own terms."""

    company = models.OneToOneField(
        "companies.Company",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="credit_terms",
        verbose_name=_("company"),
    )
    member = models.OneToOneField(
        "members.Member",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="credit_terms",
        verbose_name=_("member"),
    )
    payment_terms = models.CharField(
        _("payment terms"),
        max_length=20,
        choices=PaymentTerms.choices,
        blank=True,
        help_text=_("A member's own terms. A company's terms are set on the company itself."),
    )
    deposit_percent = models.PositiveSmallIntegerField(
        _("deposit (percent)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("Paid before production on deposit terms; the rest before shipment."),
    )
    credit_limit = MoneyField(
        _("credit limit"),
        max_digits=16,
        decimal_places=2,
        default=0,
        default_currency=settings.BASE_CURRENCY,
        currency_choices=CURRENCY_CHOICES,
        help_text=_("Unpaid orders on net terms may add up to this much."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("payment terms and credit")
        verbose_name_plural = _("payment terms and credit")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(company__isnull=False, member__isnull=True, payment_terms="")
                | models.Q(company__isnull=True, member__isnull=False)
                & ~models.Q(payment_terms=""),
                name="credit_terms_company_or_member",
                violation_error_message=_(
                    "Terms belong to a company or to a member with their own terms."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(deposit_percent__gte=1, deposit_percent__lte=99),
                name="credit_terms_deposit_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(credit_limit__gte=0), name="credit_terms_limit_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return str(self.company or self.member)
