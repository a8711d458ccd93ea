from django.utils.functional import SimpleLazyObject

from .selectors import site_content


def merchant(request) -> dict:
    """``merchant``: the company details and published pages for the layout (not ``site``:
    allauth's pages already use that name for the current Site)."""
    return {"merchant": SimpleLazyObject(site_content)}
