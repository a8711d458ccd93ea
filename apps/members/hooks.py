"""What members plug into the apps below (``apps.core.extensions``), loaded at start-up."""

from apps.catalog.extensions import product_viewed, shopper
from apps.core.extensions import preference_chosen

from . import data_export  # noqa: F401  (registers the members' own export sections)
from .selectors import member_of
from .services import record_product_view, update_preferences

shopper.register(member_of)


@product_viewed.register
def count_product_view(*, member, product_id: int) -> None:
    record_product_view(member_id=member.pk, product_id=product_id)


@preference_chosen.register
def remember_preference(*, request, **choice) -> None:
    """A member's language or currency choice is kept on the profile (their e-mails follow it)."""
    member = member_of(request.user)
    if member is not None:
        update_preferences(member=member, **choice)
