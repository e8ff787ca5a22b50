"""Flowcharts of a guideline: `to_dot`, `render`, overlays for one patient or for coverage, the CLI.

The chart is drawn for ward clinicians who print it and reviewers who read it before the text:
terminals are rounded boxes, decisions hexagons holding the question with the branch conditions
on their edges (in branch order, `otherwise` last), actions boxes listing their recommendation
sentences with superscript reference numbers. A footer holds the checks that run on every
evaluation, the definitions the conditions use, a legend and the references, numbered in the
order the guideline declares its sources. A PDF goes on A4 (or Letter) sheets; a chart that does
not fit one sheet with its smallest text at 7 pt or more is split into sub-pathways, one a sheet,
joined by labelled off-page connectors (see docs/flowcharts.md).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from compiler import dot as d
from compiler.dot import Html, bulleted, centred, dot_escape, wrapped
from compiler.files import UsageError, read_json_object, read_text

if TYPE_CHECKING:  # the CLI imports this module for `register`: networkx and dsl load only when drawing
    import networkx as nx

    from dsl import model as m
    from dsl.checks import Checked

END = "end"  # dsl.graph.END (tests/test_render.py checks they agree)

__all__ = [
    "Overlay",
    "Branch",
    "dot_escape",
    "to_dot",
    "page_dots",
    "highlight_overlay",
    "coverage_overlay",
    "render",
    "register",
]

RENDER_VERSION = "1"  # part of every stamp: bump it when the drawing changes for the same DOT

Branch = tuple[str, str, int]  # (source step, target step or "end", branch index; -1: otherwise or then)

# ---- the look ----

FONT = "DejaVu Sans"
TITLE_PT = 13.0
# Graphviz takes the POINT-SIZE of HTML-like labels as a whole number: sizes here are whole.
LABEL_PT = 9.0  # step labels, bold
TEXT_PT = 9.0  # sentences and questions
EDGE_PT = 8.0
SMALL_PT = 8.0  # step ids, footer text without superscripts
SUP_PT = 10.0  # the font around <SUP>, which Graphviz (Pango) shrinks by 1.2: superscripts at 8.3 pt
SMALLEST_PT = min(SMALL_PT, EDGE_PT, SUP_PT / 1.2)  # the smallest text on a chart at natural size
MIN_PRINT_PT = 7.0
PAD_PT = 7.2  # around a drawing
PAGE_SLACK = 0.05  # the plain chart's pages are sized for text at least 5 % above the minimum

SENTENCE_WIDTH = 30  # characters a line, for recommendation sentences
LABEL_WIDTH = 30
QUESTION_WIDTH = 28
CONDITION_WIDTH = 24
PANEL_CONDITION_WIDTH = 30
PANEL_SENTENCE_WIDTH = 46
REFERENCE_WIDTH = 48
DEFINITION_WIDTH = 70

INK = "#1a1a1a"
GREY = "#5f6368"
TERMINAL_FILL = "#e8eaed"
DECISION_FILL = "#fef3d6"
ACTION_FILL = "#e3eefb"
PANEL_FILL = "#f8f9fa"
EMPHASIS = "#0b57d0"  # a patient's path
PROBLEM = "#c5221f"  # coverage gaps, where an evaluation stopped
DIM = "#9aa0a6"  # greyed, still legible on paper
NOTE_FILL = "#fff8c5"
STOP_FILL = "#fce8e6"


@dataclass(frozen=True)
class Overlay:
    """What to emphasise on a chart, for one patient or for a set of test cases.

    `nodes` (step ids, `end`), `edges` (branches: source, target, index as in `dsl.graph`, -1 for
    `otherwise` and `then`) and `checks` (check id, rule index) are the emphasised elements. In
    mode `path` they are drawn bold in blue and everything else is dimmed (nothing is dimmed when
    nothing is emphasised); in mode `coverage` they are the gaps, drawn in red on a normal chart.
    `edge_labels`, `node_labels` and `check_labels` add a line of text to a branch, a step or a
    check rule (a value such as `yes`, a count of cases). `note` is a box of lines under the title
    (headed `note_title`); `stop` marks the step where an evaluation stopped and `needs` lists what
    it needed there.
    """

    mode: Literal["path", "coverage"] = "path"
    nodes: frozenset[str] = frozenset()
    edges: frozenset[Branch] = frozenset()
    checks: frozenset[tuple[str, int]] = frozenset()
    edge_labels: Mapping[Branch, str] = field(default_factory=dict)
    node_labels: Mapping[str, str] = field(default_factory=dict)
    check_labels: Mapping[tuple[str, int], str] = field(default_factory=dict)
    note_title: str = ""
    note: tuple[str, ...] = ()
    stop: str | None = None
    needs: tuple[str, ...] = ()

    @property
    def dims(self) -> bool:
        return self.mode == "path" and bool(self.nodes or self.edges or self.checks)


PLAIN = Overlay()


# ---- reading the guideline ----


def _branches(graph: nx.DiGraph, node: str) -> list[tuple[int, str, str]]:
    """(index, condition, target) of a step's ways on, in branch order with `otherwise` last."""
    found = [
        (b["index"], b["condition"], target) for _, target, e in graph.out_edges(node, data=True) for b in e["branches"]
    ]
    return sorted(found, key=lambda b: (b[0] < 0, b[0]))


def _expr_names(expr: object) -> Iterator[str]:
    """Every name an expression reads (inputs, definitions, choice values)."""
    from dsl import model as m

    if isinstance(expr, m.Name):
        yield expr.name
    elif isinstance(expr, tuple):
        for item in expr:
            yield from _expr_names(item)
    elif dataclasses.is_dataclass(expr) and not isinstance(expr, (m.Span, type)):
        for f in dataclasses.fields(expr):
            yield from _expr_names(getattr(expr, f.name))


