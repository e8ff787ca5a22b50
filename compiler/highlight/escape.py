"""The only way text reaches the highlighted HTML: escaped for an element's content or for a
double-quoted attribute value. `&`, `<`, `>`, `"` and `'` become character references, so no
text can open or close a tag, an attribute or a reference."""

from __future__ import annotations

__all__ = ["attribute", "text"]

_REFERENCES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_TABLE = str.maketrans(_REFERENCES)


def text(value: str) -> str:
    """`value` as element content."""
    return value.translate(_TABLE)


def attribute(value: str) -> str:
    """`value` inside a double-quoted attribute value."""
    return value.translate(_TABLE)
