"""The DOT of a chart: the whole guideline (`to_dot`), or one printed page of it (`Page`).

Terminals are rounded boxes, decisions hexagons holding the question with the branch conditions
on their edges (in branch order, `otherwise` last), actions boxes listing their recommendation
sentences with superscript reference numbers. A footer holds the checks that run on every
evaluation, the definitions the conditions use, a legend and the references, numbered in the
order the guideline declares its sources. Every piece of author text goes through `dot_escape`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, assert_never

from compiler.flowchart import dot as d
from compiler.flowchart.dot import Html, bulleted, centred, dot_escape, wrapped
from compiler.flowchart.overlay import END, PLAIN, Branch, Overlay, branches

if TYPE_CHECKING:
    import networkx as nx

    from dsl import ir
    from dsl import program as p

# ---- the look ----

FONT = "DejaVu Sans"
TITLE_PT = 13.0
# Graphviz takes the POINT-SIZE of HTML-like labels as a whole number: sizes here are whole.
LABEL_PT = 9.0  # step labels, bold
TEXT_PT = 9.0  # sentences and questions
EDGE_PT = 8.0
SMALL_PT = 8.0  # step ids, footer text without superscripts
# Reference numbers are Unicode superscript digits in a larger font: Pango's <SUP> raised them
# into the line above, and an SVG viewer that ignores baseline-shift showed them as plain digits
# beside a count. A superscript digit of DejaVu Sans is 0.56 times as tall as a plain one (0.416
# and 0.742 em): at 15 pt it reads as 8.4 pt text.
SUP_PT = 15.0
SUP_SCALE = 0.56
SUPERSCRIPTS = str.maketrans("0123456789,", "⁰¹²³⁴⁵⁶⁷⁸⁹˒")
SMALLEST_PT = min(SMALL_PT, EDGE_PT, SUP_PT * SUP_SCALE)  # the smallest text on a chart at natural size
MIN_PRINT_PT = 7.0
PAD_PT = 2.16  # 0.03 in around a drawing, for the strokes at its edge: a sheet has its own margin

SENTENCE_WIDTH = 30  # characters a line, for recommendation sentences
WIDE_SENTENCE_WIDTH = 64  # on a page laid out `wide`: long sentences, shorter steps
LABEL_WIDTH = 30
QUESTION_WIDTH = 28
CONDITION_WIDTH = 24
PANEL_CONDITION_WIDTH = 30
PANEL_SENTENCE_WIDTH = 46
REFERENCE_WIDTH = 48
DEFINITION_WIDTH = 56

INK = "#1a1a1a"
GREY = "#5f6368"
TERMINAL_FILL = "#e8eaed"
DECISION_FILL = "#fef3d6"
ACTION_FILL = "#e3eefb"
PANEL_FILL = "#f8f9fa"
EMPHASIS = "#0b57d0"  # a patient's path
PROBLEM = "#c5221f"  # coverage gaps, where an evaluation stopped
DIM = "#80868b"  # greyed, still legible on paper (3.7:1 on white)
NOTE_FILL = "#fff8c5"
STOP_FILL = "#fce8e6"

BREAK = '<BR ALIGN="LEFT"/>'  # a line break in a left-aligned cell

Back = Literal["", "all", "checks", "references"]

# What a page holds after the flow, as its title and the first page's contents say it.
BACK_MATTER = {
    "all": "checks on every evaluation, references",
    "checks": "checks on every evaluation",
    "references": "references",
}


@dataclass(frozen=True)
class Page:
    """One printed sheet of a split chart: the steps it draws, where the flow comes from and goes on,
    what it holds after the flow, and how it is laid out."""

    number: int
    total: int
    steps: frozenset[str]  # empty on a page that holds only what comes after the flow
    first: str | None  # the step the page starts at, named in its title
    elsewhere: Mapping[str, int]  # step on another page that a step here goes on to -> its page
    entries: Mapping[str, tuple[int, ...]]  # step here that steps on other pages go on to -> those pages
    back: Back = ""  # the checks and the references, or one of them, after the flow
    references_on: int = 0  # the page that lists the references
    contents: tuple[tuple[int, str], ...] = ()  # on the first page: each other page and what it starts with
    tight: bool = False  # less space between nodes and ranks
    stagger: bool = False  # a decision's ways on two a row: narrower, taller
    stacked: bool = False  # parts of the flow that do not join on this page one under another, not side by side
    wide: bool = False  # an action's sentences in wider lines: a step full of sentences less tall


# ---- reading the guideline ----


def definitions_used(program: p.Program, conditions: Iterable[ir.Node]) -> list[p.Definition]:
    """The definitions the conditions read, directly or through other definitions, in file order."""
    from dsl import ir

    by_name = {defn.name: defn for defn in program.definitions}
    wanted: set[str] = set()
    todo = list(conditions)
    while todo:
        node = todo.pop()
        if isinstance(node, ir.DefinitionRef):
            if node.name not in wanted:
                wanted.add(node.name)
                todo.append(by_name[node.name].node)
        else:
            todo.extend(ir.children(node))
    return sorted((defn for defn in program.definitions if defn.name in wanted), key=lambda defn: defn.span.line)


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


class Chart:
    """Builds the DOT of one chart: the whole guideline, or one page of it."""

    def __init__(
        self, program: p.Program, overlay: Overlay, page: Page | None, tight: bool = False, stack_panels: bool = False
    ) -> None:
        """`tight` and `stack_panels` (the footer's panels one under the other) lay out the whole
        chart (`page` None) more compactly; a page has its own `tight`, and always stacks its panels."""
        self.tight = page.tight if page is not None else tight
        self.stack_panels = page is not None or stack_panels
        self.g = program
        self.graph = program.graph
        self.o = overlay
        self.page = page
        self.steps = [s for s in self.g.steps if s.id in self.graph and (page is None or s.id in page.steps)]
        self.on_page = {s.id for s in self.steps}
        self.texts = {r.code: r.text for r in self.g.recommendations}
        self.cites = {r.code: r.citations for r in self.g.recommendations}
        self.numbers = {s.key: n for n, s in enumerate(self.g.sources, start=1)}
        self.cited: set[str] = set()
        self.with_checks = page is None or page.back in ("all", "checks")
        self.with_references = page is None or page.back in ("all", "references")
        if page is not None and self.with_references:
            self.cited.update(c for r in self.g.recommendations for c in r.citations)
            self.cited.update(c for defn in self.g.definitions for c in defn.citations)
        self.out = d.DotWriter(self.g.id or "guideline")
        self.ends: set[str] = set()  # the End nodes drawn
        self.sinks: list[str] = []  # the nodes the flow ends in, in the order drawn

    # -- helpers --
    def sup(self, keys: Iterable[str]) -> str:
        keys = list(dict.fromkeys(keys))
        self.cited.update(keys)
        numbers = sorted(self.numbers[k] for k in keys if k in self.numbers)
        if not numbers:
            return ""
        return f'<FONT POINT-SIZE="{SUP_PT:g}">{",".join(map(str, numbers)).translate(SUPERSCRIPTS)}</FONT>'

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
        # The whole chart's title is the graph's label; a page's heads the cluster of its flow.
        titled: dict[str, d.AttrValue] = (
            {"labelloc": "t", "labeljust": "l", "label": Html(self.title())} if self.page is None else {}
        )
        out.attrs(
            "graph",
            rankdir="TB",
            newrank="true",
            ordering="out",
            nodesep=0.08 if tight else 0.15,
            ranksep=0.2 if tight else 0.3,
            fontname=FONT,
            fontsize=TEXT_PT,
            pad=PAD_PT / 72,
            margin=0,
            **titled,
        )
        out.attrs(
            "node",
            fontname=FONT,
            fontsize=TEXT_PT,
            fontcolor=INK,
            color=INK,
            penwidth=1.2,
            margin="0.06,0.04" if tight else "0.1,0.06",
        )
        out.attrs("edge", fontname=FONT, fontsize=EDGE_PT, fontcolor=INK, color=INK, penwidth=1.2, arrowsize=0.7)
        if self.page is not None:
            # A page's title heads a borderless cluster of its flow and its key is the graph's label,
            # below: both span the page instead of being nodes placed beside the flow, which would
            # widen it. (Graphviz does not keep `ordering` inside a cluster: a decision's ways on
            # may then be drawn out of order, numbered as always.)
            out.open("cluster_page", label=Html(self.title()), labelloc="t", labeljust="l", peripheries=0)
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
            if page is not None and entered == page.first:
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
        if page is not None and page.stagger:
            self.two_a_row()
        if page is not None and page.stacked:
            self.stack(page)
        if self.o.stop is not None and self.o.stop in self.on_page:
            self.stop_marker(self.o.stop)
        if page is None:  # the footer below every last node of the flow
            out.node("footer:", shape="plain", label=Html(self.footer()))
            for sink in self.sinks:
                out.edge(sink, "footer:", style="invis", weight=0)
        elif not self.steps:  # an empty cluster is not drawn: the title over the key
            key = (
                f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD ALIGN="LEFT">{self.title()}</TD></TR>'
                f'<TR><TD ALIGN="LEFT">{self.footer()}</TD></TR></TABLE>'
            )
            out.close()
            out.attrs("graph", labelloc="t", labeljust="l", label=Html(key))
        else:
            out.close()
            out.attrs("graph", labelloc="b", labeljust="l", label=Html(self.footer()))
        return out.text()

    def title(self) -> str:
        """The title, the guideline's id, version and status; on a page, its number and where it
        starts; under them the overlay's note, on the page with the start."""
        g = self.g
        head = f'<FONT POINT-SIZE="{TITLE_PT:g}"><B>{dot_escape(g.title)}</B></FONT>'
        facts = [
            g.id,
            f"version {g.version}",
            f"status {g.status}",
        ]
        lines = [head, dot_escape("   ·   ".join(facts))]
        if self.page is not None:
            page = self.page
            entry = page.entries.get(page.first or "", ())
            where = (
                BACK_MATTER[page.back]
                if page.first is None
                else "from the start"
                if not entry
                else f"{page.first}, continued from {_pages_words(entry)}"
            )
            if page.first is not None and page.back:
                where += f"; {BACK_MATTER[page.back]}"
            lines.append(f"<B>{dot_escape(f'Page {page.number} of {page.total}')}</B>: {wrapped(where, 70)}")
        text = f'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP">{BREAK.join(lines)}</TD>'
        rows = [f"<TR>{text}</TR>"]
        noted = self.page is None or self.graph.graph["start"] in self.page.steps
        if (self.o.note_title or self.o.note or self.o.listed or self.o.table) and noted:
            width = 90 if self.page is None else 60  # a page may be portrait
            fill = STOP_FILL if self.o.stop is not None or self.o.needs else NOTE_FILL
            body = [f"<B>{wrapped(self.o.note_title, width)}</B>"] if self.o.note_title else []
            body += [wrapped(line, width) for line in self.o.note]
            body += [bulleted(line, width) for line in self.o.listed]
            cell = f'ALIGN="LEFT" VALIGN="TOP" BGCOLOR="{fill}" BORDER="1" COLOR="{GREY}" CELLPADDING="4"'
            if self.o.table:  # a cell holds text or one table: the table between the title and the rest
                parts = [f'<TR><TD ALIGN="LEFT">{self.note_table(self.o.table)}</TD></TR>']
                if self.o.note_title:
                    parts.insert(0, f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{body.pop(0)}{BREAK}</TD></TR>')
                if body:
                    parts.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{BREAK.join(body)}{BREAK}</TD></TR>')
                inner = f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="0">{"".join(parts)}</TABLE>'
                rows.append(f"<TR><TD {cell}>{inner}</TD></TR>")
            else:
                rows.append(
                    f'<TR><TD ALIGN="LEFT" VALIGN="TOP" BALIGN="LEFT" BGCOLOR="{fill}" BORDER="1" COLOR="{GREY}" '
                    f'CELLPADDING="4">{BREAK.join(body)}{BREAK}</TD></TR>'
                )
        table = f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>'
        if self.page is None or not self.page.contents:
            return table
        # The first page lists the others beside its title, where a page of the flow has room.
        contents = self.contents_panel(self.page.contents)
        return (
            f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD VALIGN="TOP">{table}</TD>'
            f'<TD WIDTH="12"></TD><TD VALIGN="TOP">{contents}</TD></TR></TABLE>'
        )

    def note_table(self, table: tuple[tuple[str, ...], ...]) -> str:
        """A small ruled table (the first row bold, the headings); cells after the first right-aligned."""
        rows = []
        for number, row in enumerate(table):
            bold = ("<B>", "</B>") if number == 0 else ("", "")
            cells = "".join(
                f'<TD ALIGN="{"LEFT" if column == 0 else "RIGHT"}">{bold[0]}{dot_escape(text)}{bold[1]}</TD>'
                for column, text in enumerate(row)
            )
            rows.append(f"<TR>{cells}</TR>")
        return (
            f'<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="2" COLOR="{GREY}" BGCOLOR="white">'
            f"{''.join(rows)}</TABLE>"
        )

    # -- steps --
    def step(self, step: p.Step) -> None:
        from dsl import program as p

        data = self.graph.nodes[step.id]
        style = self.style(step.id in self.o.nodes)
        note = self.extra(self.o.node_labels.get(step.id))
        ident = f'<FONT POINT-SIZE="{SMALL_PT:g}" COLOR="{GREY}">{dot_escape(step.id)}</FONT>'
        match step:
            case p.Decision():
                self.decision_node(step, data["label"], style, note, ident)
            case p.Action():
                self.action_node(step, data, style, note, ident)
            case _:
                assert_never(step)
        for index, condition, target in branches(self.graph, step.id):
            self.branch(step, index, condition, target)

    def decision_node(self, step: p.Decision, text: str, style: dict[str, d.AttrValue], note: str, ident: str) -> None:
        label = (
            f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
            f"<TR><TD><B>{centred(text, QUESTION_WIDTH)}</B>{note}</TD></TR>"
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

    def action_node(
        self, step: p.Action, data: Mapping[str, Any], style: dict[str, d.AttrValue], note: str, ident: str
    ) -> None:
        rows = [
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT" COLSPAN="2"><FONT POINT-SIZE="{LABEL_PT:g}">'
            f'<B>{wrapped(data["label"], LABEL_WIDTH)}</B></FONT>{note}<BR ALIGN="LEFT"/>{ident}</TD></TR>'
        ]
        sentences = WIDE_SENTENCE_WIDTH if self.page is not None and self.page.wide else SENTENCE_WIDTH
        for code in data["recommendations"]:
            rows.append(
                f'<TR><TD ALIGN="LEFT" BALIGN="LEFT" COLSPAN="2">{self.sentence(code, sentences)}</TD></TR>'
            )
        label = f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">{"".join(rows)}</TABLE>'
        self.out.node(step.id, style, shape="box", style="filled", fillcolor=ACTION_FILL, label=Html(label))

    def branch(self, step: p.Step, index: int, condition: str, target: str) -> None:
        from dsl import program as p

        key: Branch = (step.id, target, index)
        style = self.style(key in self.o.edges, "edge")
        attrs: dict[str, d.AttrValue] = {}
        value = self.o.edge_labels.get(key)
        shown = f"<B><I>{dot_escape(value)}</I></B>" if value else ""
        if isinstance(step, p.Decision):
            text = "<I>otherwise</I>" if index < 0 else f"{_number(index)} {wrapped(condition, CONDITION_WIDTH)}"
            attrs["label"] = Html(f"{text}{BREAK}{shown}" if shown else text)  # under it: pages stay narrow
        elif value:
            attrs["label"] = Html(shown)
        name = self.head(step.id, target)
        if target == END:
            if name not in self.ends:
                self.ends.add(name)
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
        self.out.edge(step.id, name, attrs, style)

    def connectors(self) -> None:
        if self.page is None:
            return
        for target, number in sorted(self.page.elsewhere.items(), key=lambda item: (item[1], item[0])):
            lines = [f"Continued on page {number}:", target]
            label = f"<B>{dot_escape(lines[0])}</B><BR/>{dot_escape(lines[1])}"
            self.sinks.append(f"to:{target}")
            self.out.node(f"to:{target}", _connector(lines), self.style(target in self.o.nodes), label=Html(label))

    def two_a_row(self) -> None:
        """Each decision's ways on two a row, in branch order: the third under the first (below its
        End, when it ends), the fourth under the second, and so on. Narrower, taller."""
        for step in self.steps:
            ways = branches(self.graph, step.id)
            if self.graph.nodes[step.id]["kind"] != "decision" or len(ways) < 3:
                continue
            heads = list(dict.fromkeys(self.head(step.id, target) for _, _, target in ways))
            for upper, lower in zip(heads, heads[2:], strict=False):
                below = f"end:{upper}" if f"end:{upper}" in self.ends else upper
                self.out.edge(below, lower, style="invis")

    def head(self, step: str, target: str) -> str:
        """The node a way on from `step` to `target` points at."""
        if target == END:
            return f"end:{step}"
        return target if target in self.on_page else f"to:{target}"

    def stack(self, page: Page) -> None:
        """Each part of the flow that does not join the parts before it on this page goes below them
        (invisible edges from every step drawn so far to its top), rather than beside them."""
        done: list[str] = []
        for part in flow_parts(self.graph, page.steps):
            top = part[0]
            entry = f"from:{top}" if top in page.entries and top != page.first else top
            for step in done:
                self.out.edge(step, entry, style="invis", minlen=2)
            done += part

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
        from dsl import program as p

        panels = []
        if self.with_checks and self.g.checks:
            panels.append(self.checks_panel())
        conditions = [b.condition for s in self.steps if isinstance(s, p.Decision) for b in s.branches]
        if self.with_checks:
            conditions += [rule.condition for c in self.g.checks for rule in c.rules]
        definitions = definitions_used(self.g, conditions)
        if definitions:
            panels.append(self.definitions_panel(definitions))
        if self.steps or self.with_checks:  # not on a page of references alone
            panels.append(self.legend())
        if self.with_references:
            panels.append(self.references())
        if not self.stack_panels and self.g.checks:  # the whole chart is wide: the checks beside the rest
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
        rows = [
            f'<TR><TD ALIGN="RIGHT" VALIGN="TOP">{number}</TD>'
            f'<TD ALIGN="LEFT" BALIGN="LEFT">{wrapped(what, 34)}</TD></TR>'
            for number, what in contents
        ]
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
                sentences = '<BR ALIGN="LEFT"/>'.join(self.sentence(c, PANEL_SENTENCE_WIDTH) for c in rule.codes)
                rows.append(
                    f'<TR><TD ALIGN="LEFT" VALIGN="TOP" BALIGN="LEFT"><FONT{color}>{bold[0]}'
                    f"{wrapped('when ' + rule.text, PANEL_CONDITION_WIDTH)}{self.extra(self.o.check_labels.get(key))}"
                    f"{bold[1]}</FONT></TD>"
                    f'<TD ALIGN="LEFT" VALIGN="TOP" BALIGN="LEFT">'
                    f"<FONT{color}>{bold[0]}{sentences}{bold[1]}</FONT></TD></TR>"
                )
        return self.panel("Checks on every evaluation", rows, 2)

    def definitions_panel(self, definitions: list[p.Definition]) -> str:
        rows = [
            f'<TR><TD ALIGN="LEFT" VALIGN="TOP" BALIGN="LEFT"><B>{wrapped(defn.name, 24)}</B></TD>'
            f'<TD ALIGN="LEFT" BALIGN="LEFT">{wrapped(defn.text, DEFINITION_WIDTH)}'
            f"{self.sup(defn.citations)}</TD></TR>"
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
        at = f", listed on page {self.page.references_on}" if self.page is not None and not self.with_references else ""
        items.append(("¹", "white", INK, f"reference{at}"))
        if self.o.dims:
            whose = "taken by at least one patient" if self.o.table else "this patient's path"
            items.append(("━", "white", EMPHASIS, whose))
        elif self.o.mode == "coverage":
            items.append(("━", "white", PROBLEM, "not covered"))
        cells = [
            f'<TD BGCOLOR="{fill}"><FONT COLOR="{colour}">{dot_escape(glyph)}</FONT></TD>'
            f'<TD ALIGN="LEFT">{dot_escape(text)}   </TD>'
            for glyph, fill, colour, text in items
        ]
        rows = [cells[i : i + 3] for i in range(0, len(cells), 3)]
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
        # Two columns, each its own table: an entry's height leaves no gap in the other column.
        columns = "".join(
            f'<TD VALIGN="TOP"><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">'
            f"{''.join(f'<TR>{entry}</TR>' for entry in column)}</TABLE></TD>"
            for column in (entries[:half], entries[half:])
            if column
        )
        return (
            f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1"><TR><TD>'
            f'<FONT POINT-SIZE="{SMALL_PT:g}"><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">'
            f'<TR><TD ALIGN="LEFT" COLSPAN="2"><B>References</B></TD></TR><TR>{columns}</TR></TABLE></FONT>'
            "</TD></TR></TABLE>"
        )


def flow_order(graph: nx.DiGraph) -> list[str]:
    """Steps in reading order: depth first from the start, branches in their order."""
    order: dict[str, None] = {}
    todo = [graph.graph["start"]]
    while todo:
        node = todo.pop()
        if node in order or node == END:
            continue
        order[node] = None
        todo += reversed([target for _, _, target in branches(graph, node)])
    return list(order)


def flow_parts(graph: nx.DiGraph, steps: frozenset[str]) -> list[list[str]]:
    """The parts of `steps` that their own edges do not join, in reading order, each listed in
    reading order (so starting with the step the part is entered at)."""
    order = {step: n for n, step in enumerate(flow_order(graph))}
    part_of: dict[str, int] = {}
    parts: list[list[str]] = []
    for step in sorted(steps, key=order.__getitem__):
        if step in part_of:
            continue
        found, todo = [], [step]
        while todo:
            node = todo.pop()
            if node in part_of or node not in steps:
                continue
            part_of[node] = len(parts)
            found.append(node)
            todo += [*graph.successors(node), *graph.predecessors(node)]
        parts.append(sorted(found, key=order.__getitem__))
    return parts


def to_dot(program: p.Program, overlay: Overlay | None = None) -> str:
    """The whole chart as DOT text, the same bytes for the same guideline and overlay."""
    return Chart(program, overlay or PLAIN, None).build()
