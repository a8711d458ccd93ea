"""The demo catalogue's descriptions, technical specifications and pictures.

``seed_demo`` creates the products (``apps.demo.demo_data``); this installer, which it runs
next, adds what a buyer reads and sees on a product page, in every language
(``texts/<language>.json``; a specification value missing in a language falls back to English,
as modeltranslation does for every field). Pictures are drawn once (``valves``, ``pumps``,
``machines``) and kept in the media storage under names that carry ``DRAWING_VERSION``, so
seeding again reuses them.
"""

from pathlib import Path

from django.core.files.base import ContentFile

from apps.core.languages import texts_by_language

from ..images import make_renditions
from ..models import Product, ProductImage, ProductSpecification, Specification
from . import machines, pumps, valves

TEXTS = Path(__file__).resolve().parent / "texts"
DRAWING_VERSION = 1
PICTURES = {**valves.PICTURES, **pumps.PICTURES, **machines.PICTURES}


def demo_texts() -> dict[str, dict]:
    return texts_by_language(TEXTS)


def install_demo_catalogue() -> None:
    texts = demo_texts()
    specifications = _install_specifications(texts)
    for product in Product.objects.filter(sku__in=PICTURES).order_by("pk"):
        by_language = {language: text["products"][product.sku] for language, text in texts.items()}
        for language, text in by_language.items():
            setattr(product, f"description_{language}", text["description"])
        product.save(update_fields=[f"description_{language}" for language in by_language])
        _install_values(product, specifications, by_language)
        _install_pictures(product, by_language)


def _install_specifications(texts: dict[str, dict]) -> dict[str, Specification]:
    installed = {}
    for position, (key, english) in enumerate(texts["en"]["specifications"].items()):
        names = {
            f"name_{language}": text["specifications"][key] for language, text in texts.items()
        }
        installed[key], _created = Specification.objects.update_or_create(
            name_en=english, defaults={**names, "position": position * 10}
        )
    return installed


def _install_values(product, specifications, by_language: dict[str, dict]) -> None:
    english = by_language["en"]["specifications"]
    product.specifications.exclude(
        specification__in=[specifications[key] for key in english]
    ).delete()
    for key in english:
        values = {
            f"value_{language}": text["specifications"].get(key)
            for language, text in by_language.items()
        }
        ProductSpecification.objects.update_or_create(
            product=product, specification=specifications[key], defaults=values
        )


def _install_pictures(product: Product, by_language: dict[str, dict]) -> None:
    drawings = PICTURES[product.sku]
    storage = ProductImage._meta.get_field("image").storage
    product.images.filter(position__gte=len(drawings)).delete()
    for position, draw in enumerate(drawings):
        name = f"demo/products/v{DRAWING_VERSION}/{product.sku.lower()}-{position + 1}.jpg"
        if not storage.exists(name):
            name = storage.save(name, ContentFile(draw()))
        alt_texts = {
            f"alt_text_{language}": text["pictures"][position]
            for language, text in by_language.items()
        }
        image, _created = ProductImage.objects.update_or_create(
            product=product, position=position, defaults={"image": name, **alt_texts}
        )
        make_renditions(image=image, keep_existing=True)
