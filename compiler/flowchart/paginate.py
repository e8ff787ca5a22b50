"""Pages of a printed chart (`paginate`): one sheet when the chart fits it with no text under 7 pt,
else its sub-pathways packed onto as few sheets as hold them, joined by labelled off-page connectors.

The flow is cut into pieces along its dominator tree: the start, each decision and each step that
several steps lead to starts a piece, which holds the steps it dominates that no other piece
starts. A piece too large for a sheet gives its largest sub-tree a piece of its own. Packing then
goes down the tree in reading order (`_Packer.pack`): a sub-pathway that fits a sheet whole gets
one; one that does not keeps its own piece and packs its children's sub-pathways after it, in
order, each child's first page joining the page it continues from, and children that each fit
whole sharing a page, as long as the page still fits. The checks and the references go where they
fit (`_Packer.back`). Every candidate page is laid out with `dot -Tplain` (roomy first, then
tighter, then with branches two a row) and measured; see docs/flowcharts.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from compiler.flowchart import dot as d
from compiler.flowchart.chart import (
    BACK_MATTER,
    MIN_PRINT_PT,
    PAD_PT,
    SMALLEST_PT,
    Back,
    Chart,
    Page,
    flow_order,
    flow_parts,
)
from compiler.flowchart.overlay import END, PLAIN, Overlay, branches

if TYPE_CHECKING:
    from dsl.program import Program

ANY_PAGE = 88  # the page number a page is measured with before pages are numbered: two digits

Contents = tuple[tuple[int, str], ...]  # the first page's list of the others: number, what it starts with


@dataclass(frozen=True)
class Sheet:
    """A page in the making: the sub-pathways it holds (their first steps, in reading order) and
    what it holds after the flow."""

    roots: tuple[str, ...]
    back: Back = ""


class _Tree:
    """The sub-pathways of a guideline: which step starts the piece each step is drawn in."""

    def __init__(self, program: Program) -> None:
        import networkx as nx

        self.graph = program.graph
        self.start: str = self.graph.graph["start"]
        self.order = flow_order(self.graph)
        self.position = {step: n for n, step in enumerate(self.order)}
        idom = nx.immediate_dominators(self.graph, self.start)
        self.idom = {n: p for n, p in idom.items() if n not in (self.start, END)}
        self.weights = _weights(program)

    def starts(self) -> frozenset[str]:
        """The steps that start a piece: the start, every decision, and every step more than one
        step leads to (so that it can go on the page of the steps that lead to it)."""
        graph = self.graph
        return frozenset(
            s for s in self.order if s == self.start or graph.nodes[s]["kind"] == "decision" or graph.in_degree(s) > 1
        )

    def owner(self, step: str, roots: frozenset[str]) -> str:
        while step not in roots:
            step = self.idom[step]
        return step

    def pieces(self, roots: frozenset[str]) -> dict[str, frozenset[str]]:
        """Each root's piece, in reading order."""
        found: dict[str, set[str]] = {root: set() for root in sorted(roots, key=self.position.__getitem__)}
        for step in self.order:
            found[self.owner(step, roots)].add(step)
        return {root: frozenset(steps) for root, steps in found.items()}

    def children(self, roots: frozenset[str]) -> dict[str, list[str]]:
        """Each root's child pieces in the dominator tree, in reading order."""
        below: dict[str, list[str]] = {root: [] for root in sorted(roots, key=self.position.__getitem__)}
        for root in below:
            if root != self.start:
                below[self.owner(self.idom[root], roots)].append(root)
        return below

    def split(self, steps: frozenset[str], root: str) -> str | None:
        """The step to start a new piece with, to make a piece smaller: a whole sub-tree of it, the
        highest in the dominator tree, the heaviest among those, never a lone step when another
        will do; None when the piece is one step."""
        best: tuple[bool, int, int, int] | None = None
        choice = None
        for step in steps - {root}:
            subtree = {s for s in steps if self.dominated(s, step)}
            key = (
                len(subtree) < 2,
                self.depth(step, root),
                -sum(self.weights[s] for s in subtree),
                self.position[step],
            )
            if best is None or key < best:
                best, choice = key, step
        return choice

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


def _weights(program: Program) -> dict[str, int]:
    """About how much text each step draws."""
    texts = {r.code: r.text or "" for r in program.recommendations}
    graph = program.graph
    return {
        step: len(graph.nodes[step]["label"])
        + sum(len(texts.get(code, "")) for code in graph.nodes[step]["recommendations"])
        + 40
        for step in graph
        if step != END
    }


