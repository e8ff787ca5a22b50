"""Build the docs (docs/*.md) into HTML pages, with guideline text coloured.

    .venv/bin/python -m docs.build OUT_DIR      # then open OUT_DIR/index.html

Markdown is read by markdown-it-py (CommonMark, with tables). A fence labelled ```guideline is
coloured by `compiler.highlight`, the same grammar and colours as the VS Code extension and the
web page; every other fence is shown as written. A link to another doc (`NAME.md`, with or
without `#anchor`) goes to its page; headings get GitHub's ids so such anchors land; the
pictures the docs show (docs/*.png, *.svg) are copied beside the pages. Nothing else is written.
The same docs give the same bytes (no date, everything sorted); the output is not committed.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from compiler.highlight import block, css, escape

__all__ = ["DOCS", "GUIDELINE", "Page", "build", "main", "markdown", "render"]

DOCS = Path(__file__).resolve().parent
GUIDELINE = "guideline"  # the fence label of guideline text
PICTURES = ("*.png", "*.svg")
THEME = "highlight.css"
STYLE = "docs.css"
DOCS_CSS = """body { font-family: system-ui, "DejaVu Sans", sans-serif; line-height: 1.5; color: #1a1a1a;
  max-width: 52rem; margin: 0 auto; padding: 1rem; }
pre { background: #f6f8fa; padding: 0.5rem 0.75rem; overflow-x: auto; border-radius: 6px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9em; }
table { border-collapse: collapse; } th, td { border: 1px solid #c4c7c5; padding: 0.2rem 0.5rem; vertical-align: top; }
img { max-width: 100%; }
nav { margin-bottom: 1rem; }
"""
_DOC_LINK = re.compile(r"^([A-Za-z0-9_-]+)\.md(#.*)?$")


@dataclass(frozen=True)
class Page:
    name: str  # the doc's stem: `language` for docs/language.md
    title: str
    html: str


def _slug(text: str) -> str:
    """GitHub's heading id: lower case, punctuation but `-` and `_` dropped, spaces as `-`."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def _heading_ids(state: StateCore) -> None:
    seen: dict[str, int] = {}
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            base = _slug(tokens[index + 1].content)
            count = seen.get(base, 0)
            seen[base] = count + 1
            token.attrSet("id", base if count == 0 else f"{base}-{count}")


def _doc_links(state: StateCore) -> None:
    for token in state.tokens:
        for child in token.children or []:
            if child.type == "link_open":
                found = _DOC_LINK.match(str(child.attrGet("href") or ""))
                if found and (DOCS / f"{found[1]}.md").is_file():
                    child.attrSet("href", f"{found[1]}.html{found[2] or ''}")


def _highlight(content: str, language: str, attributes: str) -> str:
    """A guideline fence as a coloured block; any other fence is left to markdown-it."""
    return block(content) if language == GUIDELINE else ""


def markdown() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"highlight": _highlight}).enable("table")
    parser.core.ruler.push("heading_ids", _heading_ids)
    parser.core.ruler.push("doc_links", _doc_links)
    return parser


def _title(text: str, fallback: str) -> str:
    for line in text.split("\n"):
        if line.startswith("# "):
            return line[2:].strip()
    return fallback


def _document(title: str, body: str) -> str:
    """A whole HTML page around `body` (already HTML)."""
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape.text(title)}</title>\n"
        f'<link rel="stylesheet" href="{STYLE}">\n<link rel="stylesheet" href="{THEME}">\n'
        '</head>\n<body>\n<nav><a href="index.html">Docs</a></nav>\n<main>\n'
        f"{body}</main>\n</body>\n</html>\n"
    )


def render(name: str, text: str, parser: MarkdownIt | None = None) -> Page:
    """One doc as a whole HTML page."""
    title = _title(text, name)
    return Page(name, title, _document(title, (parser or markdown()).render(text)))


def _index(pages: Sequence[Page]) -> str:
    items = "".join(
        f'<li><a href="{escape.attribute(p.name)}.html">{escape.text(p.title)}</a> '
        f"<code>{escape.text(p.name)}.md</code></li>\n"
        for p in pages
    )
    return _document("Docs", f"<h1>Docs</h1>\n<ul>\n{items}</ul>\n")


def build(out: Path, docs: Path = DOCS) -> list[Path]:
    """Write every doc's page, the index, the stylesheets and the pictures into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    parser = markdown()
    pages = [render(p.stem, p.read_text(encoding="utf-8"), parser) for p in sorted(docs.glob("*.md"))]
    written: list[Path] = []

    def write(name: str, content: str) -> None:
        target = out / name
        target.write_text(content, encoding="utf-8", newline="\n")
        written.append(target)

    for page in pages:
        write(f"{page.name}.html", page.html)
    write("index.html", _index(pages))
    write(THEME, css())
    write(STYLE, DOCS_CSS)
    for pattern in PICTURES:
        for picture in sorted(docs.glob(pattern)):
            shutil.copyfile(picture, out / picture.name)
            written.append(out / picture.name)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if len(arguments) != 1 or arguments[0].startswith("-"):
        print("usage: python -m docs.build OUT_DIR", file=sys.stderr)
        return 2
    written = build(Path(arguments[0]))
    print(f"wrote {len(written)} files into {arguments[0]}: open {Path(arguments[0]) / 'index.html'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
