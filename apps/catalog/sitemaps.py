from django.contrib.sitemaps import Sitemap

from .models import Category, Product


class ProductSitemap(Sitemap):
    """Every active product in every language, each with its ``hreflang`` alternates."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Product.objects.filter(is_active=True).order_by("id")

    def lastmod(self, product: Product):
        return product.updated_at


class CategorySitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return Category.objects.order_by("id")
