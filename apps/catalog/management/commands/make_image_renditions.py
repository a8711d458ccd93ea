from django.core.management.base import BaseCommand
from PIL import UnidentifiedImageError

from apps.catalog.images import make_renditions
from apps.catalog.models import ProductImage


class Command(BaseCommand):
    help = (
        "Write the responsive copies (WebP renditions) of product images that have none, "
        "or of every image with --all (after changing the standard widths)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="rewrite every image's copies")

    def handle(self, *args, **options):
        images = ProductImage.objects.order_by("pk")
        if not options["all"]:
            images = images.filter(rendition_widths=[])
        done = failed = 0
        for image in images.iterator():
            try:
                make_renditions(image=image)
                done += 1
            except (OSError, UnidentifiedImageError) as error:
                failed += 1
                self.stderr.write(f"{image.image.name}: {error}")
        self.stdout.write(f"Renditions written for {done} image(s); {failed} unreadable.")
