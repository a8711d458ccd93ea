"""Read an admin page's form as a browser would submit it, to post it back changed."""

from html.parser import HTMLParser

Data = dict[str, list[str]]


class _FormReader(HTMLParser):
    """The successful controls of the ``<form id=...>``: what a browser sends when it submits."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.data: Data = {}
        self.select: str | None = None
        self.select_multiple = False
        self.options: list[tuple[str, bool]] = []
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "__prefix__" in a.get("name", ""):
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.data.setdefault(name, []).append(
                a.get("value", "on" if kind == "checkbox" else "")
            )
        elif tag == "select" and name and "disabled" not in a:
            self.select, self.select_multiple, self.options = name, "multiple" in a, []
        elif tag == "option" and self.select is not None:
            self.options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name and "disabled" not in a:
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not self.select_multiple and self.options:
                chosen = [self.options[0][0]]
            self.data[self.select] = chosen
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the newline that follows <textarea>.
            self.data[self.textarea] = [self.text.removeprefix("\n")]
            self.textarea = None


def form_data(html: str, form_id: str) -> Data:
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.data


def inline_prefixes(data: Data) -> list[str]:
    """The formset prefixes on the page (from their management forms)."""
    return [name.removesuffix("-TOTAL_FORMS") for name in data if name.endswith("-TOTAL_FORMS")]


def inputs_of(data: Data, name: str) -> list[str]:
    """The input names that carry the form field ``name`` (a multi-widget has several)."""
    return [
        key
        for key in data
        if key == name or (key.startswith(f"{name}_") and key.removeprefix(f"{name}_").isdigit())
    ]
