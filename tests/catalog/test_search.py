"""Search finds the catalogue's ordinary words in every language: stems (Pumpen -> Pumpe),
words inside German compounds (Ventil in Rückschlagventil), categories (阀门 -> 工业阀门), and
Chinese and Japanese text, which has no spaces between words, by its characters."""

import re

import pytest
from django.db import connection
from django.utils import translation

from apps.catalog import search
from apps.catalog.models import Category, Product
from apps.catalog.selectors import active_products, search_products
from tests.conftest import seed_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    """The demo catalogue (two valves, two pumps, two machines, names in nine languages) and a
    check valve whose German name is a compound, with descriptions."""
    seed_demo()
    Product.objects.create(
        category=Category.objects.get(slug_en="industrial-valves"),
        sku="VLV-CHECK-DN80",
        price=240,
        name_en="Stainless steel check valve DN80",
        slug_en="check-valve-dn80",
        name_de="Edelstahl-Rückschlagventil DN80",
        slug_de="rueckschlagventil-dn80",
        description_de="Das Ventil verhindert den Rückfluss in Pumpenleitungen.",
        name_zh_hans="不锈钢止回阀 DN80",
        slug_zh_hans="zhihuifa-dn80",
        name_ja="ステンレス製逆止弁 DN80",
        slug_ja="gyakushiben-dn80",
    )


def ranked(language: str, query: str) -> list[str]:
    with translation.override(language):
        return [str(product.sku) for product in search_products(active_products(), query)]


def found(language: str, query: str) -> set[str]:
    return set(ranked(language, query))


VALVES = {"VLV-BALL-DN50", "VLV-GATE-DN100", "VLV-CHECK-DN80"}
PUMPS = {"PMP-CENT-7K5", "PMP-SUB-3K"}
# Found by a word of its description only: in every language it says the pump comes with a
# built-in check valve, so valve searches list it too, after the valves.
DESCRIPTION_MENTIONS = {"PMP-SUB-3K"}


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("de", "Pumpen", PUMPS),  # Kreiselpumpe, Unterwasser-Brunnenpumpe, category Pumpen
        ("de", "Pumpe", PUMPS),
        ("de", "Ventil", {"VLV-CHECK-DN80"}),  # Edelstahl-Rückschlagventil
        ("de", "Rückschlagventile", {"VLV-CHECK-DN80"}),  # the stemmer drops the umlaut
        ("de", "Kugelhähne", {"VLV-BALL-DN50"}),
        ("de", "Drehmaschine", {"MCH-CNC-LATHE"}),
        ("fr", "pompes", PUMPS),
        ("fr", "vannes", VALVES),  # category Vannes industrielles
        ("es", "bombas", PUMPS),
        ("es", "válvulas", VALVES),
        ("pt", "bombas", PUMPS),
        ("pt", "válvula", VALVES),
        ("ru", "насосы", PUMPS),
        ("ru", "краны", {"VLV-BALL-DN50"}),  # Шаровой кран
        ("zh-hans", "阀门", VALVES),  # category 工业阀门
        ("zh-hans", "泵", PUMPS),  # 离心泵, 深井潜水泵
        ("zh-hans", "球阀", {"VLV-BALL-DN50"}),
        ("zh-hans", "包装机", {"MCH-PACK-AUTO"}),
        ("ja", "ポンプ", PUMPS),
        ("ja", "バルブ", VALVES),  # two product names and the category 産業用バルブ
        ("ja", "旋盤", {"MCH-CNC-LATHE"}),
        ("ar", "مضخات", PUMPS),  # category مضخات; the products say مضخة
        ("ar", "مضخة", PUMPS),
        ("ar", "صمام", VALVES),
        ("en", "pumps", PUMPS),
        ("en", "valve", VALVES),
        ("en", "lathes", {"MCH-CNC-LATHE"}),
    ],
)
def test_ordinary_catalogue_words_find_their_products(catalogue, language, query, expected):
    results = ranked(language, query)

    assert set(results[: len(expected)]) == expected
    assert set(results[len(expected) :]) <= DESCRIPTION_MENTIONS - expected


def test_english_words_and_skus_work_in_every_language(catalogue):
    assert found("ja", "pump") == PUMPS
    assert found("de", "VLV-GATE-DN100") == {"VLV-GATE-DN100"}


def test_words_that_are_not_in_the_catalogue_find_nothing(catalogue):
    assert found("de", "Kühlschrank") == set()
    assert found("zh-hans", "冰箱") == set()
    assert found("en", "refrigerator") == set()


def test_the_search_page_lists_what_was_found(client, catalogue):
    page = client.get("/de/search/?q=Pumpen").content.decode()

    names = re.findall(r'class="product-name"><a href="[^"]+">([^<]+)</a>', page)
    assert sorted(names) == ["Kreiselpumpe 7,5 kW", "Unterwasser-Brunnenpumpe 3 kW"]


@pytest.fixture
def large_catalogue(catalogue):
    """Three thousand more products, so that the planner prefers indexes to reading the table."""
    category = Category.objects.get(slug_en="machinery")
    Product.objects.bulk_create(
        Product(
            category=category,
            sku=f"FILL-{n:05d}",
            price=100,
            name_en=f"Spare part {n}",
            slug_en=f"spare-part-{n}",
            name_de=f"Ersatzteil {n}",
            name_zh_hans=f"备件 {n}",
            name_ja=f"交換部品 {n}",
            name_ru=f"Запчасть {n}",
        )
        for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalog_product")


def plan_of(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("language", "query"),
    [("de", "Pumpen"), ("zh-hans", "阀门"), ("ja", "バルブ"), ("ru", "насосы"), ("ar", "مضخة")],
)
def test_the_search_document_of_each_language_is_read_through_its_index(
    large_catalogue, language, query
):
    """Sequential scans are off: a condition no index can answer would still read the table."""
    field = search.document_field(language)
    documents = Product.objects.filter(**{field: search.query_for(language, query)})

    with translation.override(language):
        plan = plan_of(search_products(active_products(), query))

    assert f"Bitmap Index Scan on product_{field}" in plan_of(documents)
    assert "Seq Scan on catalog_product" not in plan, plan


def test_words_inside_compounds_are_found_through_the_trigram_index(large_catalogue):
    inside = Product.objects.filter(search.name_contains("de", "ventil"))

    assert "Bitmap Index Scan on product_name_de_trgm" in plan_of(inside)