def _definitions_used(guideline: m.Guideline, conditions: Iterable[m.Expr]) -> list[m.Definition]:
    """The definitions the conditions read, directly or through other definitions, in file order."""
    by_name = {defn.name: defn for defn in guideline.definitions}
    wanted: set[str] = set()
    todo = [name for expr in conditions for name in _expr_names(expr)]
    while todo:
        name = todo.pop()
        if name in by_name and name not in wanted:
            wanted.add(name)
            todo += _expr_names(by_name[name].expr)
    return [defn for defn in guideline.definitions if defn.name in wanted]


@dataclass(frozen=True)
class _Page:
    """One sheet of a split chart: the steps it draws and where the flow goes on."""

    number: int
    total: int
    root: str | None  # None: the page of the checks
    steps: frozenset[str]
    elsewhere: Mapping[str, int]  # step on another page that a step here goes on to -> its page
    entries: Mapping[str, tuple[int, ...]]  # step here that steps on other pages go on to -> those pages
    stagger: bool = False  # a decision's 2nd, 4th, ... branch one rank lower: narrower, taller
    tight: bool = False  # less space between nodes and ranks
    contents: tuple[tuple[int, str], ...] = ()  # on the first page: each other page's first step, or :part
    part: Literal["all", "checks", "references"] = "all"  # what a page without a root (the last) holds


# ---- the chart ----


def _pages_words(pages: tuple[int, ...]) -> str:
    return f"page {pages[0]}" if len(pages) == 1 else "pages " + ", ".join(map(str, pages))


def _number(index: int) -> str:
    """A branch's number as the edge shows it: ➊ to ➓ (DejaVu Sans has them), then plain digits."""
    return chr(0x2776 + index) if index < 10 else f"<B>{index + 1}.</B>"


def _connector(lines: list[str]) -> dict[str, d.AttrValue]:
    """An off-page connector: a pentagon pointing down, sized to its text (Graphviz would make it
    half as wide again)."""
    width = max(len(line) for line in lines) * TEXT_PT * 0.6 / 72 + 0.2
    return {
        "shape": "invhouse",
        "fixedsize": "shape",
        "width": round(width, 2),
        "height": round(0.18 + 0.16 * len(lines), 2),
        "style": "filled",
        "fillcolor": "white",
    }


