"""The member's VAT / tax id: checked for their country on the profile, the address book and
the service every other entry point shares; stored compact; a bad one changes nothing."""

import pytest

from apps.core.tax_ids import InvalidTaxId
from apps.members.addresses import save_address
from apps.members.models import Address
from apps.members.services import update_profile
from tests.factories import MemberFactory

from .test_profile import complete_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    member = MemberFactory(company_name="Old name", country="DE", vat_id="DE136695976")
    client.force_login(member.user)
    return member


def test_the_profile_stores_the_id_compact_whatever_the_spelling(client, signed_in):
    response = client.post(
        "/en/member/profile/", complete_profile(country="FR", vat_id="fr 40.303.265.045")
    )

    signed_in.refresh_from_db()
    assert response.status_code == 302
    assert signed_in.vat_id == "FR40303265045"


def test_the_profile_refuses_a_malformed_id_with_the_expected_format_and_saves_nothing(
    client, signed_in
):
    response = client.post(
        "/en/member/profile/",
        complete_profile(company_name="New name", country="IT", vat_id="00743110158"),
    )

    signed_in.refresh_from_db()
    assert response.context["form"].errors["vat_id"] == [
        "This VAT / tax id is not valid. Its check digit does not match: please look for a "
        "typo. Expected: Partita IVA, e.g. IT00743110157."
    ]
    assert (signed_in.company_name, signed_in.country, signed_in.vat_id) == (
        "Old name",
        "DE",
        "DE136695976",
    )


def test_the_message_is_translated(client, signed_in):
    response = client.post(
        "/de/member/profile/", complete_profile(country="BR", vat_id="16.727.230/0001-98")
    )

    (message,) = response.context["form"].errors["vat_id"]
    assert "nicht gültig" in message and "16.727.230/0001-97" in message


def test_a_country_stdnum_does_not_cover_keeps_the_id_as_typed(client, signed_in):
    client.post("/en/member/profile/", complete_profile(country="AE", vat_id=" 100234567800003 "))

    signed_in.refresh_from_db()
    assert signed_in.vat_id == "100234567800003"


def test_the_service_refuses_a_malformed_id_and_writes_nothing(signed_in):
    with pytest.raises(InvalidTaxId) as refused:
        update_profile(member=signed_in, source="test", company_name="New", vat_id="DE1")

    signed_in.refresh_from_db()
    assert refused.value.details == {"fields": {"vat_id": [str(refused.value.message)]}}
    assert (signed_in.company_name, signed_in.vat_id) == ("Old name", "DE136695976")


def test_the_service_checks_the_id_for_the_country_it_is_given_or_has(signed_in):
    update_profile(member=signed_in, source="test", vat_id="136 695 976")  # Germany, as before
    assert signed_in.vat_id == "DE136695976"

    update_profile(member=signed_in, source="test", country="GB", vat_id="GB 980 7806 84")
    assert signed_in.vat_id == "980780684"


def test_the_address_book_refuses_a_malformed_id_and_saves_nothing(client, signed_in):
    response = client.post(
        "/en/member/addresses/new/",
        {
            "name": "Li Wei",
            "line1": "1 Road",
            "city": "Shanghai",
            "postal_code": "200000",
            "country": "CN",
            "vat_id": "91110000600037341M",
        },
    )

    assert (
        "Expected: USCC, e.g. 91110000600037341L." in response.context["form"].errors["vat_id"][0]
    )
    assert not Address.objects.exists()
    with pytest.raises(InvalidTaxId):
        save_address(member=signed_in, fields={"country": "CN", "vat_id": "123"})
    assert not Address.objects.exists()


def _admin_form(member, **changes):
    """The member page's form as the admin builds it (every field it shows)."""
    from django.contrib import admin
    from django.forms.models import model_to_dict
    from django.test import RequestFactory

    from apps.members.models import Member
    from tests.factories import StaffFactory

    request = RequestFactory().get("/admin/")
    request.user = StaffFactory(is_superuser=True)
    form_class = admin.site.get_model_admin(Member).get_form(request, member)
    data = {key: value for key, value in model_to_dict(member).items() if value is not None}
    return form_class(data={**data, **changes}, instance=member)


def test_staff_editing_a_member_get_the_same_check():
    member = MemberFactory(country="FR", vat_id="")

    refused = _admin_form(member, vat_id="FR 40 303 265 046")  # one digit off
    assert not refused.is_valid() and "vat_id" in refused.errors

    accepted = _admin_form(member, vat_id="fr 40 303 265 045")
    assert accepted.is_valid(), accepted.errors
    assert accepted.save().vat_id == "FR40303265045"


def test_an_id_saved_before_the_check_does_not_block_other_edits():
    member = MemberFactory(country="FR", vat_id="FR123")

    form = _admin_form(member, company_name="Lyon Hydraulique SARL")

    assert form.is_valid(), form.errors
    assert form.save().company_name == "Lyon Hydraulique SARL"
