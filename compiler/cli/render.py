"""The `render` and `diagrams` commands, and the diagrams/ directory they keep current (`diagrams`,
`stale_diagrams`)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Literal, NamedTuple

from compiler.cli.command import Command
from compiler.files import UsageError, read_json_object, read_text
from dsl.text import visible

if TYPE_CHECKING:
    from compiler.flowchart.output import Rendered
    from dsl.program import Program

# The CLI imports this module on every command to list these two: what draws loads only when
# they run, so that `guideline eval` starts fast.
DIAGRAM_FORMATS = (".svg", ".pdf", ".png")
PAPER_NAMES = ("a4", "letter")  # compiler.flowchart.dot.PAPERS (tests/test_render.py checks they agree)


def cmd_render(args: argparse.Namespace) -> int:
    from compiler.api import check_text, compile_text
    from compiler.flowchart.output import check_format, render_file
    from compiler.flowchart.overlay import highlight_overlay

    check_format(args.output)
    text = read_text(args.file, "guideline")
    checked = check_text(text, args.file)
    overlay = None
    if args.highlight:
        inputs = read_json_object(args.highlight)
        overlay = highlight_overlay(checked.program, compile_text(text, args.file).evaluate(inputs))
    rendered = render_file(checked.program, args.output, overlay, args.paper)
    print(f"{visible(args.output)}: written ({_describe(rendered, args.paper)})")
    return 0


def _describe(rendered: Rendered, paper: str) -> str:
    from compiler.flowchart import dot as d
    from compiler.flowchart.chart import MIN_PRINT_PT

    kind = os.path.splitext(rendered.path)[1].lstrip(".").upper()
    if kind != "PDF":
        return f"{kind}, {rendered.size:,} bytes"
    sheets = f"{rendered.pages} page{'s' if rendered.pages != 1 else ''} of {d.PAPERS[paper].name}"
    small = (
        ""
        if rendered.smallest_pt >= MIN_PRINT_PT - 1e-6
        else f", under {MIN_PRINT_PT:g} pt: a page could not be split further"
    )
    return f"PDF, {sheets}, smallest text {rendered.smallest_pt:.1f} pt{small}"


class Diagram(NamedTuple):  # not a dataclass: this module loads on every command, dataclasses is slow to import
    guideline: str
    path: str
    state: Literal["current", "stale", "missing", "orphan"]


def diagrams(guidelines: str = "guideline", out: str = "diagrams", paper: str = "a4") -> list[Diagram]:
    """Each diagram `guideline diagrams` keeps, and whether it is current: its stamp (`stamp`) must
    match the guideline and this renderer. A diagram in `out` with a stamp but no guideline is an
    orphan. Reads and checks every guideline; draws nothing."""
    from compiler.api import check_text
    from compiler.flowchart import dot as d
    from compiler.flowchart.output import stamp

    if not os.path.isdir(guidelines):
        raise UsageError(f"{guidelines}: no such directory")
    names = sorted(n for n in os.listdir(guidelines) if n.endswith(".guideline"))
    if not names:
        raise UsageError(f"{guidelines}: has no .guideline files")
    found: list[Diagram] = []
    stems = set()
    for name in names:
        source = os.path.join(guidelines, name)
        stem = name.removesuffix(".guideline")
        stems.add(stem)
        mark = stamp(check_text(read_text(source, "guideline"), source).program, None, paper)
        for extension in DIAGRAM_FORMATS:
            path = os.path.join(out, stem + extension)
            seen = d.read_stamp(path)
            state: Literal["current", "stale", "missing"] = (
                "missing" if not os.path.exists(path) else "current" if seen == mark else "stale"
            )
            found.append(Diagram(source, path, state))
    for name in sorted(os.listdir(out)) if os.path.isdir(out) else []:
        stem, extension = os.path.splitext(name)
        path = os.path.join(out, name)
        if extension in DIAGRAM_FORMATS and stem not in stems and d.read_stamp(path) is not None:
            found.append(Diagram("", path, "orphan"))
    return found


def stale_diagrams(guidelines: str = "guideline", out: str = "diagrams", paper: str = "a4") -> list[str]:
    """`PATH: stale` (or missing, or orphan) for each diagram that is not current; empty when all are."""
    return [
        f"{x.path}: {x.state if x.state != 'orphan' else 'no guideline draws it'}"
        for x in diagrams(guidelines, out, paper)
        if x.state != "current"
    ]


def cmd_diagrams(args: argparse.Namespace) -> int:
    from compiler.api import check_text
    from compiler.flowchart.output import render_file

    found = diagrams(args.guidelines, args.out)
    if args.check:
        problems = stale_diagrams(args.guidelines, args.out)
        for problem in problems:
            print(problem)
        if problems:
            print(
                f"guideline: {len(problems)} diagram file{'s' if len(problems) != 1 else ''} out of date: "
                "run 'guideline diagrams' (make diagrams)",
                file=sys.stderr,
            )
            return 1
        print(f"{visible(args.out)}: {len(found)} diagram files up to date")
        return 0
    checked: dict[str, Program] = {}
    for diagram in found:
        if diagram.state == "orphan":
            os.remove(diagram.path)
            print(f"{visible(diagram.path)}: removed (no guideline draws it)")
        elif diagram.state != "current":
            if diagram.guideline not in checked:
                checked[diagram.guideline] = check_text(
                    read_text(diagram.guideline, "guideline"), diagram.guideline
                ).program
            rendered = render_file(checked[diagram.guideline], diagram.path)
            print(f"{visible(diagram.path)}: written ({_describe(rendered, 'a4')})")
        else:
            print(f"{visible(diagram.path)}: up to date")
    return 0


def _render_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="OUT.svg, OUT.pdf, OUT.png or OUT.dot")
    p.add_argument("--highlight", metavar="PATIENT.json", help="a patient's inputs (JSON object): draw their path")
    p.add_argument("--paper", choices=PAPER_NAMES, default="a4", help="the sheet of a PDF (default a4)")


def _diagrams_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 listing what is stale or missing")
    p.add_argument(
        "--guidelines", default="guideline", metavar="DIR", help="where the guidelines are (default guideline)"
    )
    p.add_argument("--out", default="diagrams", metavar="DIR", help="where the diagrams go (default diagrams)")


COMMANDS = (
    Command(80, "render", "draw a guideline's flowchart: .svg, .pdf, .png or .dot", _render_arguments, cmd_render),
    Command(
        90, "diagrams", "redraw DIR/NAME.svg, .pdf and .png for every guideline", _diagrams_arguments, cmd_diagrams
    ),
)
