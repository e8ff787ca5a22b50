"""The guideline's text on its page, coloured by the editor's TextMate grammar
(`compiler.highlight`), with line numbers: HTML made of escaped pieces only, so the template
takes it as markup. No script is needed to colour it; its colours are `highlight.css`.

Coloured texts are cached by their text (the same text gives the same bytes).
"""

from __future__ import annotations

import functools

from markupsafe import Markup

__all__ = ["HIGHLIGHT_CSS", "LABEL", "source_html", "theme_css"]

HIGHLIGHT_CSS = "highlight.css"  # served as /static/highlight.css
LABEL = "Guideline text"
CACHE_SIZE = 32


@functools.lru_cache(maxsize=CACHE_SIZE)
def source_html(text: str) -> Markup:
    """The text as a `<pre>` region named `LABEL`, each line numbered."""
    from compiler.highlight import block

    return Markup(block(text, line_numbers=True, label=LABEL))


def theme_css() -> bytes:
    """The colours' stylesheet, from `compiler.highlight`."""
    from compiler.highlight import css

    return css().encode("utf-8")
