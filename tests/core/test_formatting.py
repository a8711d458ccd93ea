"""Numbers, amounts, codes, lists, units and addresses as each language writes them, and kept
whole (isolated) in right-to-left text."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from djmoney.money import Money

from apps.catalog.units import quantity_text
from apps.core import formatting
from apps.core.addresses import PostalAddress, address_lines

LRI, PDI = "\u2066", "\u2069"


def render(source: str, language: str, autoescape: bool = True, **context) -> str:
    with translation.override(language):
        return Template(source).render(Context(context, autoescape=autoescape))


@pytest.mark.parametrize(
    ("language", "points", "expected"),
    [
        ("de", 1495, "1.495"),
        ("fr", 1495, "1\u202f495"),
        ("ru", 1495, "1\xa0495"),
        ("es", 14950, "14.950"),
        ("pt", 2400, "2.400"),
        ("ja", 2400, "2,400"),
        ("zh-hans", 2400, "2,400"),
        ("ar", 2400, "2,400"),
        ("en", 1000000, "1,000,000"),
    ],
)
def test_numbers_are_grouped_as_the_language_writes_them(language, points, expected):
    assert render("{% load numbers %}{{ points|number }}", language, points=points) == (
        f'<bdi dir="ltr">{expected}</bdi>'
    )


def test_an_amount_in_arabic_html_is_isolated_left_to_right():
    html = render("{% load money %}{{ total|money }}", "ar", total=Money("35.00", "USD"))

    assert html.startswith('<bdi dir="ltr">') and html.endswith("</bdi>")
    assert "35.00" in html and "US$" in html


def test_an_amount_in_an_arabic_plain_text_email_sits_between_unicode_isolates():
    text = render(
        "{% load money %}{{ total|money }}", "ar", autoescape=False, total=Money("35", "USD")
    )
    german = render(
        "{% load money %}{{ total|money }}", "de", autoescape=False, total=Money("35", "USD")
    )

    assert text.startswith(LRI) and text.endswith(PDI) and "US$" in text
    assert german == "35,00\xa0$"  # no invisible characters where none are needed


def test_signed_numbers_keep_their_sign_in_front():
    assert render("{% load numbers %}{{ p|signed }}", "en", p=500) == '<bdi dir="ltr">+500</bdi>'
    assert render("{% load numbers %}{{ p|signed }}", "de", p=-1200) == (
        '<bdi dir="ltr">-1.200</bdi>'
    )
    with translation.override("ar"):
        assert formatting.signed_number(500) == f"{LRI}\u200e+500{PDI}"


def test_a_discount_carries_its_minus_sign_inside_the_isolated_amount():
    html = render("{% load money %}{{ amount|deduction:'EUR' }}", "en", amount=Decimal("10.00"))

    assert html == '<bdi dir="ltr">-€10.00</bdi>'


def test_codes_are_isolated():
    assert render("{% load numbers %}{{ c|ltr }}", "ar", c="SO-2026-0001") == (
        '<bdi dir="ltr">SO-2026-0001</bdi>'
    )
    with translation.override("ar"):
        assert formatting.code("SO-1") == f"{LRI}SO-1{PDI}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", "公司、国家和电话"),
        ("ja", "公司、国家、电话"),
        ("en", "公司, 国家, and 电话"),
        ("de", "公司, 国家 und 电话"),
    ],
)
def test_lists_use_the_language_s_punctuation(language, expected):
    items = ["公司", "国家", "电话"]

    assert render("{% load numbers %}{{ items|as_list }}", language, items=items) == expected


@pytest.mark.parametrize(
    ("language", "count", "unit", "expected"),
    [
        ("en", 1, "set", "1 set"),
        ("en", 2, "set", "2 sets"),
        ("de", 2, "set", "2 Sätze"),
        ("de", 2400, "pcs", "2.400 Stk."),
        ("fr", 1, "set", "1 ensemble"),
        ("ru", 1, "pair", "1 пара"),
        ("ru", 3, "pair", "3 пары"),
        ("ru", 5, "pair", "5 пар"),
        ("ru", 21, "pair", "21 пара"),
        ("ar", 1, "pair", "زوج واحد"),
        ("ar", 2, "pair", "زوجان"),
        ("ar", 5, "pair", "5 أزواج"),
        ("ar", 11, "pair", "11 زوجًا"),
        ("ja", 2400, "pcs", "2,400個"),
        ("zh-hans", 3, "set", "3套"),
    ],
)
def test_units_take_the_plural_form_the_count_needs(language, count, unit, expected):
    with translation.override(language):
        shown = quantity_text(count, unit)

    assert shown.replace(LRI, "").replace(PDI, "") == expected


def test_a_unit_of_the_merchant_s_own_is_shown_as_typed_after_the_grouped_count():
    with translation.override("de"):
        assert quantity_text(1500, "Fass") == "1.500 Fass"


def test_a_japanese_address_in_japanese_reads_from_postcode_to_name():
    address = PostalAddress(
        country="JP",
        name="田中 優",
        company="田中エンジニアリング",
        street="丸の内1-1-1",
        city="千代田区",
        postal_code="100-0005",
        region="東京都",
    )

    with translation.override("ja"):
        lines = address_lines(address)

    assert lines == [
        "〒100-0005",
        "東京都",
        "千代田区丸の内1-1-1",
        "田中エンジニアリング",
        "田中 優",
        "日本",
    ]


def test_a_japanese_address_in_latin_letters_reads_in_western_order():
    address = PostalAddress(
        country="JP",
        name="Yuki Tanaka",
        street="1-1-1 Marunouchi",
        city="Chiyoda-ku",
        postal_code="100-0005",
        region="Tokyo",
    )

    with translation.override("en"):
        lines = address_lines(address)

    assert lines == ["Yuki Tanaka", "1-1-1 Marunouchi, Chiyoda-ku, Tokyo", "100-0005", "Japan"]


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("DE", ["Hans Müller", "Hafenstraße 1", "20457 Hamburg", "Deutschland"]),
        (
            "US",
            ["Hans Müller", "Hafenstraße 1", "Hamburg, 20457", "Vereinigte Staaten von Amerika"],
        ),
        ("GB", ["Hans Müller", "Hafenstraße 1", "Hamburg", "20457", "Vereinigtes Königreich"]),
    ],
)
def test_western_addresses_follow_their_country(country, expected):
    address = PostalAddress(
        country=country,
        name="Hans Müller",
        street="Hafenstraße 1",
        city="Hamburg",
        postal_code="20457",
    )

    with translation.override("de"):
        assert address_lines(address) == expected
