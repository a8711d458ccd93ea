"""How products are found by words, per language (``selectors.search_products`` uses it).

Every language has a search document per product (a stored, generated column with a GIN
index): for languages PostgreSQL has a text-search configuration for (``\\dF``: English,
German, French, Spanish, Portuguese, Russian, Arabic), the name (weight A) and description
(weight B) stemmed by that language's Snowball stemmer, so "Pumpen" finds "Pumpe" and "насосы"
finds "насос"; for Chinese and Japanese, which have no spaces between words, the characters and
character pairs of the text (``sql/0006_search_ngrams.sql``), so "阀门" finds "工业阀门".

German (and Russian, ...) compounds hide a word inside another ("Pumpe" in "Kreiselpumpe"): the
query's stems are also looked for inside the name (without accents: the German stemmer drops
umlauts), with a trigram index per language.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import Func, TextField
from django.db.models.lookups import Contains
from modeltranslation.utils import build_localized_fieldname

# Text-search configurations by language, as the PostgreSQL server ships them (\dF).
SEARCH_CONFIGURATIONS = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "pt": "portuguese",
    "ru": "russian",
    "ar": "arabic",
}
SHORTEST_INFIX = 3  # a trigram index needs three characters


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def document_field(language: str) -> str:
    return build_localized_fieldname("search", language)


class Ngrams(Func):
    """The characters and character pairs of some texts, as a ``tsvector``."""

    function = "catalog_ngrams"
    output_field = SearchVectorField()


class SearchText(Func):
    """A name as compounds are searched in: lower case, without accents or umlauts."""

    function = "catalog_search_text"
    output_field = TextField()


class NgramQuery(SearchQuery):
    """A query matching texts that contain it (its character pairs), for ``Ngrams``."""

    def __init__(self, value: str):
        super().__init__(value)
        self.function, self.config = "catalog_ngram_query", None


def search_document(language: str):
    """The generated column's expression for ``language``."""
    name = build_localized_fieldname("name", language)
    description = build_localized_fieldname("description", language)
    configuration = SEARCH_CONFIGURATIONS.get(language)
    if configuration:
        return SearchVector(name, weight="A", config=configuration) + SearchVector(
            description, weight="B", config=configuration
        )
    return Ngrams(name, description)


def search_indexes() -> list[GinIndex]:
    indexes = [
        GinIndex(fields=[document_field(code)], name=f"product_{document_field(code)}")
        for code in language_codes()
    ]
    indexes += [
        GinIndex(
            OpClass(SearchText(build_localized_fieldname("name", code)), name="gin_trgm_ops"),
            name=f"product_name_{code.replace('-', '_')}_trgm",
        )
        for code in language_codes()
        if code in SEARCH_CONFIGURATIONS
    ]
    return indexes


def query_for(language: str, text: str) -> SearchQuery:
    configuration = SEARCH_CONFIGURATIONS.get(language)
    if configuration:
        return SearchQuery(text, config=configuration, search_type="websearch")
    return NgramQuery(text)


def stems(language: str, text: str) -> list[str]:
    """The query's words as the language's stemmer reduces them, as ``SearchText`` writes
    them ("Rückschlagventile" -> "ruckschlagventil"); none for languages without a
    configuration."""
    configuration = SEARCH_CONFIGURATIONS.get(language)
    if not configuration:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT catalog_search_text(lexeme) "
            "FROM unnest(to_tsvector(%s::regconfig, %s)) ORDER BY 1",
            [configuration, text],
        )
        return [row[0] for row in cursor.fetchall()]


def name_contains(language: str, stem: str) -> Contains:
    """The product's name in ``language`` holds ``stem`` (trigram index)."""
    return Contains(SearchText(build_localized_fieldname("name", language)), stem)
