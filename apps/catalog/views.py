"""Storefront pages of the catalogue: listings, search and product detail."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .filters import ProductFilter
from .models import Category
from .pricing import request_pricing
from .selectors import (
    active_products,
    category_tree,
    descendant_ids,
    find_product_by_slug,
    product_cards,
    product_detail,
    search_products,
    with_prices_and_images,
)

PAGE_SIZE = 24


def product_list(request: HttpRequest) -> HttpResponse:
    return _listing(request, products=active_products(), title=_("All products"))


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tree = category_tree()
    category = next((node for node in tree if slug in _slugs_of(node)), None)
    if category is None:
        raise Http404(_("No such category."))
    if category.slug != slug:
        return redirect(category.get_absolute_url(), permanent=True)
    products = active_products().filter(category_id__in=descendant_ids(category, tree))
    return _listing(request, products=products, title=category.name, category=category, tree=tree)


def _slugs_of(category: Category) -> set[str]:
    return {getattr(category, f"slug_{code.replace('-', '_')}") for code, _n in settings.LANGUAGES}


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    products = search_products(active_products(), query) if query else active_products().none()
    title = _("Search results for “%(query)s”") % {"query": query} if query else _("Search")
    return _listing(request, products=products, title=title, query=query)


def _listing(request, *, products, title, category=None, tree=None, query="") -> HttpResponse:
    context = request_pricing(request)
    filters = ProductFilter(request.GET, queryset=products)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    products_on_page = with_prices_and_images(page.object_list, context.currency)
    page.object_list = product_cards(products_on_page, context)
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return render(
        request,
        "catalog/product_list.html",
        {
            "title": title,
            "category": category,
            "categories": tree if tree is not None else category_tree(),
            "filters": filters,
            "page": page,
            "query": query,
            "query_without_page": query_without_page.urlencode(),
        },
    )


def product_page(request: HttpRequest, slug: str) -> HttpResponse:
    product = find_product_by_slug(slug)
    if product is None:
        raise Http404(_("No such product."))
    if product.slug != slug:
        # A slug from another language (e.g. after switching language): the canonical address.
        return redirect(product.get_absolute_url(), permanent=True)
    detail = product_detail(product, request_pricing(request))
    alternates = {
        code: request.build_absolute_uri(path) for code, path in detail.alternates.items()
    }
    return render(
        request,
        "catalog/product_detail.html",
        {
            "detail": detail,
            "product": detail.product,
            "alternates": alternates,
            "x_default": alternates[settings.LANGUAGE_CODE],
        },
    )