def _pages(tree: _Tree, roots: frozenset[str], sheets: Sequence[Sheet]) -> list[Page]:
    """The numbered pages of a plan."""
    pieces = tree.pieces(roots)
    steps = [frozenset().union(*(pieces[root] for root in sheet.roots)) for sheet in sheets]
    where = {step: n for n, on in enumerate(steps, start=1) for step in on}
    references = next((n for n, s in enumerate(sheets, start=1) if s.back in ("all", "references")), 0)
    pages = []
    for number, (sheet, on) in enumerate(zip(sheets, steps, strict=True), start=1):
        elsewhere = {t: where[t] for s in on for _, _, t in branches(tree.graph, s) if t != END and t not in on}
        entries = {
            s: tuple(sorted({where[p] for p in tree.graph.predecessors(s) if p not in on}))
            for s in sorted(on, key=tree.position.__getitem__)
            if any(p not in on for p in tree.graph.predecessors(s))
        }
        first = sheet.roots[0] if sheet.roots else None
        pages.append(Page(number, len(sheets), on, first, elsewhere, entries, sheet.back, references))
    contents = tuple((page.number, _starts(page)) for page in pages[1:])
    if pages:
        pages[0] = dataclasses.replace(pages[0], contents=contents)
    return pages


def _starts(page: Page) -> str:
    """What a page starts with, for the first page's list of pages: the steps entered from other
    pages, then what it holds after the flow."""
    entered = [", ".join(page.entries)] if page.entries else []
    return "; ".join(entered + ([BACK_MATTER[page.back]] if page.back else []))


def _candidate(tree: _Tree, roots: frozenset[str], sheet: Sheet, contents: Contents | None = None) -> Page:
    """A page as it is measured before the pages are numbered: every page number is two digits,
    each connector names as many pages as it could, and the first page lists `contents` (by
    default every piece not on it: at least as long as the list it will have)."""
    pieces = tree.pieces(roots)
    on = frozenset().union(*(pieces[root] for root in sheet.roots))
    elsewhere = {t: ANY_PAGE for s in on for _, _, t in branches(tree.graph, s) if t != END and t not in on}
    entries = {
        s: tuple(ANY_PAGE for _ in {tree.owner(p, roots) for p in tree.graph.predecessors(s) if p not in on})
        for s in sorted(on, key=tree.position.__getitem__)
        if any(p not in on for p in tree.graph.predecessors(s))
    }
    listed: Contents = ()
    if tree.start in on:
        rest = [root for root in pieces if root not in on] + [BACK_MATTER["all"]]
        listed = tuple((ANY_PAGE, what) for what in rest) if contents is None else contents
    first = sheet.roots[0] if sheet.roots else None
    return Page(ANY_PAGE, ANY_PAGE, on, first, elsewhere, entries, sheet.back, ANY_PAGE, listed)


class _Measure:
    """Whether a page fits a sheet: each layout measured once (by DOT text) and kept for the process."""

    _known: dict[tuple[d.Paper, str], float] = {}  # the scale each layout prints at, by paper and DOT

    def __init__(self, program: Program, overlay: Overlay, paper: d.Paper) -> None:
        self.program, self.overlay, self.paper = program, overlay, paper
        self.needed = MIN_PRINT_PT / SMALLEST_PT - 1e-9

    def scale(self, text: str) -> float:
        """The scale the drawing of `text` prints at on a sheet of the paper."""
        key = (self.paper, text)
        if key not in self._known:
            self._known[key] = d.place(*d.layout_size(text, PAD_PT), self.paper).scale
        return self._known[key]

    def fits_text(self, text: str) -> bool:
        return self.scale(text) >= self.needed

    def variant(self, page: Page) -> Page | None:
        """The page as laid out, or else with the parts of the flow that do not join one under another,
        or closer together, or with its branches staggered: the first that fits; None when none does."""
        for trial in _variants(page, self.program):
            if self.fits_text(Chart(self.program, self.overlay, trial).build()):
                return trial
        return None


def _variants(page: Page, program: Program) -> Iterator[Page]:
    """The ways to lay a page out, roomiest first; last, each with its actions' sentences in wider
    lines (a step full of sentences is then less tall, and two such steps may share a sheet)."""
    apart = len(flow_parts(program.graph, page.steps)) > 1
    for wide in (False, True):
        for stagger in (False, True):
            for tight in (False, True):
                for stacked in (False, True) if apart else (False,):
                    yield dataclasses.replace(page, tight=tight, stagger=stagger, stacked=stacked, wide=wide)


