"""Responsive copies of product images: WebP renditions at standard widths.

Pages offer them through ``srcset`` so that a phone downloads a 640 px picture rather than the
merchant's 4000 px upload. The admin, the demo seed and the ``make_image_renditions`` command
all call ``make_renditions``.
"""

from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from .models import RENDITION_WIDTHS, ProductImage, rendition_name

WEBP_QUALITY = 80


def make_renditions(*, image: ProductImage, keep_existing: bool = False) -> list[int]:
    """Write a WebP copy of ``image`` at every standard width up to the original's (the
    original's own width when it is narrower than the smallest), and record the original's size
    and the widths written. ``keep_existing`` reuses copies already stored under the same names
    (the demo seed's pictures never change under a name); otherwise they are rewritten.

    Raises ``PIL.UnidentifiedImageError`` or ``OSError`` when the file is not a readable image.
    """
    storage = image.image.storage
    with image.image.open("rb") as stored, Image.open(stored) as original:
        width, height = original.size[::-1] if _turned(original) else original.size
        widths = [standard for standard in RENDITION_WIDTHS if standard <= width] or [width]
        missing = [
            target
            for target in widths
            if not (keep_existing and storage.exists(rendition_name(str(image.image.name), target)))
        ]
        if missing:
            upright = ImageOps.exif_transpose(original).convert("RGB")
            for target in missing:
                _write(storage, upright, str(image.image.name), target)
    image.width, image.height, image.rendition_widths = width, height, widths
    image.save(update_fields=["width", "height", "rendition_widths"])
    return widths


def _turned(picture: Image.Image) -> bool:
    """Whether the camera's EXIF orientation turns the picture a quarter (width is height)."""
    return picture.getexif().get(0x0112, 1) in (5, 6, 7, 8)


def _write(storage, picture: Image.Image, original_name: str, width: int) -> None:
    height = round(picture.height * width / picture.width)
    buffer = BytesIO()
    picture.resize((width, height), Image.Resampling.LANCZOS).save(
        buffer, "WEBP", quality=WEBP_QUALITY, method=4
    )
    name = rendition_name(original_name, width)
    if storage.exists(name):
        storage.delete(name)
    storage.save(name, ContentFile(buffer.getvalue()))
