"""VAT and tax ids: checked by country with python-stdnum, kept in one compact form.

The one place that knows national number formats and check digits (every entry point, the
profile, checkout, the address book and the API, calls ``normalise_tax_id``). What it does:

- From a buyer in the EU (or of no known country), a number with an EU VAT prefix (``DE``,
  ``FR``, ``EL`` for Greece, ``XI`` for Northern Ireland, ...) is checked as that country's VAT
  number (``stdnum.eu.vat``): a German buyer may hold a French VAT registration. Outside the EU
  the national number is tried first (a Mexican RFC may begin "AT"), then a valid EU VAT
  number is accepted as one.
- A number without a prefix from a buyer in an EU country gets the country's prefix and is
  checked the same way; it is stored with the prefix (as it appears on an invoice).
- Elsewhere the country's VAT number, or else its tax id, where stdnum knows one
  (``get_cc_module(country, "vat")`` / ``"tin"``): GB VAT, China's USCC, Japan's corporate
  number, Brazil's CNPJ, a US EIN/SSN, ... stored in stdnum's compact form.
- A country stdnum does not cover (the UAE, Saudi Arabia, Nigeria, ...) or no country at all:
  accepted as typed, trimmed.

Only the number's format and check digits are checked, offline: whether the number is
registered (the EU's VIES service, HMRC's lookup) is not asked.
"""

import re
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum import get_cc_module
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

from . import formatting
from .errors import ApplicationError

# The VAT prefixes of the EU member states (Greece uses EL; XI: Northern Ireland's goods).
EU_VAT_PREFIXES = (frozenset(code.upper() for code in eu_vat.MEMBER_STATES) - {"GR"}) | {"EL"}
PREFIX_OF_COUNTRY = {"GR": "EL"}
COUNTRY_OF_PREFIX = {"EL": "GR", "XI": "GB"}
EU_COUNTRIES = frozenset(code.upper() for code in eu_vat.MEMBER_STATES) - {"XI"}
MAX_LENGTH = 50


class InvalidTaxId(ApplicationError):
    code = "invalid_tax_id"
    default_message = _("This VAT / tax id is not valid.")


@dataclass(frozen=True)
class TaxId:
    number: str  # the compact form that is stored ("" when none was given)
    country: str  # the country that issued it (upper case; "" when unknown)
    checked: bool  # its format and check digits were verified
    is_eu_vat: bool  # a valid VAT number of an EU member state


NO_TAX_ID = TaxId(number="", country="", checked=False, is_eu_vat=False)


def normalise_tax_id(*, country: str, number: str) -> TaxId:
    """``number`` checked for ``country`` (an ISO 3166 code, any case, or "") and compacted.

    Accepts the usual spellings: spaces, dots, dashes and slashes, with or without the country
    prefix. Raises ``InvalidTaxId`` with a message naming the expected format (an example)
    when stdnum knows the country's numbers and this is not one.
    """
    typed = " ".join((number or "").split())
    if not typed:
        return NO_TAX_ID
    if len(typed) > MAX_LENGTH:
        raise InvalidTaxId()
    country = (country or "").upper()
    prefix = typed[:2].upper()
    eu_prefixed = prefix in EU_VAT_PREFIXES
    if eu_prefixed and (country in EU_COUNTRIES or not country):
        return _eu_vat(typed, COUNTRY_OF_PREFIX.get(prefix, prefix))
    if country in EU_COUNTRIES:
        return _eu_vat(PREFIX_OF_COUNTRY.get(country, country) + typed, country)
    # Outside the EU the letters may be the national number's own (a Mexican RFC may begin
    # "AT"), so the national check comes first; an EU VAT number is still accepted as one (a
    # Chinese buyer's German registration).
    module = national_module(country)
    if module is None:
        if eu_prefixed and eu_vat.is_valid(typed):
            return _eu_vat(typed, COUNTRY_OF_PREFIX.get(prefix, prefix))
        return TaxId(number=typed, country=country, checked=False, is_eu_vat=False)
    try:
        compact = module.validate(_without_prefix(typed, country))
    except ValidationError as error:
        if eu_prefixed and eu_vat.is_valid(typed):
            return _eu_vat(typed, COUNTRY_OF_PREFIX.get(prefix, prefix))
        raise _invalid(error, module, country) from error
    return TaxId(number=compact, country=country, checked=True, is_eu_vat=False)


def with_checked_tax_id(fields: dict, *, country) -> dict:
    """``fields`` with their ``vat_id`` (if any) checked for ``country`` and compacted
    (``core.tax_ids``: "de 136.695.976" becomes "DE136695976"). Raises ``InvalidTaxId``."""
    if "vat_id" not in fields:
        return fields
    try:
        checked = normalise_tax_id(country=str(country or ""), number=fields["vat_id"] or "")
    except InvalidTaxId as error:  # the field named, for the API's ``fields``
        raise InvalidTaxId(error.message, fields={"vat_id": [str(error.message)]}) from error
    return {**fields, "vat_id": checked.number}


