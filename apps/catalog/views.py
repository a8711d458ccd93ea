"""Storefront pages of the catalogue: listings, search and product detail.

The expensive, impersonal part of each page (product grid, facts, images, alternates) is
rendered once per language, currency and what the shopper may see, without prices, and kept in
the cache (``caching.py``) with the products' catalogue prices; the request adds what is
personal: its own prices (member discount, price list: ``price_holes.py``), the CSRF-protected
add-to-cart form, header, messages.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from .caching import cached_fragment, can_share_page, shared_page
from .extensions import product_page_extras, product_sections, product_viewed, shopper
from .filters import ProductFilter, active_filter_count
from .models import Category
from .price_holes import fill_card_prices, fill_price_table
from .pricing import CataloguePrices, PricingContext, catalogue_prices, request_pricing
from .selectors import (
    ProductCard,
    active_products,
    category_tree,
    descendant_ids,
    find_product_by_slug,
    product_detail,
    products_by_id,
    search_products,
)

PAGE_SIZE = 24
ADD_TO_CART_MARKER = "<!--add-to-cart-->"


def _cached_tree() -> list[Category]:
    return cached_fragment(("category-tree", get_language()), category_tree)


def _on_sale(request: HttpRequest):
    """The products this shopper may see (early access: ``access.py``)."""
    return active_products(early_access=request_pricing(request).early_access)


def product_list(request: HttpRequest) -> HttpResponse:
    return _listing(
        request, scope=("all",), products=lambda: _on_sale(request), title=_("All products")
    )


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tree = _cached_tree()
    category = next((node for node in tree if slug in _slugs_of(node)), None)
    if category is None:
        raise Http404(_("No such category."))
    if category.slug != slug:
        return redirect(category.get_absolute_url(), permanent=True)
    ids = descendant_ids(category, tree)
    return _listing(
        request,
        scope=("category", category.pk),
        products=lambda: _on_sale(request).filter(category_id__in=ids),
        title=category.name,
        category=category,
    )


def _slugs_of(category: Category) -> set[str]:
    return {
        getattr(category, build_localized_fieldname("slug", code))
        for code, _n in settings.LANGUAGES
    }


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]

    def products():
        return search_products(_on_sale(request), query) if query else _on_sale(request).none()

    title = _("Search results for “%(query)s”") % {"query": query} if query else _("Search")
    return _listing(request, scope=("search", query), products=products, title=title, query=query)


def _listing(request, *, scope, products, title, category=None, query="") -> HttpResponse:
    context = request_pricing(request)
    parameters = tuple(sorted((key, tuple(values)) for key, values in request.GET.lists()))

    def build() -> tuple[str, dict[int, CataloguePrices]]:
        filters = ProductFilter(request.GET, queryset=products())
        # Sort and slice narrow rows (ids only), then load the page's products by id: deep
        # pages of a large catalogue stay fast.
        page = Paginator(filters.qs.values_list("pk", flat=True), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        shown = products_by_id(list(page.object_list), context)
        page.object_list = [ProductCard(product=product, price=None) for product in shown]
        query_without_page = request.GET.copy()
        query_without_page.pop("page", None)
        html = render_to_string(
            "catalog/partials/listing.html",
            {
                "category": category,
                "categories": _cached_tree(),
                "filters": filters,
                "active_filters": active_filter_count(filters),
                "page": page,
                "query": query,
                "query_without_page": query_without_page.urlencode(),
                "price_holes": True,
            },
        )
        return html, {product.pk: catalogue_prices(product, context) for product in shown}

    fragment = ("listing", scope, parameters, *context.catalogue_variant())
    page_context = {"title": title, "category": category}

    def page(extra: dict | None = None) -> str:
        html, prices = cached_fragment(fragment, build)
        listing = mark_safe(fill_card_prices(html, prices, context))  # noqa: S308 - our templates
        return render_to_string(
            "catalog/product_list.html",
            {**page_context, "listing_html": listing, **(extra or {})},
            request=request,
        )

    return _respond(request, (*fragment, *context.prices_variant()), page)


def _respond(request, parts: tuple, page) -> HttpResponse:
    """An anonymous visitor gets the shared cached page (with their token and cart filled in);
    a member gets it rendered for them."""
    if can_share_page(request):
        return HttpResponse(shared_page(request, parts, page))
    return HttpResponse(page())


def product_page(request: HttpRequest, slug: str) -> HttpResponse:
    context = request_pricing(request)
    origin = (request.scheme, request.get_host())
    fragment = ("product", slug, origin, *context.catalogue_variant())
    entry = cached_fragment(fragment, lambda: _product_entry(request, slug, context))
    if entry is None:
        raise Http404(_("No such product."))
    if "redirect" in entry:
        # A slug from another language (e.g. after switching language): the canonical address.
        return redirect(entry["redirect"], permanent=True)
    member = shopper.only()(request.user)
    extras = ""
    if member is not None:
        for hook in product_viewed.hooks():
            hook(member=member, product_id=entry["cart"]["product_id"])
        extras = "".join(
            hook(request=request, member=member, path=request.path, title=entry["title"])
            for hook in product_page_extras.hooks()
        )

    def page(extra: dict | None = None) -> str:
        extra = extra or {}
        body = fill_price_table(entry["body"], entry["prices"], context)
        form = render_to_string(
            "catalog/partials/add_to_cart.html", {**entry["cart"], **extra}, request=request
        )
        sections = [
            hook(request=request, product_id=entry["cart"]["product_id"])
            for hook in product_sections.hooks()
        ]
        return render_to_string(
            "catalog/product_detail.html",
            {
                "entry": entry,
                # rendered by our templates (the sections by the apps' own templates)
                "head": mark_safe(entry["head"] + "".join(s["head"] for s in sections)),  # noqa: S308
                "body": mark_safe(body.replace(ADD_TO_CART_MARKER, form)),  # noqa: S308
                "extras": mark_safe(extras),  # noqa: S308 - rendered by our hooks' templates
                "sections": mark_safe("".join(s["body"] for s in sections)),  # noqa: S308
                **extra,
            },
            request=request,
        )

    return _respond(request, (*fragment, *context.prices_variant()), page)


def _product_entry(request, slug: str, context: PricingContext) -> dict | None:
    product = find_product_by_slug(slug, early_access=context.early_access)
    if product is None:
        return None
    if product.slug != slug:
        return {"redirect": product.get_absolute_url()}
    detail = product_detail(product, context)
    product = detail.product
    alternates = {
        code: request.build_absolute_uri(path) for code, path in detail.alternates.items()
    }
    return {
        "title": product.name,
        "description": product.description[:300],
        "head": render_to_string(
            "catalog/partials/product_head.html",
            {
                "alternates": alternates,
                "x_default": alternates[settings.LANGUAGE_CODE],
                "canonical": alternates[get_language()],
            },
        ),
        "body": render_to_string(
            "catalog/partials/product_body.html",
            {"detail": detail, "product": product, "current_currency": context.currency},
        ),
        "prices": catalogue_prices(product, context),  # the price table: per shopper
        "cart": {
            "product_id": product.pk,
            "minimum_order_quantity": product.minimum_order_quantity,
            "stock_quantity": product.stock_quantity,
        },
    }
