"""Reads of the company details and content pages. The footer of every page needs them, so
they are kept in the cache (one read per page) until the merchant changes them (for a minute
at most)."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch

from apps.core.cache import cache
from apps.core.tax_ids import country_of_vat_number

from .models import CompanyDetails, ContentPage, ContentSection, PageKind

CACHE_KEY = "sitecontent:footer:v1"
# A change forgets the copy at once. The copy also expires: a request that read the rows just
# before a change can store its (old) copy just after the change forgot it; that copy must not
# outlive the change by more than this.
CACHE_SECONDS = 60


@dataclass(frozen=True)
class SiteContent:
    """What the layout shows on every page; model rows carry every language's text."""

    company: CompanyDetails | None
    pages: list[ContentPage] = field(default_factory=list)

    @property
    def footer_pages(self) -> list[ContentPage]:
        return [page for page in self.pages if page.show_in_footer]

    @property
    def by_kind(self) -> dict[str, ContentPage]:
        return {page.kind: page for page in self.pages if page.kind != PageKind.OTHER}


def site_content() -> SiteContent:
    content = cache.get(CACHE_KEY)
    if content is None:
        content = SiteContent(
            company=CompanyDetails.objects.first(),
            pages=list(ContentPage.objects.filter(is_published=True)),
        )
        cache.set(CACHE_KEY, content, timeout=CACHE_SECONDS)
    return content


def site_content_changed() -> None:
    """Forget the cached copy now (with Redis down this raises, and the change is refused) and
    again once the current transaction commits."""
    cache.forget(CACHE_KEY)
    transaction.on_commit(lambda: cache.forget(CACHE_KEY))


def published_page(slug: str) -> ContentPage | None:
    """The published page at ``slug`` with its sections: two queries."""
    return (
        ContentPage.objects.filter(is_published=True, slug=slug)
        .prefetch_related(Prefetch("sections", queryset=ContentSection.objects.all()))
        .first()
    )


def merchant_vat_country() -> str:
    """The country of the merchant's VAT registration: the letters of its VAT number in the
    company details ("" when none is entered). Decides whether an order is reverse charged, so
    it is read from the database (one small query per order), not from the footer's cached copy
    (a copy cached by a request that read the row just before a change could outlive it)."""
    number = CompanyDetails.objects.values_list("vat_number", flat=True).first()
    return country_of_vat_number(number or "")
