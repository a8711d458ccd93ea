"""Product pictures in responsive sizes with translated alt text; technical specifications as a
table in the reader's language; cached pages follow both."""

import re
from io import BytesIO, StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from apps.catalog.images import make_renditions
from apps.catalog.models import ProductImage, ProductSpecification, Specification
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg(width: int, height: int, colour=(30, 90, 160)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def picture(product, width=1600, height=1200, position=0, **alt) -> ProductImage:
    image = ProductImage(product=product, position=position, **alt)
    image.image.save(f"valve-{position}.jpg", ContentFile(jpeg(width, height)), save=True)
    return image


def test_renditions_are_written_at_every_standard_width_up_to_the_original():
    image = picture(ProductFactory(), width=1000, height=750)

    widths = make_renditions(image=image)

    image.refresh_from_db()
    assert widths == image.rendition_widths == [320, 640, 960]
    assert (image.width, image.height) == (1000, 750)
    for width in widths:
        name = image.image.name.rsplit(".", 1)[0] + f".{width}w.webp"
        with default_storage.open(name) as stored, Image.open(stored) as copy:
            assert copy.format == "WEBP" and copy.size == (width, round(750 * width / 1000))


def test_a_photo_turned_by_the_camera_is_measured_and_copied_upright():
    """Phones store portrait photos as landscape pixels with an EXIF orientation."""
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees to show
    buffer = BytesIO()
    Image.new("RGB", (800, 600), (200, 40, 40)).save(buffer, "JPEG", exif=exif)
    image = ProductImage(product=ProductFactory())
    image.image.save("portrait.jpg", ContentFile(buffer.getvalue()), save=True)

    assert make_renditions(image=image) == [320]  # 600 px wide when upright

    assert (image.width, image.height) == (600, 800)
    name = image.image.name.rsplit(".", 1)[0] + ".320w.webp"
    with default_storage.open(name) as stored, Image.open(stored) as copy:
        assert copy.size == (320, round(800 * 320 / 600))


def test_a_picture_smaller_than_the_smallest_width_keeps_its_own():
    image = picture(ProductFactory(), width=200, height=150)

    assert make_renditions(image=image) == [200]


def test_a_file_that_is_not_a_picture_is_refused_without_recording_anything():
    image = ProductImage(product=ProductFactory())
    image.image.save("broken.jpg", ContentFile(b"not an image"), save=True)

    with pytest.raises(OSError):
        make_renditions(image=image)

    image.refresh_from_db()
    assert image.rendition_widths == [] and image.width is None


def test_product_page_offers_the_sizes_with_alt_text_in_the_reader_s_language(
    client, exchange_rates
):
    product = ProductFactory(slug_en="ball-valve")
    first = picture(product, alt_text_en="Ball valve, side view", alt_text_de="Kugelhahn, seitlich")
    picture(product, position=1, alt_text_en="Ball valve, cutaway")
    for image in ProductImage.objects.all():
        make_renditions(image=image)

    page = client.get("/de/products/ball-valve/").content.decode()

    main = re.search(r'<a class="gallery-main"[^>]*>(<img[^>]*>)', page).group(1)
    stem = first.image.url.rsplit(".", 1)[0]
    assert f'src="{stem}.640w.webp"' in main
    assert f'srcset="{stem}.320w.webp 320w, {stem}.640w.webp 640w, {stem}.960w.webp 960w, ' in main
    assert 'sizes="(min-width: 72rem) 35rem' in main
    assert 'width="1600" height="1200"' in main
    assert 'alt="Kugelhahn, seitlich"' in main
    assert 'loading="lazy"' not in main and 'fetchpriority="high"' in main  # the first is seen
    more = re.search(r'<ul class="gallery-more">.*?</ul>', page, re.DOTALL).group(0)
    assert 'alt="Ball valve, cutaway"' in more  # no German text yet: English
    assert 'loading="lazy"' in more


def test_product_cards_use_the_small_sizes_lazily(client, exchange_rates):
    product = ProductFactory(name_en="Gate valve")
    make_renditions(image=picture(product, alt_text_en="Gate valve"))

    page = client.get("/en/products/").content.decode()

    card = re.search(r'<img class="product-card__image"[^>]*>', page).group(0)
    assert "320w" in card and 'sizes="(min-width: 48rem) 17rem, calc(100vw - 4rem)"' in card
    assert 'loading="lazy"' in card and 'alt="Gate valve"' in card


def test_a_picture_without_renditions_yet_is_shown_as_uploaded(client, exchange_rates):
    product = ProductFactory(slug_en="pump")
    image = picture(product, alt_text_en="Pump")

    page = client.get("/en/products/pump/").content.decode()

    assert f'src="{image.image.url}"' in page and "srcset" not in page


def test_uploading_a_picture_in_the_admin_writes_its_renditions(admin_client):
    product = ProductFactory()
    form = {
        "category": product.category_id,
        "sku": product.sku,
        "name_en": product.name_en,
        "slug_en": product.slug_en,
        "unit_en": "pcs",
        "minimum_order_quantity": 1,
        "pack_size": 1,
        "units_per_package": 1,
        "lead_time_days": 14,
        "price_0": "100",
        "price_1": "USD",
        "is_active": "on",
        "prices-TOTAL_FORMS": 0,
        "prices-INITIAL_FORMS": 0,
        "specifications-TOTAL_FORMS": 0,
        "specifications-INITIAL_FORMS": 0,
        "images-TOTAL_FORMS": 1,
        "images-INITIAL_FORMS": 0,
        "images-0-image": SimpleUploadedFile("pump.jpg", jpeg(700, 525), "image/jpeg"),
        "images-0-alt_text_en": "Pump",
        "images-0-position": 0,
    }

    response = admin_client.post(f"/admin/catalog/product/{product.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:3000]
    image = ProductImage.objects.get(product=product)
    assert image.rendition_widths == [320, 640] and image.width == 700


def test_the_command_writes_renditions_for_pictures_that_have_none():
    image = picture(ProductFactory(), width=700, height=525)

    call_command("make_image_renditions", stdout=StringIO())

    image.refresh_from_db()
    assert image.rendition_widths == [320, 640]


def specification(name_en: str, position: int, **names) -> Specification:
    return Specification.objects.create(name_en=name_en, position=position, **names)


def test_product_page_shows_the_specifications_as_a_table_in_the_reader_s_language(
    client, exchange_rates
):
    product = ProductFactory(slug_en="ball-valve")
    material = specification("Material", 10, name_de="Werkstoff")
    pressure = specification("Pressure rating", 20, name_de="Druckstufe")
    ProductSpecification.objects.create(product=product, specification=pressure, value_en="PN40")
    ProductSpecification.objects.create(
        product=product,
        specification=material,
        value_en="Stainless steel 1.4408",
        value_de="Edelstahl 1.4408",
    )

    page = client.get("/de/products/ball-valve/").content.decode()

    table = re.search(r'<table class="specifications">.*?</table>', page, re.DOTALL).group(0)
    assert "<caption>Technische Daten</caption>" in table
    rows = re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', table)
    assert rows == [("Werkstoff", "Edelstahl 1.4408"), ("Druckstufe", "PN40")]


def test_a_product_without_specifications_has_no_empty_table(client, exchange_rates):
    ProductFactory(slug_en="plain")

    assert "specifications" not in client.get("/en/products/plain/").content.decode()


def test_cached_product_pages_follow_specification_and_picture_changes(
    client, exchange_rates, django_capture_on_commit_callbacks
):
    product = ProductFactory(slug_en="valve")
    material = specification("Material", 10)
    assert "Material" not in client.get("/en/products/valve/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        value = ProductSpecification.objects.create(
            product=product, specification=material, value_en="Brass"
        )
    assert "Brass" in client.get("/en/products/valve/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        material.name_en = "Body material"
        material.save()
    assert "Body material" in client.get("/en/products/valve/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        value.delete()
        make_renditions(image=picture(product, alt_text_en="Valve, front"))
    page = client.get("/en/products/valve/").content.decode()
    assert "Brass" not in page and 'alt="Valve, front"' in page and "640w" in page


def test_product_page_queries_do_not_grow_with_specifications_or_pictures(client, exchange_rates):
    from tests.catalog.test_pages import queries_for

    counts = []
    for total in (1, 12):
        product = ProductFactory(slug_en=f"product-{total}")
        for position in range(total):
            ProductSpecification.objects.create(
                product=product,
                specification=specification(f"Spec {total}-{position}", position),
                value_en="x",
            )
            picture(product, width=400, height=300, position=position)
        counts.append(queries_for(client, f"/en/products/product-{total}/"))

    assert counts[0] == counts[1]


def test_a_product_has_one_value_per_specification():
    product = ProductFactory()
    material = specification("Material", 10)
    ProductSpecification.objects.create(product=product, specification=material, value_en="Brass")

    duplicate = ProductSpecification(product=product, specification=material, value_en="Steel")

    with pytest.raises(ValidationError, match="already has a value"):
        duplicate.full_clean()