class _Chart:
    """Builds the DOT of one chart: the whole guideline, or one page of it."""

    def __init__(
        self, checked: Checked, overlay: Overlay, page: _Page | None, tight: bool = False, stacked: bool = False
    ) -> None:
        """`tight` and `stacked` (the footer's panels one under the other) lay out the whole chart
        (`page` None) more compactly; a page has its own `tight`, and always stacks."""
        self.tight = page.tight if page is not None else tight
        self.stacked = page is not None or stacked
        self.g = checked.guideline
        self.graph = checked.graph
        self.o = overlay
        self.page = page
        self.steps = [s for s in self.g.steps if s.id in self.graph and (page is None or s.id in page.steps)]
        self.on_page = {s.id for s in self.steps}
        self.texts = {r.code: r.text or "" for r in self.g.recommendations}
        self.cites = {r.code: tuple(c.name for c in r.citations) for r in self.g.recommendations}
        self.numbers = {s.key: n for n, s in enumerate(self.g.sources, start=1)}
        self.cited: set[str] = set()
        back = page is not None and page.root is None  # a page after the flow
        self.with_checks = page is None or back and page.part != "references"
        self.with_references = page is None or back and page.part != "checks"
        if page is not None and self.with_references:
            self.cited.update(c.name for r in self.g.recommendations for c in r.citations)
            self.cited.update(c.name for defn in self.g.definitions for c in defn.citations)
        self.out = d.DotWriter(self.g.id.value if self.g.id else "guideline")
        self.sinks: list[str] = []  # the nodes the flow ends in, in the order drawn

    # -- helpers --
    def sup(self, keys: Iterable[str]) -> str:
        keys = list(dict.fromkeys(keys))
        self.cited.update(keys)
        numbers = sorted(self.numbers[k] for k in keys if k in self.numbers)
        return f'<FONT POINT-SIZE="{SUP_PT:g}"><SUP>{",".join(map(str, numbers))}</SUP></FONT>' if numbers else ""

    def sentence(self, code: str, width: int) -> str:
        """A recommendation's sentence after a bullet, with its reference numbers."""
        return bulleted(self.texts.get(code, code), width) + self.sup(self.cites.get(code, ()))

    def style(self, emphasised: bool, kind: str = "node") -> dict[str, d.AttrValue]:
        if self.o.mode == "coverage":
            return {"color": PROBLEM, "penwidth": 2.5, "fontcolor": PROBLEM} if emphasised else {}
        if emphasised:
            return {"color": EMPHASIS, "penwidth": 3 if kind == "node" else 2.5, "fontcolor": EMPHASIS}
        faded: dict[str, d.AttrValue] = {"color": DIM, "fontcolor": DIM}
        if self.o.dims:
            return faded | {"fillcolor": "white"} if kind == "node" else faded
        return {}

    def extra(self, text: str | None) -> str:
        return f"<BR/><I>{dot_escape(text)}</I>" if text else ""

    # -- the whole --
    def build(self) -> str:
        out = self.out
        tight = self.tight
        out.attrs(
            "graph",
            rankdir="TB",
            newrank="true",
            ordering="out",
            nodesep=0.08 if tight else 0.15,
            ranksep=0.2 if tight else 0.3,
            fontname=FONT,
            fontsize=TEXT_PT,
            labelloc="t",
            labeljust="l",
            pad=PAD_PT / 72,
            margin=0,
            label=Html(self.title()),
        )
        out.attrs("node", fontname=FONT, fontsize=TEXT_PT, fontcolor=INK, color=INK, penwidth=1.2, margin="0.1,0.06")
        out.attrs("edge", fontname=FONT, fontsize=EDGE_PT, fontcolor=INK, color=INK, penwidth=1.2, arrowsize=0.7)
        start = self.graph.graph["start"]
        if start in self.on_page:
            out.node(
                "start:",
                self.style(bool(self.o.nodes)),
                shape="box",
                style="rounded,filled",
                fillcolor=TERMINAL_FILL,
                fontsize=LABEL_PT,
                label=Html("<B>Start</B>"),
            )
            out.edge("start:", start, self.style(start in self.o.nodes, "edge"))
        page = self.page
        for entered, pages in sorted(page.entries.items()) if page is not None else []:
            if page is not None and entered == page.root:
                continue  # said in the title
            text = f"Continued from {_pages_words(pages)}"
            out.node(
                f"from:{entered}",
                _connector([text]),
                self.style(entered in self.o.nodes),
                label=Html(f"<B>{dot_escape(text)}</B>"),
            )
            out.edge(f"from:{entered}", entered, self.style(entered in self.o.nodes, "edge"))
        for step in self.steps:
            self.step(step)
        self.connectors()
        if self.o.stop is not None and self.o.stop in self.on_page:
            self.stop_marker(self.o.stop)
        out.node("footer:", shape="plain", label=Html(self.footer()))
        for sink in self.sinks:  # below every last node of the flow
            out.edge(sink, "footer:", style="invis", weight=0)
        return out.text()

    def title(self) -> str:
        g = self.g
        head = f'<FONT POINT-SIZE="{TITLE_PT:g}"><B>{dot_escape(g.title.value if g.title else "")}</B></FONT>'
        facts = [
            g.id.value if g.id else "",
            f"version {g.version.value if g.version else ''}",
            f"status {g.status.value if g.status else ''}",
        ]
        if self.page is not None:
            entry = self.page.entries.get(self.page.root or "", ())
            where = (
                _BACK_PAGES[self.page.part]
                if self.page.root is None
                else "from the start"
                if self.page.number == 1
                else f"{self.page.root}, continued from {_pages_words(entry)}"
            )
            facts.append(f"page {self.page.number} of {self.page.total}: {where}")
        line = dot_escape("   ·   ".join(facts))
        text = f'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP">{head}<BR ALIGN="LEFT"/>{line}</TD>'
        noted = self.page is None or self.page.number == 1
        if not (self.o.note_title or self.o.note) or not noted:
            return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1"><TR>{text}</TR></TABLE>'
        # Beside the title on a page of the flow (pages are wide), under it otherwise.
        beside = self.page is not None
        width = 50 if beside else 90
        fill = STOP_FILL if self.o.stop is not None or self.o.needs else NOTE_FILL
        lines = [f"<B>{wrapped(self.o.note_title, width)}</B>"] if self.o.note_title else []
        lines += [wrapped(line, width) for line in self.o.note]
        body = '<BR ALIGN="LEFT"/>'.join(lines)
        note = (
            f'<TD ALIGN="LEFT" VALIGN="TOP" BALIGN="LEFT" BGCOLOR="{fill}" BORDER="1" COLOR="{GREY}" CELLPADDING="4">'
            f'{body}<BR ALIGN="LEFT"/></TD>'
        )
        rows = f'<TR>{text}<TD WIDTH="12"></TD>{note}</TR>' if beside else f"<TR>{text}</TR><TR>{note}</TR>"
        return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{rows}</TABLE>'

    # -- steps --
    def step(self, step: m.Step) -> None:
        from dsl import model as m

        data = self.graph.nodes[step.id]
        style = self.style(step.id in self.o.nodes)
        note = self.extra(self.o.node_labels.get(step.id))
        ident = f'<FONT POINT-SIZE="{SMALL_PT:g}" COLOR="{GREY}">{dot_escape(step.id)}</FONT>'
        if isinstance(step, m.Decision):
            label = (
                f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
                f"<TR><TD><B>{centred(data['label'], QUESTION_WIDTH)}</B>{note}</TD></TR>"
                f"<TR><TD>{ident}</TD></TR></TABLE>"
            )
            self.out.node(
                step.id,
                style,
                shape="hexagon",
                style="filled",
                fillcolor=DECISION_FILL,
                margin="0.02,0.04",
                label=Html(label),
            )
        else:
            rows = [
                f'<TR><TD ALIGN="LEFT" BALIGN="LEFT" COLSPAN="2"><FONT POINT-SIZE="{LABEL_PT:g}">'
                f'<B>{wrapped(data["label"], LABEL_WIDTH)}</B></FONT>{note}<BR ALIGN="LEFT"/>{ident}</TD></TR>'
            ]
            for code in data["recommendations"]:
                rows.append(
                    f'<TR><TD ALIGN="LEFT" BALIGN="LEFT" COLSPAN="2">{self.sentence(code, SENTENCE_WIDTH)}</TD></TR>'
                )
            label = f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">{"".join(rows)}</TABLE>'
            self.out.node(step.id, style, shape="box", style="filled", fillcolor=ACTION_FILL, label=Html(label))
        for index, condition, target in _branches(self.graph, step.id):
            self.branch(step, index, condition, target)

    def branch(self, step: m.Step, index: int, condition: str, target: str) -> None:
        from dsl import model as m

        key: Branch = (step.id, target, index)
        style = self.style(key in self.o.edges, "edge")
        attrs: dict[str, d.AttrValue] = {}
        if self.page is not None and self.page.stagger and index % 2 == 1 and len(_branches(self.graph, step.id)) > 2:
            attrs["minlen"] = 2
        value = self.o.edge_labels.get(key)
        shown = f"  <B><I>{dot_escape(value)}</I></B>" if value else ""
        if isinstance(step, m.Decision):
            text = "<I>otherwise</I>" if index < 0 else f"{_number(index)} {wrapped(condition, CONDITION_WIDTH)}"
            attrs["label"] = Html(text + shown)
        elif value:
            attrs["label"] = Html(shown.strip())
        if target == END:
            name = f"end:{step.id}"
            if name not in self.sinks:
                self.sinks.append(name)
                emphasised = any(b[:2] == (step.id, END) for b in self.o.edges)
                self.out.node(
                    name,
                    self.style(emphasised),
                    shape="box",
                    style="rounded,filled",
                    fillcolor=TERMINAL_FILL,
                    fontsize=SMALL_PT,
                    height=0.22,
                    width=0.5,
                    margin="0.06,0.01",
                    label=Html("<B>End</B>"),
                )
        elif target in self.on_page:
            name = target
        else:
            name = f"to:{target}"
        self.out.edge(step.id, name, attrs, style)

    def connectors(self) -> None:
        if self.page is None:
            return
        for target, number in sorted(self.page.elsewhere.items(), key=lambda item: (item[1], item[0])):
            lines = [f"Continued on page {number}:", target]
            label = f"<B>{dot_escape(lines[0])}</B><BR/>{dot_escape(lines[1])}"
            self.sinks.append(f"to:{target}")
            self.out.node(f"to:{target}", _connector(lines), self.style(target in self.o.nodes), label=Html(label))

    def stop_marker(self, step: str) -> None:
        """A red box beside the step where the evaluation stopped, naming what it needs."""
        needs = ", ".join(self.o.needs) or "nothing listed"
        label = f"<B>Stopped here</B><BR/>{centred('needs ' + needs, 30)}"
        self.out.node(
            "stop:",
            shape="box",
            style="filled,bold",
            fillcolor=STOP_FILL,
            color=PROBLEM,
            fontcolor=PROBLEM,
            label=Html(label),
        )
        self.out.edge(step, "stop:", style="dashed", color=PROBLEM, arrowhead="none", constraint="false")
        self.out.same_rank("same", [step, "stop:"])

    # -- the footer: checks, definitions, legend, references --
    def footer(self) -> str:
        """Stacked panels under the flow, each at most about 500 pt wide so that a portrait sheet takes them."""
        from dsl import model as m

        panels = []
        if self.page is not None and self.page.contents:
            panels.append(self.contents_panel(self.page.contents))
        if self.with_checks and self.g.checks:
            panels.append(self.checks_panel())
        conditions = [b.condition for s in self.steps if isinstance(s, m.Decision) for b in s.branches]
        if self.with_checks:
            conditions += [rule.condition for c in self.g.checks for rule in c.rules]
        definitions = _definitions_used(self.g, conditions)
        if definitions:
            panels.append(self.definitions_panel(definitions))
        panels.append(self.legend())
        if self.with_references:
            panels.append(self.references())
        if not self.stacked and self.g.checks:  # the whole chart is wide: the checks beside the rest
            rest = "".join(f'<TR><TD ALIGN="LEFT">{panel}</TD></TR>' for panel in panels[1:])
            rest_table = f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0">{rest}</TABLE>'
            return (
                f'<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="0"><TR><TD VALIGN="TOP">{panels[0]}</TD>'
                f'<TD VALIGN="TOP">{rest_table}</TD></TR></TABLE>'
            )
        rows = "".join(f'<TR><TD ALIGN="LEFT">{panel}</TD></TR>' for panel in panels)
        return f'<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="0">{rows}</TABLE>'

    def panel(self, heading: str, rows: list[str], columns: int) -> str:
        head = (
            f'<TR><TD ALIGN="LEFT" COLSPAN="{columns}" BALIGN="LEFT"><FONT POINT-SIZE="{LABEL_PT:g}">'
            f"<B>{dot_escape(heading)}</B></FONT></TD></TR>"
        )
        return (
            f'<TABLE BORDER="1" COLOR="{GREY}" STYLE="rounded" BGCOLOR="{PANEL_FILL}" CELLBORDER="0" CELLSPACING="0" '
            f'CELLPADDING="2">{head}{"".join(rows)}</TABLE>'
        )

    def contents_panel(self, contents: tuple[tuple[int, str], ...]) -> str:
        rows = []
        for number, root in contents:
            if root.startswith(":"):  # a page after the flow
                what = dot_escape(_BACK_PAGES[root[1:]].capitalize())
            else:
                label = self.graph.nodes[root]["label"]
                what = f"<B>{dot_escape(root)}</B>  {wrapped(label, 70)}"
            rows.append(
                f'<TR><TD ALIGN="RIGHT" VALIGN="TOP">{number}</TD><TD ALIGN="LEFT" BALIGN="LEFT">{what}</TD></TR>'
            )
        return self.panel("Pages", rows, 2)

    def checks_panel(self) -> str:
        intro = (
            "After the pathway, on every evaluation with valid inputs; "
            "in each check the first line that applies adds its recommendations."
        )
        rows = [f'<TR><TD ALIGN="LEFT" COLSPAN="2" BALIGN="LEFT">{wrapped(intro, 90)}</TD></TR>']
        for check in self.g.checks:
            ident = f'<FONT POINT-SIZE="{SMALL_PT:g}" COLOR="{GREY}">{dot_escape(check.id)}</FONT>'
            rows.append(
                f'<TR><TD ALIGN="LEFT" COLSPAN="2" BALIGN="LEFT">'
                f"<B>{wrapped(check.label or check.id, 80)}</B>   {ident}</TD></TR>"
            )
            for index, rule in enumerate(check.rules):
                key = (check.id, index)
                style = self.style(key in self.o.checks, "edge")
                color = f' COLOR="{style["fontcolor"]}"' if "fontcolor" in style else ""
                bold = ("<B>", "</B>") if key in self.o.checks else ("", "")
                sentences = '<BR ALIGN="LEFT"/>'.join(self.sentence(c.name, PANEL_SENTENCE_WIDTH) for c in rule.codes)
                rows.append(
                    f'<TR><TD ALIGN="LEFT" VALIGN="TOP" BALIGN="LEFT"><FONT{color}>{bold[0]}'
                    f"{wrapped('when ' + rule.text, PANEL_CONDITION_WIDTH)}{self.extra(self.o.check_labels.get(key))}"
                    f"{bold[1]}</FONT></TD>"
                    f'<TD ALIGN="LEFT" VALIGN="TOP" BALIGN="LEFT">'
                    f"<FONT{color}>{bold[0]}{sentences}{bold[1]}</FONT></TD></TR>"
                )
        return self.panel("Checks on every evaluation", rows, 2)

    def definitions_panel(self, definitions: list[m.Definition]) -> str:
        rows = [
            f'<TR><TD ALIGN="LEFT" VALIGN="TOP" BALIGN="LEFT"><B>{wrapped(defn.name, 30)}</B></TD>'
            f'<TD ALIGN="LEFT" BALIGN="LEFT">{wrapped(defn.text, DEFINITION_WIDTH)}'
            f"{self.sup(c.name for c in defn.citations)}</TD></TR>"
            for defn in definitions
        ]
        return self.panel("Terms used in the conditions", rows, 2)

    def legend(self) -> str:
        items = [
            ("▢", TERMINAL_FILL, INK, "start, end"),
            ("⬡", DECISION_FILL, INK, "decision: branches tried in order ➊ ➋ …, otherwise last"),
            ("▭", ACTION_FILL, INK, "action"),
        ]
        if self.page is not None:
            items.append(("⬠", "white", INK, "other page"))
        at = f", listed on page {self.page.total}" if self.page is not None and not self.with_references else ""
        items.append(("¹", "white", INK, f"reference{at}"))
        if self.o.dims:
            items.append(("━", "white", EMPHASIS, "this patient's path"))
        elif self.o.mode == "coverage":
            items.append(("━", "white", PROBLEM, "not covered"))
        cells = [
            f'<TD BGCOLOR="{fill}"><FONT COLOR="{colour}">{dot_escape(glyph)}</FONT></TD>'
            f'<TD ALIGN="LEFT">{dot_escape(text)}   </TD>'
            for glyph, fill, colour, text in items
        ]
        rows = [cells[i : i + 4] for i in range(0, len(cells), 4)]
        lines = "".join(
            f"<TR><TD>{'<B>Legend:</B>' if n == 0 else ''}</TD>{''.join(row)}</TR>" for n, row in enumerate(rows)
        )
        return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">{lines}</TABLE>'

    def references(self) -> str:
        cited = [source for source in self.g.sources if source.key in self.cited]
        entries = [
            f'<TD ALIGN="RIGHT" VALIGN="TOP">{self.numbers[source.key]}</TD>'
            f'<TD ALIGN="LEFT" VALIGN="TOP" BALIGN="LEFT">{wrapped(source.reference, REFERENCE_WIDTH)}'
            f' <FONT COLOR="{GREY}">[{dot_escape(source.key)}]</FONT></TD>'
            for source in cited
        ]
        half = (len(entries) + 1) // 2 if len(entries) > 3 else len(entries)
        rows = ['<TR><TD ALIGN="LEFT" COLSPAN="4"><B>References</B></TD></TR>']
        for left, right in zip(entries[:half], entries[half:] + [""] * (2 * half - len(entries)), strict=True):
            rows.append(f"<TR>{left}{right or '<TD></TD><TD></TD>'}</TR>")
        return (
            f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1"><TR><TD>'
            f'<FONT POINT-SIZE="{SMALL_PT:g}"><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">'
            f"{''.join(rows)}</TABLE></FONT>"
            "</TD></TR></TABLE>"
        )


