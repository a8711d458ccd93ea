"""The demo catalogue looks like a real shop: several distinct drawn pictures per product with
alt text, a description and a specification table in every language."""

from itertools import combinations

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image, ImageChops, ImageStat

from apps.catalog.demo import PICTURES, demo_texts
from apps.catalog.models import Product, rendition_name
from tests.conftest import seed_demo

pytestmark = pytest.mark.django_db
SUFFIXES = [code.replace("-", "_") for code, _name in settings.LANGUAGES]


@pytest.fixture
def demo(db):
    seed_demo()
    return Product.objects.filter(is_active=True).prefetch_related("images", "specifications")


def thumbnail(image) -> Image.Image:
    with default_storage.open(image.image.name) as stored, Image.open(stored) as picture:
        return picture.convert("RGB").resize((128, 96))


def test_every_demo_product_has_a_description_in_every_language(demo):
    for product in demo:
        for suffix in SUFFIXES:
            description = getattr(product, f"description_{suffix}")
            assert description and len(description) > 60, (product.sku, suffix)
        assert product.description_de != product.description_en


def test_every_demo_product_has_several_distinct_drawn_pictures(demo):
    thumbnails = {}
    for product in demo:
        images = list(product.images.all())
        assert len(images) >= 3, product.sku
        for image in images:
            picture = thumbnail(image)
            colours = len(picture.getcolors(maxcolors=128 * 96) or ())
            spread = ImageStat.Stat(picture.convert("L")).stddev[0]
            assert colours > 300 and spread > 12, (image.image.name, colours, spread)
            thumbnails[image.image.name] = (product.sku, picture)
    # A product's pictures show different views; no two pictures in the shop are the same
    # (the dimensioned drawings of two products share their blue sheet, so differ less).
    for (first, (sku_a, a)), (second, (sku_b, b)) in combinations(thumbnails.items(), 2):
        difference = ImageStat.Stat(ImageChops.difference(a, b).convert("L")).mean[0]
        assert difference > (8 if sku_a == sku_b else 2), (first, second, difference)


def test_demo_pictures_have_alt_text_in_every_language_and_responsive_sizes(demo):
    for product in demo:
        for image in product.images.all():
            for suffix in SUFFIXES:
                assert getattr(image, f"alt_text_{suffix}"), (image.image.name, suffix)
            assert image.rendition_widths == [320, 640, 960, 1280]
            assert (image.width, image.height) == (1280, 960)
            for width in image.rendition_widths:
                assert default_storage.exists(rendition_name(image.image.name, width))


def test_demo_products_have_specifications_named_in_every_language(demo):
    for product in demo:
        rows = list(product.specifications.select_related("specification"))
        assert len(rows) >= 8, product.sku
        for row in rows:
            for suffix in SUFFIXES:
                assert getattr(row.specification, f"name_{suffix}"), (row, suffix)
                assert getattr(row, f"value_{suffix}"), (product.sku, row, suffix)
    names = {row.specification.name_en for product in demo for row in product.specifications.all()}
    assert {"Material", "Pressure rating", "Power", "Certificates"} <= names


def test_every_language_file_describes_the_same_products_and_specifications():
    texts = demo_texts()
    english = texts["en"]

    for language, text in texts.items():
        assert set(text["specifications"]) == set(english["specifications"]), language
        assert set(text["products"]) == set(PICTURES), language
        for sku, product in text["products"].items():
            assert len(product["pictures"]) == len(PICTURES[sku]), (language, sku)
            assert set(product["specifications"]) == set(
                english["products"][sku]["specifications"]
            ), (language, sku)
