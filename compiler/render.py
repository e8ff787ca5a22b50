"""Flowcharts of a guideline: `to_dot`, `render`, overlays for one patient or for coverage, the CLI.

The chart is drawn for ward clinicians who print it and reviewers who read it before the text
(docs/flowcharts.md). This module is the public face of the stages that draw it, each a module:

- `compiler.render_overlay`: what a chart emphasises (`Overlay`, `highlight_overlay`, `coverage_overlay`);
- `compiler.render_chart`: the DOT of the whole chart (`to_dot`) or of one printed page;
- `compiler.paginate`: a chart too large for one sheet split by sub-pathway and packed onto sheets;
- `compiler.render_files`: writing .dot, .svg, .png or .pdf (`render`), stamped;
- `compiler.render_cli`: the `render` and `diagrams` commands (`register`), `stale_diagrams`.

Importing it loads none of networkx, Graphviz or the guideline model: they load only when
something is drawn. The CLI registers its commands from `compiler.render_cli` alone, which loads
even less, so that `guideline eval` starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from compiler.dot import dot_escape
from compiler.paginate import page_dots
from compiler.render_chart import to_dot
from compiler.render_cli import register, stale_diagrams
from compiler.render_files import render_file
from compiler.render_overlay import Branch, Overlay, coverage_overlay, highlight_overlay

if TYPE_CHECKING:
    from dsl.checks import Checked

__all__ = [
    "Overlay",
    "Branch",
    "dot_escape",
    "to_dot",
    "page_dots",
    "highlight_overlay",
    "coverage_overlay",
    "render",
    "render_file",
    "stale_diagrams",
    "register",
]


def render(checked: Checked, path: str, overlay: Overlay | None = None, paper: str = "a4") -> None:
    """Write the chart to `path`: .dot (the whole chart), .svg and .png (the whole chart, drawn),
    or .pdf (sheets of `paper`, split into sub-pathways when one sheet cannot hold it at 7 pt)."""
    render_file(checked, path, overlay, paper)