def check_form_tax_id(form: forms.BaseForm, *, country, field: str = "vat_id") -> None:
    """A form's ``field`` checked for ``country``: compacted in ``cleaned_data``, or the
    field's error (the message names the expected format)."""
    if not form.cleaned_data.get(field):
        return
    try:
        checked = normalise_tax_id(country=str(country or ""), number=form.cleaned_data[field])
    except InvalidTaxId as error:
        form.add_error(field, forms.ValidationError(str(error.message), code=error.code))
    else:
        form.cleaned_data[field] = checked.number


def is_reverse_charge(*, vat_id: str, merchant_country: str) -> bool:
    """Whether an order to a buyer with ``vat_id`` is reverse charged (Article 196, Council
    Directive 2006/112/EC): the merchant is in the EU and the id is a valid EU VAT number of
    another member state. A missing, non-EU or malformed id: no (VAT as usual)."""
    if not vat_id or merchant_country.upper() not in EU_COUNTRIES:
        return False
    try:
        buyer = normalise_tax_id(country="", number=vat_id)
    except InvalidTaxId:
        return False
    return buyer.is_eu_vat and buyer.country != merchant_country.upper()


def country_of_vat_number(number: str) -> str:
    """The country whose letters begin a VAT number ("GB 123 4567 89": GB; "EL...": GR)."""
    letters = "".join(number.split())[:2].upper()
    if not letters.isalpha():
        return ""
    return COUNTRY_OF_PREFIX.get(letters, letters)


def is_checked_country(country: str) -> bool:
    """Whether a tax id of ``country`` is checked (format and check digits) or taken as typed."""
    country = (country or "").upper()
    return country in EU_COUNTRIES or national_module(country) is not None


@cache
def national_module(country: str) -> ModuleType | None:
    """stdnum's module for the country's VAT number, else its tax id; None when it has none."""
    if not re.fullmatch(r"[A-Z]{2}", country):
        return None
    module = get_cc_module(country.lower(), "vat") or get_cc_module(country.lower(), "tin")
    return cast(ModuleType | None, module)


def _eu_vat(typed: str, country: str) -> TaxId:
    try:
        compact = eu_vat.validate(typed)
    except ValidationError as error:
        module = national_module(country) if country in EU_COUNTRIES else None
        raise _invalid(error, module, country, prefix=compact_prefix(country)) from error
    # XI (Northern Ireland) counts: for goods it stays in the EU's VAT area (Windsor Framework).
    return TaxId(number=compact, country=country, checked=True, is_eu_vat=True)


def compact_prefix(country: str) -> str:
    return PREFIX_OF_COUNTRY.get(country, country)


def _without_prefix(typed: str, country: str) -> str:
    """A number typed with its country's letters in front ("GB 980 7806 84", "CHE-...")
    is checked without them, where the country's module does not expect them itself."""
    if country and typed[:2].upper() == country and not typed[2:3].isalpha():
        return typed[2:]
    return typed


def _invalid(
    error: ValidationError, module: ModuleType | None, country: str, prefix: str = ""
) -> InvalidTaxId:
    if isinstance(error, InvalidLength):
        problem = _("The number has the wrong length.")
    elif isinstance(error, InvalidChecksum):
        problem = _("Its check digit does not match: please look for a typo.")
    else:
        problem = _("The number does not have the expected format.")
    example = example_number(module, prefix) if module is not None else ""
    if not example:
        return InvalidTaxId(f"{InvalidTaxId.default_message} {problem}")
    # Latin names and numbers kept left to right inside an Arabic sentence (formatting.code).
    expected = _("Expected: %(name)s, e.g. %(example)s.") % {
        "name": formatting.code(number_name(module)),
        "example": formatting.code(example),
    }
    return InvalidTaxId(f"{InvalidTaxId.default_message} {problem} {expected}")


def number_name(module: ModuleType | None) -> str:
    """The number's own name from stdnum ("Ust ID Nr.", "CNPJ", "USCC"): proper names, not
    translated."""
    first_line = ((module and module.__doc__) or "").strip().splitlines()[:1]
    return first_line[0].split(" (")[0].rstrip(".") if first_line else ""


@cache
def example_number(module: ModuleType | None, prefix: str = "") -> str:
    """A valid number from stdnum's own documented examples, in its usual printed form."""
    if module is None:
        return ""
    for candidate in re.findall(
        r">>> (?:validate|compact|format)\('([^']+)'\)", module.__doc__ or ""
    ):
        try:
            compact = module.validate(candidate)
        except ValidationError:
            continue
        shown = module.format(compact) if hasattr(module, "format") else compact
        return f"{prefix}{compact}" if prefix else shown
    return ""