def to_dot(checked: Checked, overlay: Overlay | None = None) -> str:
    """The whole chart as DOT text, the same bytes for the same guideline and overlay."""
    return _Chart(checked, overlay or PLAIN, None).build()


# ---- pages: split a chart too large for one sheet into sub-pathways ----


def _preorder(graph: nx.DiGraph, start: str) -> list[str]:
    """Steps in reading order: depth first from the start, branches in their order."""
    order: list[str] = []
    todo = [start]
    while todo:
        node = todo.pop()
        if node in order or node == END:
            continue
        order.append(node)
        todo += reversed([target for _, _, target in _branches(graph, node)])
    return order


class _Pagination:
    """Which step goes on which page, given the steps that start a page."""

    def __init__(self, checked: Checked) -> None:
        self.checked = checked
        self.graph = checked.graph
        self.start: str = self.graph.graph["start"]
        self.order = _preorder(self.graph, self.start)
        import networkx as nx

        idom = nx.immediate_dominators(self.graph, self.start)
        self.idom = {n: p for n, p in idom.items() if n != self.start and n != END}
        self.lines = {s.id: s.span.line for s in checked.guideline.steps}

    def owner(self, step: str, roots: set[str]) -> str:
        while step not in roots:
            step = self.idom[step]
        return step

    def pages(self, roots: set[str], placeholder: bool = False, last: bool = False, split: bool = False) -> list[_Page]:
        """The pages, and if asked a last one for the checks and the references (two when `split`);
        with `placeholder`, every page number is 88 (to measure pages before they are numbered)."""
        ordered = [step for step in self.order if step in roots]
        number = {root: 88 if placeholder else n for n, root in enumerate(ordered, start=1)}
        owner = {step: self.owner(step, roots) for step in self.order}
        pages = []
        for root in ordered:
            steps = frozenset(s for s in self.order if owner[s] == root)
            elsewhere = {
                t: number[owner[t]]
                for s in steps
                for _, _, t in _branches(self.graph, s)
                if t != END and t not in steps
            }
            entries = {
                s: tuple(sorted({number[owner[p]] for p in self.graph.predecessors(s) if p not in steps}))
                for s in steps
                if any(p not in steps for p in self.graph.predecessors(s))
            }
            total = 88 if placeholder else len(ordered) + last + (last and split)
            pages.append(_Page(number[root], total, root, steps, elsewhere, entries))
        parts: list[Literal["all", "checks", "references"]] = ["checks", "references"] if split else ["all"]
        for part in parts if last else []:
            number_ = 88 if placeholder else len(pages) + 1
            pages.append(_Page(number_, total, None, frozenset(), {}, {}, part=part))
        if pages:
            contents = tuple((p.number, p.root or f":{p.part}") for p in pages[1:])
            pages[0] = dataclasses.replace(pages[0], contents=contents)
        return pages

    def subtree(self, step: str, within: frozenset[str]) -> set[str]:
        """The steps of `within` that `step` dominates (itself included)."""
        return {s for s in within if self.dominated(s, step)}

    def dominated(self, step: str, by: str) -> bool:
        while step != by:
            if step not in self.idom:
                return False
            step = self.idom[step]
        return True

    def depth(self, step: str, root: str) -> int:
        depth = 0
        while step != root:
            step, depth = self.idom[step], depth + 1
        return depth

    def split(self, page: _Page) -> str | None:
        """The step to start a new page with, to make `page` smaller: a whole sub-pathway, the
        highest one in the page's dominator tree, the largest among those; None when nothing is left."""
        if page.root is None:
            return None
        weight = {s: self.weight(s) for s in page.steps}
        best: tuple[bool, int, int, int] | None = None
        choice = None
        for step in page.steps - {page.root}:
            subtree = self.subtree(step, page.steps)
            key = (len(subtree) < 2, self.depth(step, page.root), -sum(weight[s] for s in subtree), self.lines[step])
            if best is None or key < best:
                best, choice = key, step
        return choice

    def weight(self, step: str) -> int:
        data = self.graph.nodes[step]
        texts = {r.code: r.text or "" for r in self.checked.guideline.recommendations}
        return len(data["label"]) + sum(len(texts.get(code, "")) for code in data["recommendations"]) + 40