class _Packer:
    """Packs the sub-pathways onto sheets (see the module's docstring)."""

    def __init__(self, tree: _Tree, measure: _Measure, contents: Contents | None = None) -> None:
        self.tree, self.measure, self.contents = tree, measure, contents
        self.roots = tree.starts()

    def fits(self, sheet: Sheet) -> bool:
        return self.measure.variant(_candidate(self.tree, self.roots, sheet, self.contents)) is not None

    def split_pieces(self) -> None:
        """Split every piece too large for a sheet on its own, until each fits or is one step."""
        while True:
            pieces = self.tree.pieces(self.roots)
            for root, steps in pieces.items():
                if not self.fits(Sheet((root,))):
                    new = self.tree.split(steps, root)
                    if new is not None:
                        self.roots |= {new}
                        break
            else:
                return

    def plan(self) -> list[Sheet]:
        """Sheets for the flow, then for what comes after it."""
        self.split_pieces()
        children = self.tree.children(self.roots)
        sheets = [Sheet(tuple(roots)) for roots, _ in self.pack(self.tree.start, children)]
        return self.back(sheets)

    def pack(self, root: str, children: Mapping[str, list[str]]) -> list[tuple[list[str], bool]]:
        """The pages of the sub-pathway `root` starts, each with whether it holds only whole
        sub-pathways of `root`'s children (so that another whole one may join it)."""
        whole = self.subtree(root, children)
        if self.fits(Sheet(tuple(whole))):
            return [(whole, False)]
        pages: list[tuple[list[str], bool]] = [([root], False)]
        for child in children[root]:
            below = self.pack(child, children)
            for index, (page, _) in enumerate(below):
                last, siblings = pages[-1]
                alone = len(below) == 1
                joinable = (index == 0 and root in last) or (alone and siblings)
                if joinable and self.fits(Sheet(tuple(last + page))):
                    pages[-1] = (last + page, siblings)
                else:
                    pages.append((page, alone))
        return pages

    def subtree(self, root: str, children: Mapping[str, list[str]]) -> list[str]:
        found = [root]
        for child in children[root]:
            found += self.subtree(child, children)
        return sorted(found, key=self.tree.position.__getitem__)

    def back(self, sheets: list[Sheet]) -> list[Sheet]:
        """The checks and the references on the last page of the flow when they fit there; else on a
        page that holds a single step (the first, typically), both or the checks alone; what is
        left on a page of its own (two when one cannot hold both)."""
        last = dataclasses.replace(sheets[-1], back="all")
        if self.fits(last):
            return [*sheets[:-1], last]
        pieces = self.tree.pieces(self.roots)
        lone = [n for n, sheet in enumerate(sheets) if sum(len(pieces[root]) for root in sheet.roots) == 1]
        for part in ("all", "checks"):
            for n in lone:
                shared = dataclasses.replace(sheets[n], back=part)
                if self.fits(shared):
                    rest: list[Sheet] = [] if part == "all" else [Sheet((), "references")]
                    return [*sheets[:n], shared, *sheets[n + 1 :], *rest]
        return [*sheets, *self.back_pages("all")]

    def repack(self, plan: Sequence[Sheet]) -> list[Sheet]:
        """The plain chart's plan with each page that does not fit split, in order, into pages
        that do: a patient's printout has the pages of the ward's copy unless its overlay makes one
        too large."""
        out: list[Sheet] = []
        for sheet in plan:
            if self.fits(sheet):
                out.append(sheet)
            elif not sheet.roots:
                out += self.back_pages(sheet.back)
            else:
                pages = self.next_fit(list(sheet.roots))
                shared = dataclasses.replace(pages[-1], back=sheet.back)
                if sheet.back and self.fits(shared):
                    pages[-1] = shared
                elif sheet.back:
                    pages += self.back_pages(sheet.back)
                out += pages
        return out

    def next_fit(self, roots: list[str]) -> list[Sheet]:
        """The pieces in order, each joining the page before it while that page fits; a piece too
        large on its own split first."""
        pages: list[list[str]] = []
        while roots:
            root = roots.pop(0)
            if pages and self.fits(Sheet((*pages[-1], root))):
                pages[-1].append(root)
                continue
            new = None if self.fits(Sheet((root,))) else self.tree.split(self.tree.pieces(self.roots)[root], root)
            if new is not None:
                self.roots |= {new}
                roots[:0] = [root, new]
            else:
                pages.append([root])
        return [Sheet(tuple(page)) for page in pages]

    def back_pages(self, part: Back) -> list[Sheet]:
        """Pages of their own for what comes after the flow: one, or one for the checks and one for
        the references when one cannot hold both."""
        if part != "all" or self.fits(Sheet((), "all")):
            return [Sheet((), part)]
        return [Sheet((), "checks"), Sheet((), "references")]


