r"""Text from a guideline or a patient's record, made inert in the markdown of a CDS Hooks card.

A card's `detail` is GitHub Flavored Markdown, which an electronic health record renders as HTML.
Every text that is not ours (a recommendation's text, a citation, an input's label, a problem the
evaluator reports, a unit or a value recorded in the FHIR record) goes through `text` before it
is placed in a card, so that it reads as written and can add no markup of its own:

- every ASCII punctuation character that markup is made of is backslash-escaped (CommonMark
  lets any of them be escaped, and renders the escape as the character itself): no emphasis,
  link, image, code span, table cell, heading, list, block quote, entity (`&amp;`), autolink or
  raw HTML (`<b>`, `<script>`) can start inside the text;
- characters that are not printable on one line (line breaks, tabs, controls, bidi overrides,
  zero-width characters) are shown as escapes, as everywhere else in this toolchain
  (`dsl.text.one_line`): a text cannot start a block of its own (a new list item, a heading, a
  fenced code block) or hide what follows.

The markup around those texts is written here too (`bold`, `item`, `link`), never by formatting
raw text into a string. Standard library only (and `dsl.text`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from dsl.text import one_line

__all__ = ["bold", "item", "link", "text"]

# Every ASCII punctuation character that can start or end markup in GitHub Flavored Markdown,
# at the start of a line or inside one (emphasis, code, links and images, raw HTML, entities,
# tables, strikethrough, headings, lists, block quotes, setext underlines, autolinks of `www.`,
# `scheme:` and `user@host`, footnotes, math). Left as they are: , ; " ' % ? / (never markup
# on their own), so that the text stays readable where a client shows the markdown raw.
_PUNCTUATION = re.compile(r"""([!#$&()*+\-.:<=>@\[\\\]^_`{|}~])""")


def text(value: str) -> str:
    r"""`value` as literal markdown text: one line, every character of markup escaped.

    >>> text("**bold** <b>x</b> [a](javascript:alert(1))")
    '\\*\\*bold\\*\\* \\<b\\>x\\</b\\> \\[a\\]\\(javascript\\:alert\\(1\\)\\)'
    >>> text("line\n# heading")
    'line\\\\n\\# heading'
    """
    return _PUNCTUATION.sub(r"\\\1", one_line(value))


def bold(markdown: str) -> str:
    """Markdown (already escaped, or ours) in bold."""
    return f"**{markdown}**"


def item(markdown: str) -> str:
    """A bullet list item of one line (already escaped markdown, or ours)."""
    if "\n" in markdown or "\r" in markdown:
        raise ValueError("a list item is one line")
    return f"- {markdown}"


def link(label: str, url: str) -> str:
    """A link to one of this service's own URLs (`http` or `https`), its label escaped. The URL
    goes in angle brackets, so that no character of it can end the destination early."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or any(c in url for c in "<>\\ \n\r\t"):
        raise ValueError("only a plain http(s) URL can be linked")
    return f"[{text(label)}](<{url}>)"
