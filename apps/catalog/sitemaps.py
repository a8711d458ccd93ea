from django.contrib.sitemaps import Sitemap

from .models import Category, Product
from .selectors import active_products


class ProductSitemap(Sitemap):
    """Every product on public sale in every language, each with its ``hreflang`` alternates
    (early-access products appear from their public date)."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return active_products().order_by("id")

    def lastmod(self, product: Product):
        return product.updated_at


class CategorySitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return Category.objects.order_by("id")