def _scale_needed(slack: float) -> float:
    return MIN_PRINT_PT * (1 + slack) / SMALLEST_PT - 1e-9


def paginate(
    checked: Checked, overlay: Overlay | None = None, paper: d.Paper = d.PAPERS["a4"]
) -> list[tuple[str, bytes]]:
    """The chart as pages that each fit one sheet with no text under 7 pt: (DOT, PDF drawing) each.

    A chart with an overlay keeps the pages of the plain chart, so that a patient's printout
    matches the ward's, and splits a page further only when the overlay makes it too large."""
    measure = _Measure(checked, overlay or PLAIN, paper)
    for tight, stacked in ((False, False), (False, True), (True, True)):
        whole = _Chart(checked, overlay or PLAIN, None, tight, stacked).build()
        if measure.fits_text(whole):
            return [(whole, d.run_dot(whole, "pdf"))]
    plain = _page_roots(checked, _reserve(checked), paper, None)
    roots = plain if overlay is None else _page_roots(checked, overlay, paper, plain)
    pagination = _Pagination(checked)
    back = _Chart(checked, overlay or PLAIN, _placeholder(pagination.pages(roots, last=True)[-1])).build()
    split = not measure.fits_text(back)  # the checks and the references each get a page
    pages = []
    for page in pagination.pages(roots, last=True, split=split):
        variant = measure.variant(_placeholder(page)) if page.root is not None else None
        if variant is not None:
            page = dataclasses.replace(page, tight=variant.tight, stagger=variant.stagger)
        text = _Chart(checked, overlay or PLAIN, page).build()
        pages.append((text, d.run_dot(text, "pdf")))
    return pages


