"""Demo company details and pages in every language (texts in ``demo_texts/<language>.json``).

Each language's file holds the same pages with the same number of sections, so that a section
is the same clause in every language. Installing again overwrites the demo texts.
"""

from pathlib import Path

from apps.core.languages import texts_by_language

from .models import CompanyDetails, ContentPage, ContentSection

TEXTS = Path(__file__).resolve().parent / "demo_texts"

# Not translated: the company's identifiers and contact points. Numbers are from the ranges
# Ofcom keeps for drama and examples, so no real line is ever dialled.
COMPANY = {
    "represented_by": "Margaret Lin, Tobias Becker",
    "registration_number": "09876543",
    "vat_number": "GB 123 4567 89",
    "eori_number": "GB123456789000",
    "bank_details": "Export Storefront Ltd\nExample Bank plc, London\n"
    "IBAN GB33 BUKB 2020 1555 5555 55\nBIC BUKBGB22",
    "phone": "+44 1632 960123",
    "whatsapp": "+44 7700 900123",
    "email": "sales@export-storefront.example",
}
# Footer order and addresses of the pages; the texts come from the language files.
PAGES = {
    "imprint": {"slug": "imprint", "position": 10},
    "terms_of_sale": {"slug": "terms-of-sale", "position": 20},
    "privacy": {"slug": "privacy", "position": 30},
    "programme_terms": {"slug": "programme-terms", "position": 40},
    "faq": {"slug": "loyalty-faq", "position": 50},
}


def demo_texts() -> dict[str, dict]:
    return texts_by_language(TEXTS)


def install_demo_content() -> None:
    texts = demo_texts()
    company_fields = {
        f"{field}_{language}": text["company"][field]
        for language, text in texts.items()
        for field in ("name", "address", "registry", "opening_hours")
    }
    CompanyDetails.objects.update_or_create(
        id=CompanyDetails.SINGLETON_ID, defaults={**COMPANY, **company_fields}
    )
    for kind, place in PAGES.items():
        _install_page(kind, place, {language: t["pages"][kind] for language, t in texts.items()})


def _install_page(kind: str, place: dict, by_language: dict[str, dict]) -> None:
    fields = {**place}
    for language, text in by_language.items():
        fields[f"title_{language}"] = text["title"]
        fields[f"introduction_{language}"] = text.get("introduction", "")
    page, _created = ContentPage.objects.update_or_create(kind=kind, defaults=fields)
    count = len(by_language["en"]["sections"])
    page.sections.filter(position__gte=count).delete()
    for position in range(count):
        section_fields = {}
        for language, text in by_language.items():
            heading, body = text["sections"][position]
            section_fields[f"heading_{language}"] = heading
            section_fields[f"body_{language}"] = body
        ContentSection.objects.update_or_create(
            page=page, position=position, defaults=section_fields
        )
