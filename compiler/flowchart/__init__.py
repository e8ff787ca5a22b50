"""Flowcharts of a guideline: `to_dot`, `render`, overlays for one patient or for coverage, the CLI.

The chart is drawn for ward clinicians who print it and reviewers who read it before the text
(docs/flowcharts.md). This module is the public face of the stages that draw it, each a module:

- `compiler.flowchart.overlay`: what a chart emphasises (`Overlay`, `highlight_overlay`, `coverage_overlay`);
- `compiler.flowchart.chart`: the DOT of the whole chart (`to_dot`) or of one printed page;
- `compiler.flowchart.paginate`: a chart too large for one sheet split by sub-pathway and packed onto sheets;
- `compiler.flowchart.output`: writing .dot, .svg, .png or .pdf (`render`), stamped;
- `compiler.flowchart.dot`: escaping, the DOT writer, running Graphviz, stamps, PDF sheets.

The `render` and `diagrams` commands, and `stale_diagrams`, are in `compiler.cli.render`.

Importing it loads none of networkx, Graphviz or the guideline model: they load only when
something is drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from compiler.flowchart.chart import to_dot
from compiler.flowchart.dot import dot_escape
from compiler.flowchart.output import render_file
from compiler.flowchart.overlay import Branch, Overlay, coverage_overlay, highlight_overlay
from compiler.flowchart.paginate import page_dots

if TYPE_CHECKING:
    from dsl.program import Program

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
]


def render(program: Program, path: str, overlay: Overlay | None = None, paper: str = "a4") -> None:
    """Write the chart to `path`: .dot (the whole chart), .svg and .png (the whole chart, drawn),
    or .pdf (sheets of `paper`, split into sub-pathways when one sheet cannot hold it at 7 pt)."""
    render_file(program, path, overlay, paper)
