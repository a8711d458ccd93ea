"""What orders plug into the apps below (``apps.core.extensions``), loaded at start-up."""

from typing import Any

from apps.companies.extensions import company_merging
from apps.companies.models import Company

from . import data_export  # noqa: F401  (registers its export section)
from .models import Order


@company_merging.register_as("orders")
def move_company_orders(*, merged: Company, survivor: Company, actor: Any) -> dict[str, int]:
    """A merged company's orders are the survivor's (its Company page lists them)."""
    return {"orders": Order.objects.filter(company=merged).update(company=survivor)}