def _reserve(checked: Checked) -> Overlay:
    """Room for what a patient's overlay adds, so that it seldom needs more pages than the plain
    chart: a value on every branch of a decision, a note of a few lines on the first page."""
    graph = checked.graph
    labels = {
        (n, t, i): "unknown" for n in graph if graph.nodes[n]["kind"] == "decision" for i, _, t in _branches(graph, n)
    }
    return Overlay(edge_labels=labels, note_title="x" * 50, note=("x" * 50,) * 4)


_BACK_PAGES = {
    "all": "checks on every evaluation, references",
    "checks": "checks on every evaluation",
    "references": "references",
}


def _placeholder(page: _Page) -> _Page:
    return dataclasses.replace(
        page,
        number=88,
        total=88,
        elsewhere={k: 88 for k in page.elsewhere},
        entries={k: tuple(88 for _ in v) for k, v in page.entries.items()},
    )


class _Measure:
    """Whether pages fit a sheet, each layout measured once (by DOT text) and kept for the process."""

    _known: dict[tuple[str, str], float] = {}  # the scale each layout prints at

    def __init__(self, checked: Checked, overlay: Overlay, paper: d.Paper, slack: float = 0.0) -> None:
        self.checked, self.overlay, self.paper, self.slack = checked, overlay, paper, slack

    def layout(self, page: _Page) -> bool:
        return self.fits_text(_Chart(self.checked, self.overlay, page).build())

    def fits_text(self, text: str) -> bool:
        key = (self.paper.name, text)
        if key not in self._known:
            self._known[key] = d.place(*d.layout_size(text, PAD_PT), self.paper).scale
        return self._known[key] >= _scale_needed(self.slack)

    def variant(self, page: _Page) -> _Page | None:
        """The page as laid out, or else closer together, or else with its branches staggered, or
        else both: the first that fits; None when none does."""
        for tight, stagger in ((False, False), (True, False), (False, True), (True, True)):
            trial = dataclasses.replace(page, tight=tight, stagger=stagger)
            if self.layout(trial):
                return trial
        return None

    def fits(self, page: _Page) -> bool:
        return self.variant(page) is not None


