"""DOT text and what Graphviz makes of it: the one escaper, a deterministic writer, `dot` itself.

Every piece of author text reaches DOT through `dot_escape`, inside an HTML-like label; names and
fixed attribute values go through `dot_id`. Nothing is formatted into DOT any other way.
"""

from __future__ import annotations

import io
import math
import re
import struct
import textwrap
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from compiler.files import UsageError
from dsl.text import one_line

# Characters a label cannot carry: C0/C1 controls (expat rejects them, so `dot` would fail),
# lone surrogates and the two XML non-characters. A tab is a space; a line break is a <BR/>.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "\\": "\\\\"}
_HTML_SPECIAL = re.compile("[&<>\"'\\\\]")


def dot_escape(text: str) -> str:
    """`text` as the content of an HTML-like label: it shows exactly as written and adds no markup.

    Control, format and separator characters are shown as escapes (`dsl.text.one_line`: `\\x1b`,
    `\\u202e`). `& < > " '` become entities. A backslash is doubled, because Graphviz expands `\\N`, `\\G` and
    `\\\\` even inside HTML-like labels (after decoding entities, so `&#92;` would not do). A line
    break becomes `<BR/>`, a tab a space; characters XML forbids become U+FFFD. Braces, `|` and
    non-ASCII text need nothing: they are plain text in an HTML-like label, written as UTF-8.

    >>> dot_escape('<b>"x" & \\\\N {y}</b>')
    '&lt;b&gt;&quot;x&quot; &amp; \\\\\\\\N {y}&lt;/b&gt;'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    # Control, format and separator characters (an ESC, a right-to-left override) shown as escapes,
    # as everywhere text reaches a person (`dsl.text`): a line break stays one.
    text = "\n".join(one_line(line) for line in text.split("\n"))
    text = _UNSAFE.sub("\ufffd", text)
    escaped = _HTML_SPECIAL.sub(lambda match: _HTML[match.group()], text)
    return escaped.replace("\n", "<BR/>")


def dot_id(text: str) -> str:
    """A double-quoted DOT ID (node names, fixed attribute values): `"` and `\\` escaped, one line."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


@dataclass(frozen=True)
class Html:
    """Markup for an HTML-like label, already built from escaped pieces; written as `<...>`."""

    markup: str


AttrValue = str | int | float | Html


def _attr(name: str, value: AttrValue) -> str:
    if isinstance(value, Html):
        return f"{name}=<{value.markup}>"
    if isinstance(value, float):
        value = f"{value:g}"
    return f"{name}={dot_id(str(value))}"


class DotWriter:
    """Statements in the order they are written; attributes in the order they are given."""

    def __init__(self, name: str) -> None:
        self.lines = [f"digraph {dot_id(name)} {{"]
        self.depth = 1

    def statement(self, text: str) -> None:
        self.lines.append("  " * self.depth + text)

    def attrs(self, kind: str, **attrs: AttrValue) -> None:
        """Defaults for `graph`, `node` or `edge`."""
        self.statement(f"{kind} [{', '.join(_attr(k, v) for k, v in attrs.items())}];")

    def node(self, name: str, *overrides: Mapping[str, AttrValue], **attrs: AttrValue) -> None:
        """A node; attributes in `overrides` (a style) replace those given by name."""
        for layer in overrides:
            attrs.update(layer)
        self.statement(f"{dot_id(name)} [{', '.join(_attr(k, v) for k, v in attrs.items())}];")

    def edge(self, source: str, target: str, *overrides: Mapping[str, AttrValue], **attrs: AttrValue) -> None:
        for layer in overrides:
            attrs.update(layer)
        listed = f" [{', '.join(_attr(k, v) for k, v in attrs.items())}]" if attrs else ""
        self.statement(f"{dot_id(source)} -> {dot_id(target)}{listed};")

    def open(self, name: str, **attrs: AttrValue) -> None:
        """A subgraph (a cluster when `name` starts with `cluster`), until `close`."""
        self.statement(f"subgraph {dot_id(name)} {{")
        self.depth += 1
        if attrs:
            self.attrs("graph", **attrs)

    def close(self) -> None:
        self.depth -= 1
        self.statement("}")

    def same_rank(self, rank: str, names: Iterable[str]) -> None:
        listed = "; ".join(dot_id(n) for n in names)
        self.statement(f"{{ rank={rank}; {listed}; }}")

    def text(self) -> str:
        return "\n".join(self.lines + ["}"]) + "\n"


def wrap(text: str, width: int) -> list[str]:
    """Lines of about `width` characters, keeping the author's line breaks; a word longer than the
    width gets a line of its own, and only one half as long again is cut."""
    longest = width + width // 2  # a word up to this long gets a line of its own, whole
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = [w[i : i + longest] for w in paragraph.split(" ") for i in range(0, max(len(w), 1), longest)]
        lines += textwrap.wrap(" ".join(words), width, break_long_words=False, break_on_hyphens=False) or [""]
    return lines


def wrapped(text: str, width: int) -> str:
    """`text` wrapped and escaped, the lines joined by left-aligned breaks."""
    return '<BR ALIGN="LEFT"/>'.join(dot_escape(line) for line in wrap(text, width))


def bulleted(text: str, width: int) -> str:
    """`text` wrapped and escaped after a bullet, the following lines indented under its first
    word (an em space and a thin space: the width of a bullet and two spaces in DejaVu Sans)."""
    lines = [dot_escape(line) for line in wrap(text, width)]
    return '<BR ALIGN="LEFT"/>'.join(["•  " + lines[0]] + ["\u2003\u2009" + line for line in lines[1:]])


def centred(text: str, width: int) -> str:
    """`text` wrapped and escaped, the lines centred."""
    return "<BR/>".join(dot_escape(line) for line in wrap(text, width))


