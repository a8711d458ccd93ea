"""What a reader sees of a page or message: markup, entities and invisible bidi controls gone.

Pages isolate amounts and numbers (``<bdi dir="ltr">``, Unicode isolates in plain text); tests
that look for a sentence look at the text a reader sees.
"""

import html
import re

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(markup: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.DOTALL)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"\s+", " ", BIDI_CONTROLS.sub("", text)).strip()


def page_text(response) -> str:
    return visible(response.content.decode())


def text_with_testid(response, testid: str) -> str | None:
    """The visible text of the element with ``data-testid="<testid>"`` (no nested same tag)."""
    match = re.search(
        rf'<(\w+)[^>]*data-testid="{testid}"[^>]*>(.*?)</\1>', response.content.decode(), re.DOTALL
    )
    return visible(match.group(2)) if match else None