def _page_roots(checked: Checked, overlay: Overlay, paper: d.Paper, seed: set[str] | None) -> set[str]:
    """The steps that start a page (the whole chart does not fit one sheet).

    Without a `seed`, every decision starts a page; a page still too large loses its largest
    sub-pathway to a new page (`_Pagination.split`); then, deepest first, each page goes back into
    the page it continues from whenever the two fit one sheet together. With a seed (the pages of
    the plain chart), pages are only split further."""
    # The plain chart's pages keep some slack: a patient's overlay changes the layout a little.
    measure = _Measure(checked, overlay, paper, slack=0.0 if seed is not None else PAGE_SLACK)
    pagination = _Pagination(checked)
    decisions = {s for s in pagination.order if pagination.graph.nodes[s]["kind"] == "decision"}
    roots = set(seed) if seed is not None else {pagination.start} | decisions
    while True:
        pages = pagination.pages(roots, placeholder=True, last=True)[:-1]
        new_roots = [root for page in pages if not measure.fits(page) for root in [pagination.split(page)] if root]
        if not new_roots:
            break
        roots.add(new_roots[0])
    if seed is not None:
        return roots
    for root in reversed(pagination.order):
        if root in roots and root != pagination.start:
            trial = roots - {root}
            merged = next(p for p in pagination.pages(trial, placeholder=True, last=True) if root in p.steps)
            if measure.fits(merged):
                roots = trial
    return roots


def page_dots(checked: Checked, overlay: Overlay | None = None, paper: str = "a4") -> list[str]:
    """The DOT of each printed page (one when the whole chart fits a sheet)."""
    return [text for text, _ in paginate(checked, overlay, d.PAPERS[paper])]


# ---- test coverage ----


def coverage_overlay(checked: Checked, coverage: Any) -> Overlay:
    """The overlay of `compiler.coverage.Coverage`: the steps and decision branches no case
    reaches, in red (leaving out those the verifier proved no patient can reach), and a note with
    the figures. Reads `covered_steps`, `covered_outcomes`, `cases`, `steps`, `outcomes`, `routes`."""
    graph = checked.graph
    verification = getattr(checked, "verification", None)
    dead_steps = set(getattr(verification, "dead_steps", None) or ())
    dead_branches = set(getattr(verification, "dead_branches", None) or ())
    covered_steps = set(coverage.covered_steps)
    covered = set(coverage.covered_outcomes)
    nodes = {n for n in graph if n != END and n not in covered_steps and n not in dead_steps}
    edges: set[Branch] = set()
    for node in graph:
        if graph.nodes[node]["kind"] == "decision":
            for index, _, target in _branches(graph, node):
                if (node, index) not in covered and (node, index) not in dead_branches:
                    edges.add((node, target, index))
    labels = {edge: "not covered" for edge in edges}
    figures = [
        f"{what} {pair[0]} of {pair[1]}"
        for what, pair in (
            ("steps", coverage.steps),
            ("decision outcomes", coverage.outcomes),
            ("routes", coverage.routes),
        )
    ]
    return Overlay(
        mode="coverage",
        nodes=frozenset(nodes),
        edges=frozenset(edges),
        edge_labels=labels,
        note_title=f"Coverage by {coverage.cases} test case{'s' if coverage.cases != 1 else ''}: "
        "what no case reaches is red.",
        note=("; ".join(figures) + ".",),
    )


# ---- files ----

FORMATS = (".svg", ".pdf", ".png", ".dot")


@dataclass(frozen=True)
class Rendered:
    """What `render` wrote: for messages and for checking print sizes."""

    path: str
    pages: int
    smallest_pt: float  # the smallest text as printed (PDF) or at natural size
    size: int  # bytes


def stamp(checked: Checked, overlay: Overlay | None = None, paper: str = "a4") -> str:
    """What a drawing is made from: the renderer's version, the paper and the whole DOT."""
    digest = hashlib.sha256(f"{RENDER_VERSION}\n{paper}\n{to_dot(checked, overlay)}".encode())
    return digest.hexdigest()[:32]


def render(checked: Checked, path: str, overlay: Overlay | None = None, paper: str = "a4") -> None:
    """Write the chart to `path`: .dot (the whole chart), .svg and .png (the whole chart, drawn),
    or .pdf (sheets of `paper`, split into sub-pathways when one sheet cannot hold it at 7 pt)."""
    render_file(checked, path, overlay, paper)


def render_file(checked: Checked, path: str, overlay: Overlay | None = None, paper: str = "a4") -> Rendered:
    """`render`, telling what it wrote."""
    extension = os.path.splitext(path)[1].lower()
    if extension not in FORMATS:
        raise UsageError(
            f"{path}: cannot tell the format from the extension: use {', '.join(FORMATS[:-1])} or {FORMATS[-1]}"
        )
    if paper not in d.PAPERS:
        raise UsageError(f"unknown paper '{paper}': use {' or '.join(d.PAPERS)}")
    mark = stamp(checked, overlay, paper)
    pages, smallest = 1, SMALLEST_PT
    if extension == ".dot":
        data = to_dot(checked, overlay).encode("utf-8")
    elif extension == ".svg":
        data = d.stamp_svg(d.run_dot(to_dot(checked, overlay), "svg"), mark)
    elif extension == ".png":
        data = d.stamp_png(d.run_dot(to_dot(checked, overlay), "png"), mark)
    else:
        drawings = [drawing for _, drawing in paginate(checked, overlay, d.PAPERS[paper])]
        title = checked.guideline.title.value if checked.guideline.title else ""
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


# ---- one patient ----


