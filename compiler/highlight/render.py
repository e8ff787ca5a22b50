"""Highlighted guideline text as HTML: a `<pre class="tm-source">` whose lines are
`<span class="tm-line">`, each token a `<span>` with a class per scope.

A scope becomes its class by dropping the grammar's own ending (`.guideline`), putting `-`
for `.` and `tm-` before it: `keyword.other.header.guideline` → `tm-keyword-other-header`. A
character other than a letter, digit, `-` or `_` (a scope may hold matched text, `$N`) becomes
`_`. The root scope and the `meta.` scopes (whole lines, which no colour marks) give no class, so a
token with no other scope is bare text; neighbours with
the same classes share one span. Every piece of text goes through `compiler.highlight.escape`.
With `line_numbers`, each line carries `data-line="N"` (the theme shows it before the line, out
of the text a reader selects and copies). The same text gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from compiler.highlight import escape
from compiler.highlight.grammar import Grammar, grammar
from compiler.highlight.tokenize import Line, tokenize

__all__ = ["block", "class_names", "line_html"]

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def class_names(scopes: Sequence[str], root: str) -> str:
    """The classes of a token with these scopes (the root scope `root` first, and left out)."""
    ending = "." + root.rsplit(".", 1)[-1]
    names = []
    for scope in scopes[1:]:
        if not scope or scope.startswith("meta."):
            continue
        name = "tm-" + _UNSAFE.sub("_", scope.removesuffix(ending).replace(".", "-"))
        if name not in names:
            names.append(name)
    return " ".join(names)


def line_html(line: Line, root: str) -> str:
    """One line's tokens as HTML (without the line's own span)."""
    pieces: list[str] = []
    current: str | None = None
    run: list[str] = []

    def flush() -> None:
        if run:
            inner = escape.source("".join(run))
            pieces.append(f'<span class="{escape.attribute(current)}">{inner}</span>' if current else inner)
            run.clear()

    for token in line.tokens:
        classes = class_names(token.scopes, root)
        if classes != current:
            flush()
            current = classes
        run.append(line.text[token.start : token.end])
    flush()
    return "".join(pieces)


def block(text: str, *, line_numbers: bool = False, label: str | None = None, g: Grammar | None = None) -> str:
    """The text, highlighted, as one `<pre>`; a text that ends with a newline shows no empty last
    line. `label` makes the block a named, focusable region (keyboard users can scroll it)."""
    g = g if g is not None else grammar()
    lines = list(tokenize(text, g))
    if len(lines) > 1 and not lines[-1].text:
        lines.pop()
    classes = "tm-source tm-numbered" if line_numbers else "tm-source"
    opening = f'<pre class="{classes}"'
    if label is not None:
        opening += f' role="region" aria-label="{escape.attribute(label)}" tabindex="0"'
    rendered = []
    for number, line in enumerate(lines, 1):
        numbered = f' data-line="{number}"' if line_numbers else ""
        rendered.append(f'<span class="tm-line"{numbered}>{line_html(line, g.scope)}</span>')
    return opening + "><code>" + "\n".join(rendered) + "</code></pre>"
