"""Phone numbers as members type them, checked and stored in international (E.164) form."""

import phonenumbers
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError


class InvalidNumber(ApplicationError):
    code = "invalid_phone_number"
    default_message = _(
        "This is not a valid mobile number. Give it with the country code, e.g. +49 1512 3456789."
    )


def international(number: str, *, country: str = "") -> str:
    """``number`` in E.164 form (``+4915123456789``); a number without a country code is read
    as one of ``country`` (the member's). Raises ``InvalidNumber`` when it cannot be a number
    (the library knows each country's lengths and prefixes)."""
    try:
        parsed = phonenumbers.parse(number, (country or "").upper() or None)
    except phonenumbers.NumberParseException as error:
        raise InvalidNumber() from error
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidNumber()
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def shown(number: str) -> str:
    """An E.164 number as people read it (``+49 151 23456789``)."""
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
