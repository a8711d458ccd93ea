"""Shipping benefits per method, percent or amount, per currency (issue #16): a tier's former
"free shipping" flag becomes a free-shipping row for every method, so no tier loses it."""

import django.db.models.deletion
from django.db import migrations, models


def free_shipping_as_benefit_rows(apps, schema_editor):
    Tier = apps.get_model("tiers", "Tier")
    TierShippingBenefit = apps.get_model("tiers", "TierShippingBenefit")
    for tier in Tier.objects.filter(free_shipping=True):
        TierShippingBenefit.objects.get_or_create(
            tier=tier, shipping_method=None, kind="free", currency=""
        )


def benefit_rows_as_free_shipping(apps, schema_editor):
    Tier = apps.get_model("tiers", "Tier")
    TierShippingBenefit = apps.get_model("tiers", "TierShippingBenefit")
    free = TierShippingBenefit.objects.filter(kind="free", shipping_method=None)
    Tier.objects.filter(pk__in=free.values("tier_id")).update(free_shipping=True)


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0007_shipping_benefit_priority_and_bank_receipts"),
        ("tiers", "0004_constraint_messages"),
    ]

    operations = [
        migrations.CreateModel(
            name="TierShippingBenefit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("free", "Free shipping"),
                            ("percent", "Percentage off the freight"),
                            ("amount", "Amount off the freight"),
                        ],
                        max_length=10,
                        verbose_name="benefit",
                    ),
                ),
                (
                    "percent",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=5,
                        null=True,
                        verbose_name="percentage off",
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        verbose_name="amount off",
                    ),
                ),
                (
                    "currency",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("USD", "USD"),
                            ("EUR", "EUR"),
                            ("GBP", "GBP"),
                            ("CNY", "CNY"),
                            ("JPY", "JPY"),
                            ("AUD", "AUD"),
                            ("CAD", "CAD"),
                        ],
                        max_length=3,
                        verbose_name="currency of the amount",
                    ),
                ),
                (
                    "shipping_method",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty: every shipping method.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="orders.shippingmethod",
                        verbose_name="shipping method",
                    ),
                ),
                (
                    "tier",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="shipping_benefits",
                        to="tiers.tier",
                        verbose_name="tier",
                    ),
                ),
            ],
            options={
                "verbose_name": "shipping benefit",
                "verbose_name_plural": "shipping benefits",
                "ordering": ("tier", "shipping_method", "currency", "id"),
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("amount__isnull", True),
                                ("currency", ""),
                                ("kind", "free"),
                                ("percent__isnull", True),
                            ),
                            models.Q(
                                ("amount__isnull", True),
                                ("currency", ""),
                                ("kind", "percent"),
                                ("percent__gt", 0),
                                ("percent__lt", 100),
                            ),
                            models.Q(
                                ("amount__gt", 0),
                                ("kind", "amount"),
                                ("percent__isnull", True),
                                models.Q(("currency", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="tier_shipping_benefit_fields_match_kind",
                    ),
                    models.UniqueConstraint(
                        fields=("tier", "shipping_method", "kind", "currency"),
                        name="tier_shipping_benefit_unique",
                        nulls_distinct=False,
                    ),
                ],
            },
        ),
        migrations.RunPython(free_shipping_as_benefit_rows, benefit_rows_as_free_shipping),
        migrations.RemoveField(
            model_name="tier",
            name="free_shipping",
        ),
    ]