def highlight_overlay(checked: Checked, result: Mapping[str, Any]) -> Overlay:
    """The overlay that shows one evaluation result (`Evaluator.evaluate`) on the chart: the path
    and the branches taken in blue, each traced condition's value on its branch, the checks that
    added recommendations; where a `needs_data` evaluation stopped and what it needs; for
    `invalid_input`, nothing emphasised and a note listing the input errors."""
    status = str(result.get("status", ""))
    if status == "invalid_input":
        errors = [f"{e.get('input', '?')}: {e.get('problem', '')}" for e in result.get("errors", [])]
        return Overlay(note_title="Invalid input: nothing was evaluated, so no path is shown.", note=tuple(errors))
    graph = checked.graph
    path = [str(node) for node in result.get("path", [])]
    traced: dict[str, list[bool | None]] = {}
    for entry in result.get("trace", []):
        traced.setdefault(str(entry.get("node")), []).append(entry.get("value"))
    check_ids = {c.id for c in checked.guideline.checks}
    edges: set[Branch] = set()
    labels: dict[Branch, str] = {}
    for position, node in enumerate(path):
        if node not in graph or node == END:
            continue
        ways = _branches(graph, node)
        values = traced.get(node, []) if graph.nodes[node]["kind"] == "decision" else []
        # A decision's trace holds its conditions in branch order, up to the first true one.
        for (index, _, target), value in zip([w for w in ways if w[0] >= 0], values, strict=False):
            labels[(node, target, index)] = _VALUE_WORDS[value]
        following = path[position + 1] if position + 1 < len(path) else None
        taken = _taken(node, ways, values, following)
        if taken is not None:
            edges.add(taken)
            if taken[2] < 0 and graph.nodes[node]["kind"] == "decision":
                labels[taken] = "taken"
    checks: set[tuple[str, int]] = set()
    check_labels: dict[tuple[str, int], str] = {}
    for check in check_ids:
        for index, value in enumerate(traced.get(check, [])):
            check_labels[(check, index)] = _VALUE_WORDS[value]
            if value is True:
                checks.add((check, index))
    needs = tuple(str(n) for n in result.get("needs", []))
    stop = path[-1] if status == "needs_data" and path and path[-1] != END else None
    count = len(result.get("recommendations", []))
    if status == "needs_data":
        where = (
            f"the pathway stopped at {stop} ({graph.nodes[stop]['label']})"
            if stop in graph
            else "a check could not decide"
        )
        title = f"Needs data: {where}."
        note: tuple[str, ...] = (
            f"Missing: {', '.join(needs) or 'nothing listed'}.",
            f"{count} recommendation{'s' if count != 1 else ''} so far.",
        )
    else:
        title = f"Result: {status}, {count} recommendation{'s' if count != 1 else ''}."
        note = ()
    return Overlay(
        mode="path",
        nodes=frozenset(path),
        edges=frozenset(edges),
        checks=frozenset(checks),
        edge_labels=labels,
        check_labels=check_labels,
        note_title=title,
        note=note,
        stop=stop,
        needs=needs,
    )


_VALUE_WORDS = {True: "yes", False: "no", None: "unknown"}


def _taken(
    node: str, ways: list[tuple[int, str, str]], values: list[bool | None], following: str | None
) -> Branch | None:
    """The branch an evaluation took out of a step, from its traced values and the next step."""
    if following is None:
        return None
    node_ways = [(index, target) for index, _, target in ways]
    if values and values[-1] is True and None not in values:
        index = len(values) - 1
    elif values and all(v is False for v in values):
        index = -1
    else:
        index = next((i for i, t in node_ways if t == following), -1)
    target = next((t for i, t in node_ways if i == index), following)
    return (node, target, index) if target == following else None


# ---- the command line ----

DIAGRAM_FORMATS = (".svg", ".pdf", ".png")


def register(subparsers: Any) -> None:
    """Add `render` and `diagrams` to the `guideline` command's subparsers."""
    p = subparsers.add_parser("render", help="draw a guideline's flowchart: .svg, .pdf, .png or .dot")
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="OUT.svg, OUT.pdf, OUT.png or OUT.dot")
    p.add_argument("--highlight", metavar="PATIENT.json", help="a patient's inputs (JSON object): draw their path")
    p.add_argument("--paper", choices=sorted(d.PAPERS), default="a4", help="the sheet of a PDF (default a4)")
    p.set_defaults(run=cmd_render)

    p = subparsers.add_parser("diagrams", help="redraw DIR/NAME.svg, .pdf and .png for every guideline")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 listing what is stale or missing")
    p.add_argument(
        "--guidelines", default="guideline", metavar="DIR", help="where the guidelines are (default guideline)"
    )
    p.add_argument("--out", default="diagrams", metavar="DIR", help="where the diagrams go (default diagrams)")
    p.set_defaults(run=cmd_diagrams)


def cmd_render(args: argparse.Namespace) -> int:
    from compiler.api import check_text, compile_text

    _check_format(args.output)
    text = read_text(args.file, "guideline")
    checked = check_text(text, args.file)
    overlay = None
    if args.highlight:
        inputs = read_json_object(args.highlight)
        overlay = highlight_overlay(checked, compile_text(text, args.file).evaluate(inputs))
    rendered = render_file(checked, args.output, overlay, args.paper)
    print(f"{args.output}: written ({_describe(rendered, args.paper)})")
    return 0


def _check_format(path: str) -> None:
    if os.path.splitext(path)[1].lower() not in FORMATS:
        raise UsageError(
            f"{path}: cannot tell the format from the extension: use {', '.join(FORMATS[:-1])} or {FORMATS[-1]}"
        )


def _describe(rendered: Rendered, paper: str) -> str:
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


@dataclass(frozen=True)
class Diagram:
    guideline: str
    path: str
    state: Literal["current", "stale", "missing", "orphan"]


def diagrams(guidelines: str = "guideline", out: str = "diagrams", paper: str = "a4") -> list[Diagram]:
    """Each diagram `guideline diagrams` keeps, and whether it is current: its stamp (`stamp`) must
    match the guideline and this renderer. A diagram in `out` with a stamp but no guideline is an
    orphan. Reads and checks every guideline; draws nothing."""
    from compiler.api import check_text

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
        mark = stamp(check_text(read_text(source, "guideline"), source), None, paper)
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
        print(f"{args.out}: {len(found)} diagram files up to date")
        return 0
    checked: dict[str, Checked] = {}
    for diagram in found:
        if diagram.state == "orphan":
            os.remove(diagram.path)
            print(f"{diagram.path}: removed (no guideline draws it)")
        elif diagram.state != "current":
            if diagram.guideline not in checked:
                checked[diagram.guideline] = check_text(read_text(diagram.guideline, "guideline"), diagram.guideline)
            rendered = render_file(checked[diagram.guideline], diagram.path)
            print(f"{diagram.path}: written ({_describe(rendered, 'a4')})")
        else:
            print(f"{diagram.path}: up to date")
    return 0