# ---- running Graphviz ----


def run_dot(source: str, fmt: str) -> bytes:
    """`dot -T<fmt>` on `source`; `UsageError` when Graphviz is missing or fails."""
    import graphviz

    try:
        drawn: bytes = graphviz.pipe("dot", fmt, source.encode("utf-8"), quiet=True)
        return drawn
    except graphviz.ExecutableNotFound:
        raise UsageError("Graphviz's 'dot' is not installed (Debian: apt-get install graphviz)") from None
    except graphviz.CalledProcessError as error:
        stderr = error.stderr.decode("utf-8", "replace").strip() if isinstance(error.stderr, bytes) else ""
        raise UsageError(f"Graphviz could not draw the chart: {stderr or error}") from None


# ---- stamping outputs, so that `guideline diagrams --check` needs no rendering ----

STAMP = "guideline-render"


def stamp_svg(svg: bytes, stamp: str) -> bytes:
    """The SVG with a comment naming what it was drawn from, after the XML declaration."""
    comment = f"<!-- {STAMP} {stamp} -->\n".encode("ascii")
    head, sep, rest = svg.partition(b"?>\n")
    return head + sep + comment + rest if sep else comment + svg


def stamp_png(png: bytes, stamp: str) -> bytes:
    """The PNG with a tEXt chunk naming what it was drawn from, right after IHDR."""
    data = STAMP.encode("ascii") + b"\0" + stamp.encode("ascii")
    chunk = struct.pack(">I", len(data)) + b"tEXt" + data + struct.pack(">I", zlib.crc32(b"tEXt" + data))
    end_of_ihdr = 8 + 8 + 13 + 4
    return png[:end_of_ihdr] + chunk + png[end_of_ihdr:]


def read_stamp(path: str) -> str | None:
    """The stamp of a file written by `render`, or None when it has none (or cannot be read)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    if path.endswith(".pdf"):
        return _pdf_stamp(data)
    marker = STAMP.encode("ascii")
    if path.endswith(".svg"):
        found = re.search(rb"<!-- " + marker + rb" ([0-9a-f]+) -->", data[:4096])
    else:
        # The chunk's own length says where the text ends: the CRC after it may begin with bytes
        # that read as hex digits.
        found = re.search(rb"(....)tEXt" + marker + rb"\0", data[:4096], re.DOTALL)
        if found is None:
            return None
        size = struct.unpack(">I", found.group(1))[0] - len(marker) - 1
        text = data[found.end() : found.end() + size]
        return text.decode("ascii") if re.fullmatch(rb"[0-9a-f]+", text) else None
    return found.group(1).decode("ascii") if found else None


def _pdf_stamp(data: bytes) -> str | None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        info = PdfReader(io.BytesIO(data)).metadata
    except (PdfReadError, ValueError, KeyError):
        return None
    keywords = str(info.get("/Keywords", "")) if info else ""
    prefix = f"{STAMP} "
    return keywords[len(prefix) :] if keywords.startswith(prefix) else None


# ---- pages of a PDF ----


@dataclass(frozen=True)
class Paper:
    name: str
    width: float  # points, portrait
    height: float
    margin: float = 28.35  # 10 mm: inside what printers can reach

    def oriented(self, landscape: bool) -> tuple[float, float]:
        return (self.height, self.width) if landscape else (self.width, self.height)


PAPERS = {"a4": Paper("A4", 595.276, 841.89), "letter": Paper("US Letter", 612.0, 792.0)}


@dataclass(frozen=True)
class Placement:
    """How one drawing goes onto one sheet: orientation and scale."""

    landscape: bool
    scale: float
    width: float  # the drawing's natural size in points
    height: float


def place(width: float, height: float, paper: Paper) -> Placement:
    """The orientation that prints the drawing largest, at most at its natural size."""
    best: Placement | None = None
    for landscape in (False, True):
        sheet_w, sheet_h = paper.oriented(landscape)
        scale = min(1.0, (sheet_w - 2 * paper.margin) / width, (sheet_h - 2 * paper.margin) / height)
        if best is None or scale > best.scale + 1e-9:
            best = Placement(landscape, scale, width, height)
    assert best is not None
    return best


def layout_size(source: str, pad: float) -> tuple[float, float]:
    """The size in points `dot` would draw `source` at (as its PDF's page): laid out, not drawn."""
    first = run_dot(source, "plain").split(b"\n", 1)[0].split()
    width, height = float(first[2]) * 72 + 2 * pad, float(first[3]) * 72 + 2 * pad
    return float(math.ceil(width - 0.01)), float(math.ceil(height - 0.01))


def pdf_size(pdf: bytes) -> tuple[float, float]:
    """The natural size of a one-page PDF that `dot` wrote."""
    from pypdf import PdfReader

    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return float(box.width), float(box.height)


def compose_pdf(drawings: Sequence[bytes], paper: Paper, title: str, stamp: str) -> bytes:
    """One sheet of `paper` per drawing, each centred at the top of its sheet; no dates inside."""
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    writer = PdfWriter()
    for drawing in drawings:
        source = PdfReader(io.BytesIO(drawing)).pages[0]
        width, height = float(source.mediabox.width), float(source.mediabox.height)
        placement = place(width, height, paper)
        sheet_w, sheet_h = paper.oriented(placement.landscape)
        sheet = PageObject.create_blank_page(width=sheet_w, height=sheet_h)
        s = placement.scale
        x = (sheet_w - width * s) / 2
        y = sheet_h - paper.margin - height * s
        sheet.merge_transformed_page(source, Transformation().scale(s, s).translate(x, y))
        writer.add_page(sheet)
    writer.add_metadata({"/Title": title, "/Keywords": f"{STAMP} {stamp}", "/Producer": "guideline render"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