def _reserve(program: Program) -> Overlay:
    """The most a patient's overlay can add to any page but a stop marker, so that a printout for
    a patient has the pages of the ward's copy: every step and branch emphasised (bolder lines), a
    value on every branch of a decision and on every rule of a check, a note on the first page
    listing as many recommendations as one evaluation can reach."""
    graph = program.graph
    ways = [(n, t, i) for n in graph if n != END for i, _, t in branches(graph, n)]
    rules = [(check.id, index) for check in program.checks for index in range(len(check.rules))]
    return Overlay(
        nodes=frozenset(graph),
        edges=frozenset(ways),
        checks=frozenset(rules),
        edge_labels={way: "unknown" for way in ways if graph.nodes[way[0]]["kind"] == "decision"},
        check_labels={rule: "unknown" for rule in rules},
        note_title="x" * 60,
        note=("x" * 60,) * 2,
        listed=_most_listed(program),
    )


def _most_listed(program: Program) -> tuple[str, ...]:
    """The longest recommendation line, as many times as one evaluation can list recommendations:
    the most codes on any path, and every code a check can add."""
    import networkx as nx

    graph = program.graph
    most: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(graph))):
        after = max((most[s] for s in graph.successors(node)), default=0)
        most[node] = after + len(graph.nodes[node].get("recommendations", ()))
    checks = {r for check in program.checks for rule in check.rules for r in rule.codes}
    count = most.get(graph.graph["start"], 0) + len(checks)
    lines = [f"{r.text or ''} ({r.code})" for r in program.recommendations]
    return (max(lines, key=len, default=""),) * count


def paginate(
    program: Program, overlay: Overlay | None = None, paper: d.Paper = d.PAPERS["a4"]
) -> list[tuple[str, bytes]]:
    """The chart as pages that each fit one sheet with no text under 7 pt: (DOT, PDF drawing) each.

    A chart with an overlay keeps the pages of the plain chart, so that a patient's printout
    matches the ward's, and splits a page further only when the overlay makes it too large."""
    shown = overlay or PLAIN
    measure = _Measure(program, shown, paper)
    for tight, stack_panels in ((False, False), (False, True), (True, True)):
        whole = Chart(program, shown, None, tight, stack_panels).build()
        if measure.fits_text(whole):
            return [(whole, d.run_dot(whole, "pdf"))]
    tree = _Tree(program)
    reserved = _Measure(program, _reserve(program), paper)
    packer = _Packer(tree, reserved)
    plan = packer.plan()
    # The first page was measured with the longest list of pages it could have; with the list it
    # has, it may hold more. Packed again so, the plan stands if its first page fits with its list.
    listed = _placeholder(_pages(tree, packer.roots, plan)[0]).contents
    again = _Packer(tree, reserved, listed)
    shorter = again.plan()
    first = _placeholder(_pages(tree, again.roots, shorter)[0])
    if len(shorter) <= len(plan) and reserved.variant(first) is not None:
        packer, plan = again, shorter
    roots = packer.roots
    if overlay is not None:
        packer = _Packer(tree, measure, packer.contents)
        packer.roots = roots
        plan = packer.repack(plan)
        roots = packer.roots
    drawn = []
    for page in _pages(tree, roots, plan):
        laid = measure.variant(_placeholder(page)) or _placeholder(page)
        page = dataclasses.replace(page, tight=laid.tight, stagger=laid.stagger, stacked=laid.stacked, wide=laid.wide)
        text = Chart(program, shown, page).build()
        drawn.append((text, d.run_dot(text, "pdf")))
    return drawn


def _placeholder(page: Page) -> Page:
    """The page with every page number two digits, as it was measured."""
    return dataclasses.replace(
        page,
        number=ANY_PAGE,
        total=ANY_PAGE,
        references_on=ANY_PAGE,
        elsewhere={k: ANY_PAGE for k in page.elsewhere},
        entries={k: tuple(ANY_PAGE for _ in v) for k, v in page.entries.items()},
        contents=tuple((ANY_PAGE, what) for _, what in page.contents),
    )


def page_dots(program: Program, overlay: Overlay | None = None, paper: str = "a4") -> list[str]:
    """The DOT of each printed page (one when the whole chart fits a sheet)."""
    return [text for text, _ in paginate(program, overlay, d.PAPERS[paper])]
