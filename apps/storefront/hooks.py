"""What the storefront plugs into the apps below (``apps.core.extensions``), loaded at start-up."""

from django.template.loader import render_to_string

from apps.catalog.extensions import product_page_extras
from apps.ledger.models import RuleKind
from apps.ledger.rules import event_award
from apps.members.shares import share_links


@product_page_extras.register
def share_product(*, request, member, path: str, title: str) -> str:
    """Share to earn: the member's share links for this product (``members.shares``)."""
    return render_to_string(
        "members/partials/share.html",
        {
            "links": share_links(request, member, next_path=path, title=title),
            "bonus": event_award(member, RuleKind.REFERRAL),
            "heading_id": "share-product",
        },
        request=request,
    )
