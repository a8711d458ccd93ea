"""On phones the category filters fold behind a "Filters" disclosure (no JavaScript), which
says how many filters are chosen, so the products come first."""

import re

import pytest

from tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db


def disclosure(page: str) -> str:
    found = re.search(
        r'<details class="filters-disclosure"[^>]*>\s*<summary[^>]*>(.*?)</summary>',
        page,
        re.DOTALL,
    )
    assert found, "no filters disclosure"
    return found.group(0)


def test_category_filters_are_folded_in_a_closed_disclosure(client, exchange_rates):
    category = CategoryFactory(slug_en="pumps")
    ProductFactory(category=category)

    page = client.get("/de/categories/pumps/").content.decode()

    opening = disclosure(page)
    assert " open" not in opening.split(">")[0]
    assert "Filter" in opening and "cart-count" not in opening
    # The filters and the categories are inside it, the products after it.
    folded = page[page.index('<details class="filters-disclosure"') : page.index("</details>")]
    assert 'class="filter-form"' in folded and 'class="category-list"' in folded
    assert page.index("</details>") < page.index('class="product-grid"')


@pytest.mark.parametrize(
    ("query", "chosen"),
    [
        ("", None),
        ("sort=relevance", None),
        ("is_new=on", "1"),
        ("is_new=on&max_lead_time=30&sort=price", "3"),
    ],
)
def test_the_disclosure_counts_the_chosen_filters(client, exchange_rates, query, chosen):
    ProductFactory()

    opening = disclosure(client.get(f"/en/products/?{query}").content.decode())

    count = re.search(r'<span class="cart-count">(\d+)', opening)
    assert (count.group(1) if count else None) == chosen
