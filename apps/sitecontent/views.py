from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView

from .models import PageKind
from .selectors import published_page, site_content

# Paths no search engine should crawl: personal pages, the cart and checkout, the back office
# and the API. Storefront paths exist once per language prefix.
PRIVATE_PATHS = ("/admin/", "/api/", "/payments/", "/currency/", "/i18n/")
PRIVATE_STOREFRONT_PATHS = (
    "member/",
    "cart/",
    "checkout/",
    "quick-order/",
    "orders/",
    "accounts/",
    "unsubscribe/",
)


def content_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = published_page(slug)
    if page is None:
        raise Http404(_("No such page."))
    return render(
        request,
        "sitecontent/page.html",
        {
            "page": page,
            "is_faq": page.kind == PageKind.FAQ,
            "company": site_content().company if page.kind == PageKind.IMPRINT else None,
        },
    )


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    disallowed = list(PRIVATE_PATHS) + [
        f"/{code}/{path}" for code, _name in settings.LANGUAGES for path in PRIVATE_STOREFRONT_PATHS
    ]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed), ""]
    lines.append(
        f"Sitemap: {request.build_absolute_uri(reverse('django.contrib.sitemaps.views.sitemap'))}"
    )
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class FaviconView(RedirectView):
    """Browsers and crawlers ask for /favicon.ico whatever the page links to."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("img/favicon.ico")
