"""VAT and tax ids: checked by country with python-stdnum, stored compact; reverse charge."""

import pytest
from django.utils import translation

from apps.core.tax_ids import (
    InvalidTaxId,
    is_checked_country,
    is_reverse_charge,
    normalise_tax_id,
)


@pytest.mark.parametrize(
    ("country", "typed", "stored"),
    [
        ("DE", "DE 136.695.976", "DE136695976"),
        ("DE", "136695976", "DE136695976"),  # the prefix added
        ("de", "de136695976", "DE136695976"),
        ("FR", "FR 40 303 265 045", "FR40303265045"),
        ("NL", "004495445B01", "NL004495445B01"),
        ("IT", "IT 00743110157", "IT00743110157"),
        ("ES", "B-58378431", "ESB58378431"),
        ("GR", "094259216", "EL094259216"),  # Greece's VAT prefix is EL
        ("GB", "GB 980 7806 84", "980780684"),
        ("GB", "980780684", "980780684"),
        ("CN", " 91110000600037341L ", "91110000600037341L"),  # USCC
        ("JP", "5-8356-7825-6246", "5835678256246"),  # corporate number
        ("BR", "16.727.230/0001-97", "16727230000197"),  # CNPJ
        ("US", "12-3456789", "123456789"),  # EIN
        ("AE", "  100 234 567 800 003 ", "100 234 567 800 003"),  # not covered: as typed
        ("", "anything goes", "anything goes"),
        ("CN", "DE136695976", "DE136695976"),  # a Chinese buyer's German registration
        ("DE", "FR40303265045", "FR40303265045"),  # a German buyer's French registration
    ],
)
def test_valid_ids_are_stored_compact(country, typed, stored):
    assert normalise_tax_id(country=country, number=typed).number == stored


@pytest.mark.parametrize(
    ("country", "typed"),
    [
        ("DE", "DE136695977"),
        ("DE", "12345"),
        ("FR", "FR40303265046"),
        ("NL", "NL004495446B01"),
        ("IT", "00743110158"),
        ("ES", "B58378432"),
        ("GB", "980780685"),
        ("CN", "91110000600037341M"),
        ("JP", "5835678256247"),
        ("BR", "16.727.230/0001-98"),
        ("US", "1234"),
    ],
)
def test_malformed_ids_are_refused(country, typed):
    with pytest.raises(InvalidTaxId) as refused:
        normalise_tax_id(country=country, number=typed)

    assert refused.value.code == "invalid_tax_id"


def test_the_message_names_the_problem_and_the_expected_format_in_the_readers_language():
    with pytest.raises(InvalidTaxId) as english:
        normalise_tax_id(country="DE", number="DE136695977")
    with translation.override("de"), pytest.raises(InvalidTaxId) as german:
        normalise_tax_id(country="BR", number="123")

    assert str(english.value.message) == (
        "This VAT / tax id is not valid. Its check digit does not match: please look for a "
        "typo. Expected: Ust ID Nr, e.g. DE136695976."
    )
    assert "16.727.230/0001-97" in german.value.message  # CNPJ's printed form
    assert "nicht gültig" in german.value.message


def test_the_countries_it_can_check():
    assert all(is_checked_country(code) for code in ("DE", "fr", "GB", "CN", "JP", "BR", "US"))
    assert not any(is_checked_country(code) for code in ("AE", "SA", "", "XX"))


@pytest.mark.parametrize(
    ("vat_id", "merchant", "reverse_charge"),
    [
        ("FR40303265045", "DE", True),  # another EU country
        ("EL094259216", "DE", True),
        ("XI980780684", "DE", True),  # Northern Ireland: goods stay in the EU's VAT area
        ("DE136695976", "DE", False),  # the merchant's own country
        ("DE136695976", "de", False),
        ("980780684", "DE", False),  # United Kingdom: not in the EU
        ("91110000600037341L", "DE", False),  # China
        ("", "DE", False),  # no id
        ("FR40303265046", "DE", False),  # malformed (an old, unchecked value)
        ("FR40303265045", "GB", False),  # the merchant is outside the EU
        ("FR40303265045", "", False),  # the merchant's VAT country is not known
    ],
)
def test_reverse_charge_is_decided_by_the_two_countries(vat_id, merchant, reverse_charge):
    assert is_reverse_charge(vat_id=vat_id, merchant_country=merchant) is reverse_charge
