import pytest

from apps.sitecontent.models import CompanyDetails, ContentPage, ContentSection, PageKind


@pytest.fixture
def company(db):
    return CompanyDetails.objects.create(
        name_en="Harbour Valves Ltd",
        address_en="1 Quay Street\nBristol BS1 4XX\nUnited Kingdom",
        address_de="1 Quay Street\nBristol BS1 4XX\nVereinigtes Königreich",
        registry_en="Companies House, England and Wales",
        registration_number="01234567",
        vat_number="GB 987 6543 21",
        phone="+44 117 496 0000",
        whatsapp="+44 7700 900456",
        email="sales@harbour-valves.example",
    )


def make_page(kind: str, slug: str, title_en: str, **fields) -> ContentPage:
    page = ContentPage.objects.create(kind=kind, slug=slug, title_en=title_en, **fields)
    ContentSection.objects.create(
        page=page, position=0, heading_en=f"{title_en}: first", body_en="First paragraph."
    )
    return page


@pytest.fixture
def legal_pages(db):
    return {
        PageKind.IMPRINT: make_page(PageKind.IMPRINT, "imprint", "Imprint", title_de="Impressum"),
        PageKind.TERMS_OF_SALE: make_page(PageKind.TERMS_OF_SALE, "terms", "Terms of sale"),
        PageKind.PRIVACY: make_page(PageKind.PRIVACY, "privacy", "Privacy policy"),
        PageKind.PROGRAMME_TERMS: make_page(
            PageKind.PROGRAMME_TERMS, "programme-terms", "Programme terms"
        ),
        PageKind.FAQ: make_page(PageKind.FAQ, "faq", "Loyalty FAQ"),
    }
