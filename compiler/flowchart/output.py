"""Writing a chart to a file (`render_file`): .dot, .svg, .png or a paginated .pdf, each stamped with
what it was drawn from (`stamp`) so that `guideline diagrams --check` can tell it is current."""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from compiler.files import UsageError
from compiler.flowchart import dot as d
from compiler.flowchart.chart import SMALLEST_PT, to_dot
from compiler.flowchart.overlay import Overlay
from compiler.flowchart.paginate import paginate

if TYPE_CHECKING:
    from dsl.program import Program


FORMATS = (".svg", ".pdf", ".png", ".dot")


@dataclass(frozen=True)
class Rendered:
    """What `render_file` wrote: for messages and for checking print sizes."""

    path: str
    pages: int
    smallest_pt: float  # the smallest text as printed (PDF) or at natural size
    size: int  # bytes


@functools.lru_cache(maxsize=1)
def renderer_fingerprint() -> str:
    """A hash of every module of this package (found, not listed): a change to how pages are split
    or sheets composed leaves the DOT of the whole chart as it was, and must still make diagrams/
    stale."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stamp(program: Program, overlay: Overlay | None = None, paper: str = "a4") -> str:
    """What a drawing is made from: the renderer's source, the paper and the whole DOT."""
    digest = hashlib.sha256(f"{renderer_fingerprint()}\n{paper}\n{to_dot(program, overlay)}".encode())
    return digest.hexdigest()[:32]


def check_format(path: str) -> str:
    """The format of `path` by its extension; `UsageError` when it names none."""
    extension = os.path.splitext(path)[1].lower()
    if extension not in FORMATS:
        raise UsageError(
            f"{path}: cannot tell the format from the extension: use {', '.join(FORMATS[:-1])} or {FORMATS[-1]}"
        )
    return extension


def render_file(program: Program, path: str, overlay: Overlay | None = None, paper: str = "a4") -> Rendered:
    """Write the chart to `path`: .dot (the whole chart), .svg and .png (the whole chart, drawn),
    or .pdf (sheets of `paper`, split into sub-pathways when one sheet cannot hold it at 7 pt)."""
    extension = check_format(path)
    if paper not in d.PAPERS:
        raise UsageError(f"unknown paper '{paper}': use {' or '.join(d.PAPERS)}")
    mark = stamp(program, overlay, paper)
    pages, smallest = 1, SMALLEST_PT
    if extension == ".dot":
        data = to_dot(program, overlay).encode("utf-8")
    elif extension == ".svg":
        data = d.stamp_svg(d.run_dot(to_dot(program, overlay), "svg"), mark)
    elif extension == ".png":
        data = d.stamp_png(d.run_dot(to_dot(program, overlay), "png"), mark)
    else:
        drawings = [drawing for _, drawing in paginate(program, overlay, d.PAPERS[paper])]
        title = program.title
        data = d.compose_pdf(drawings, d.PAPERS[paper], title, mark)
        pages = len(drawings)
        smallest = SMALLEST_PT * min(d.place(*d.pdf_size(drawing), d.PAPERS[paper]).scale for drawing in drawings)
    _write(path, data)
    return Rendered(path, pages, smallest, len(data))


def _write(path: str, data: bytes) -> None:
    directory = os.path.dirname(path)
    try:
        if directory:
            os.makedirs(directory, exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as error:
        raise UsageError(f"{path}: cannot be written ({error.strerror or error})") from None
