"""The demo shop's company details and legal pages, in every language."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from apps.sitecontent.demo import PAGES, demo_texts
from apps.sitecontent.models import CompanyDetails, ContentPage, PageKind
from tests.conftest import seed_demo

pytestmark = pytest.mark.django_db
SUFFIXES = [code.replace("-", "_") for code, _name in settings.LANGUAGES]


def test_every_language_has_the_same_pages_with_the_same_sections():
    texts = demo_texts()
    english = texts["en"]["pages"]

    for language, text in texts.items():
        assert set(text["pages"]) == set(PAGES), language
        for kind, page in text["pages"].items():
            assert len(page["sections"]) == len(english[kind]["sections"]), (language, kind)
            if language != "en":  # translated, not copied
                assert page["title"] != english[kind]["title"] or kind == "faq", (language, kind)


def test_seed_demo_installs_the_company_and_five_pages_in_every_language(client):
    seed_demo()
    seed_demo()  # idempotent

    company = CompanyDetails.objects.get()
    assert company.phone and company.whatsapp and company.email and company.vat_number
    pages = ContentPage.objects.order_by("position")
    assert [page.kind for page in pages] == [
        PageKind.IMPRINT,
        PageKind.TERMS_OF_SALE,
        PageKind.PRIVACY,
        PageKind.PROGRAMME_TERMS,
        PageKind.FAQ,
    ]
    for page in pages:
        for suffix in SUFFIXES:
            assert getattr(page, f"title_{suffix}"), (page.kind, suffix)
            for section in page.sections.all():
                assert getattr(section, f"heading_{suffix}"), (page.kind, suffix)
                assert getattr(section, f"body_{suffix}"), (page.kind, suffix)
        for suffix in SUFFIXES:
            assert getattr(company, f"address_{suffix}")
    with translation.override("ja"):
        url = reverse("sitecontent:page", kwargs={"slug": "programme-terms"})
    assert "会員プログラム規約" in client.get(url).content.decode()
