from django.contrib.sitemaps import Sitemap

from .models import ContentPage


class ContentPageSitemap(Sitemap):
    """Published pages in every language, each with its ``hreflang`` alternates."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"
    priority = 0.3

    def items(self):
        return ContentPage.objects.filter(is_published=True).order_by("id")

    def lastmod(self, page: ContentPage):
        return page.updated_at
