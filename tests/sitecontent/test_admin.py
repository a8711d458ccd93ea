"""Merchants edit the company details (one set) and the pages in the admin."""

import pytest

from apps.sitecontent.models import CompanyDetails, ContentPage, PageKind

pytestmark = pytest.mark.django_db


def company_form(**changes) -> dict:
    data = {
        "name_en": "Harbour Valves Ltd",
        "address_en": "1 Quay Street\nBristol",
        "phone": "+44 117 496 0000",
        "whatsapp": "",
        "email": "sales@harbour-valves.example",
    }
    return {**data, **changes}


def test_the_list_opens_the_form_and_there_is_only_ever_one_set_of_details(admin_client):
    response = admin_client.get("/admin/sitecontent/companydetails/")
    assert response["Location"] == "/admin/sitecontent/companydetails/add/"

    admin_client.post("/admin/sitecontent/companydetails/add/", company_form())

    details = CompanyDetails.objects.get()
    response = admin_client.get("/admin/sitecontent/companydetails/")
    assert response["Location"] == f"/admin/sitecontent/companydetails/{details.pk}/change/"
    assert admin_client.get("/admin/sitecontent/companydetails/add/").status_code == 403
    assert b"deletelink" not in admin_client.get(response["Location"]).content


def test_a_phone_number_that_is_not_one_is_a_form_error(admin_client):
    response = admin_client.post(
        "/admin/sitecontent/companydetails/add/", company_form(whatsapp="call us")
    )

    assert response.status_code == 200
    assert "Enter a phone number in international form" in response.content.decode()
    assert not CompanyDetails.objects.exists()


def test_the_company_name_is_translated_in_tabs(admin_client):
    page = admin_client.get("/admin/sitecontent/companydetails/add/").content.decode()

    assert 'name="name_de"' in page and 'name="address_ar"' in page


def page_form(kind: str, slug: str) -> dict:
    return {
        "kind": kind,
        "slug": slug,
        "title_en": "Terms",
        "is_published": "on",
        "show_in_footer": "on",
        "position": 0,
        "sections-TOTAL_FORMS": 1,
        "sections-INITIAL_FORMS": 0,
        "sections-0-heading_en": "Scope",
        "sections-0-body_en": "These terms apply.",
        "sections-0-position": 0,
    }


def test_a_page_is_added_with_its_sections(admin_client, client):
    admin_client.post("/admin/sitecontent/contentpage/add/", page_form("terms_of_sale", "terms"))

    page = ContentPage.objects.get()
    assert page.sections.get().heading_en == "Scope"
    assert "These terms apply." in client.get("/en/pages/terms/").content.decode()


def test_a_second_page_of_one_kind_is_a_form_error_not_a_crash(admin_client):
    admin_client.post("/admin/sitecontent/contentpage/add/", page_form("privacy", "privacy"))

    response = admin_client.post(
        "/admin/sitecontent/contentpage/add/", page_form("privacy", "privacy-2")
    )

    assert response.status_code == 200
    assert "There is already a page of this kind." in response.content.decode()
    assert ContentPage.objects.filter(kind=PageKind.PRIVACY).count() == 1
    # "Other" pages are not limited.
    for slug in ("shipping", "returns"):
        admin_client.post("/admin/sitecontent/contentpage/add/", page_form("other", slug))
    assert ContentPage.objects.filter(kind=PageKind.OTHER).count() == 2
