"""The only way text reaches the highlighted HTML: escaped for an element's content or for a
double-quoted attribute value. `&`, `<`, `>`, `"` and `'` become character references, so no
text can open or close a tag, an attribute or a reference. In a guideline's text, a character
that would not show as itself (a control or format character: a right-to-left override, a zero
width joiner) is shown as its escape (`dsl.text.one_line`), marked `tm-invisible`, so that what
a reader sees is what the file holds."""

from __future__ import annotations

from dsl.text import one_line

__all__ = ["attribute", "source", "text"]

_REFERENCES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_TABLE = str.maketrans(_REFERENCES)


def text(value: str) -> str:
    """`value` as element content."""
    return value.translate(_TABLE)


def attribute(value: str) -> str:
    """`value` inside a double-quoted attribute value."""
    return value.translate(_TABLE)


def source(value: str) -> str:
    """`value`, a piece of a guideline's text, as element content, each invisible character (but
    the tab, which a `<pre>` shows) as its escape in a `tm-invisible` span."""
    if value.isprintable():  # the common case, checked at C speed
        return text(value)
    out = []
    for char in value:
        shown = one_line(char)
        if shown == char or char == "\t":
            out.append(text(char))
        else:
            out.append(f'<span class="tm-invisible" title="an invisible character">{text(shown)}</span>')
    return "".join(out)
