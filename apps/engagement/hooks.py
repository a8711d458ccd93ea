"""What engagement plugs into the apps below (``apps.core.extensions``), loaded at start-up."""

from apps.catalog.extensions import product_sections
from apps.ledger import reasons

from . import data_export  # noqa: F401  (registers its export section)
from .ledger_reasons import CHALLENGE_COMPLETED, REVIEW_REMOVED
from .views import product_section

product_sections.register(product_section)
reasons.register(REVIEW_REMOVED, CHALLENGE_COMPLETED)
