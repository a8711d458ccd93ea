"""The product page's reviews section (a ``catalog.product_sections`` hook) and the page where a
member who bought a product writes their review."""

from __future__ import annotations

import json
from typing import Any

from babel.numbers import format_decimal
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.catalog.caching import cached_fragment
from apps.catalog.models import Product
from apps.core import formatting
from apps.core.errors import ApplicationError
from apps.members.views import current_member

from . import errors, selectors
from .forms import ReviewForm
from .models import ReviewStatus
from .services import submit_review

FILTER_PARAMETER = "reviews"
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def product_section(*, request: HttpRequest, product_id: int) -> dict[str, str]:
    """The product's approved reviews (filtered by ``?reviews=<language>``), their average and
    count, and schema.org ``AggregateRating`` JSON-LD for the head. Cached per catalogue version
    (reviews bump it when they are published or taken down)."""
    chosen = request.GET.get(FILTER_PARAMETER, "")
    if chosen not in dict(settings.LANGUAGES):
        chosen = ""
    key = ("reviews", product_id, get_language(), chosen)
    return cached_fragment(key, lambda: _render_section(product_id, chosen))


def _render_section(product_id: int, chosen: str) -> dict[str, str]:
    product = Product.objects.only("id", "sku", "name").get(pk=product_id)
    summary = selectors.summary(product_id)
    counts = selectors.languages(product_id)
    names = dict(settings.LANGUAGES)
    body = render_to_string(
        "engagement/product_reviews.html",
        {
            "product": product,
            "summary": summary,
            "average": formatting.isolated_html(
                format_decimal(summary.average or 0, "0.0", locale=formatting.babel_locale())
            ),
            "reviews": selectors.published_reviews(product_id, language=chosen or None),
            "languages": [(code, names[code], counts[code]) for code in names if code in counts],
            "chosen": chosen,
            "parameter": FILTER_PARAMETER,
        },
    )
    head = ""
    if summary.count:
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": product.name,
            "sku": product.sku,
            "aggregateRating": {
                "@type": "AggregateRating",
                "ratingValue": str(summary.average),
                "reviewCount": summary.count,
                "bestRating": 5,
                "worstRating": 1,
            },
        }
        text = json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES)
        head = f'<script type="application/ld+json">{text}</script>'
    return {"head": head, "body": body}


@login_required
def write_review(request: HttpRequest, product_id: int) -> HttpResponse:
    member = current_member(request)
    product = get_object_or_404(Product, pk=product_id, is_active=True)
    earlier = selectors.member_review_of(member, product)
    bought = selectors.has_bought(member, product)
    if earlier is not None and earlier.status != ReviewStatus.REJECTED:
        messages.info(request, _("You have reviewed this product already."))
        return redirect(product.get_absolute_url())
    form = ReviewForm(
        request.POST or None,
        request.FILES or None,
        initial={"language": get_language(), "rating": 5},
    )
    if request.method == "POST" and bought and form.is_valid():
        try:
            submit_review(
                member=member,
                product=product,
                rating=form.cleaned_data["rating"],
                text=form.cleaned_data["text"],
                language=form.cleaned_data["language"],
                photos=form.cleaned_data["photos"],
            )
        except errors.InvalidPhoto as error:
            form.add_error("photos", error.message)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Thank you! Your review will appear once we have checked it.")
            )
            return redirect(product.get_absolute_url())
    return render(
        request,
        "engagement/write_review.html",
        {"product": product, "form": form, "bought": bought, "earlier": earlier},
    )


def stars(rating: object) -> str:
    """Five stars, ``rating`` of them filled, with the words for screen readers."""
    value = int(rating) if isinstance(rating, int) else 0
    label = escape(_("Rated %(rating)s out of 5") % {"rating": value})
    return (
        f'<span class="stars" role="img" aria-label="{label}">'
        f"{'★' * value}{'☆' * (5 - value)}</span>"
    )
