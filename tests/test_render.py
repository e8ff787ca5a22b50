"""Flowcharts: whole DOT goldens, determinism, hostile labels, the real guideline, patients, print."""

from __future__ import annotations

import argparse
import dataclasses
import html
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

import compiler.flowchart as r
from compiler.api import Evaluator, check_text, compile_text
from compiler.cli.render import stale_diagrams
from compiler.files import UsageError, read_text
from compiler.flowchart import chart as rc
from compiler.flowchart import dot as d
from compiler.flowchart import output as rf
from compiler.flowchart import overlay as ro
from compiler.flowchart import paginate as pg
from dsl import model as m
from dsl.program import Program
from tests.conftest import AZATHIOPRINE, EXAMPLE, ROOT, SPECIFICATION, assert_golden

GOLDEN = ROOT / "tests" / "golden" / "render"
HOSTILE = GOLDEN / "hostile.guideline"
SMALL = GOLDEN / "small.guideline"
DIAGRAMS = ROOT / "diagrams"
SVG = "{http://www.w3.org/2000/svg}"
A4 = (595.276, 841.89)


def _checked(path: Path) -> Program:
    return check_text(read_text(str(path)), str(path.relative_to(ROOT))).program


def _model(program: Program) -> m.Guideline:
    """The text's model, for tests that compare a chart with what the author wrote."""
    return check_text(program.source_text, program.filename).guideline


@pytest.fixture(scope="module")
def example() -> Program:
    return _checked(EXAMPLE)


@pytest.fixture(scope="module")
def hostile() -> Program:
    return _checked(HOSTILE)


@pytest.fixture(scope="module")
def real() -> Program:
    return _checked(AZATHIOPRINE)


@pytest.fixture(scope="module")
def real_evaluator() -> Evaluator:
    return compile_text(read_text(str(AZATHIOPRINE)), str(AZATHIOPRINE))


def _cli(argv: list[str]) -> int:
    """A command of `compiler.cli.render` run directly (no exit-code handling of `main`)."""
    from compiler.cli import render as commands

    top = argparse.ArgumentParser(prog="guideline")
    sub = top.add_subparsers(dest="command", required=True)
    for command in commands.COMMANDS:
        command.arguments(sub.add_parser(command.name))
        sub.choices[command.name].set_defaults(run=command.run)
    args = top.parse_args(argv)
    code: int = args.run(args)
    return code


# ---- the escaper ----


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain", "plain"),
        ("<b>\"x\" & 'y'</b>", "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"),
        ("\\N \\G \\\\", "\\\\N \\\\G \\\\\\\\"),
        ("one\ntwo", "one<BR/>two"),
        ("{braces} [x] |y|", "{braces} [x] |y|"),
        ("tab\there", "tab here"),
        # Shown as escapes, as everywhere text reaches a person (the backslash doubled for Graphviz).
        ("bell\x07 nul\x00", "bell\\\\x07 nul\\\\x00"),
        ("rtl\u202eoverride", "rtl\\\\u202eoverride"),
        ("Ünïcödé ✓ 血小板 😀", "Ünïcödé ✓ 血小板 😀"),
        ("&amp; &#92;", "&amp;amp; &amp;#92;"),
    ],
)
def test_dot_escape(text: str, escaped: str) -> None:
    assert d.dot_escape(text) == escaped


def test_end_is_the_graphs_end() -> None:
    from dsl.graph import END

    assert ro.END == END


def test_the_commands_offer_every_paper() -> None:
    from compiler.cli.render import PAPER_NAMES

    assert PAPER_NAMES == tuple(sorted(d.PAPERS))


def test_importing_the_renderer_stays_light() -> None:
    """The CLI imports compiler.flowchart to register its commands: no networkx, Graphviz or dsl."""
    heavy = "('networkx', 'graphviz', 'dsl.model')"
    code = f"import sys, compiler.flowchart; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_dot_id_quotes_and_backslashes() -> None:
    assert d.dot_id('a"b\\c\nd') == '"a\\"b\\\\c d"'


# ---- whole outputs ----


def _vignette_overlay(checked: Program, inputs: dict[str, Any]) -> r.Overlay:
    return r.highlight_overlay(checked, compile_text(checked.source_text, checked.filename).evaluate(inputs))


EXAMPLE_PATIENTS = {
    "complete": {"condition": "arthritis", "count": 20, "baseline": 100, "weeks": 3, "pregnant": True},
    "needs_data": {"condition": "colitis", "count": 120},
    "invalid_input": {"condition": "gout", "count": -5},
}


def _coverage(checked: Program) -> r.Overlay:
    covered = SimpleNamespace(
        cases=2,
        steps=(3, 7),
        outcomes=(4, 10),
        routes=(2, 12),
        covered_steps={"first", "arthritis_review", "stop_drug", "general"},
        covered_outcomes={("first", 0), ("arthritis_review", 0), ("general", -1)},
    )
    verification = check_text(checked.source_text, checked.filename).verification
    return r.coverage_overlay(checked, covered, verification)


@pytest.mark.parametrize(
    ("case", "source", "overlay"),
    [
        ("all_features", EXAMPLE, None),
        ("hostile", HOSTILE, None),
        ("small", SMALL, None),
        *[(f"all_features.{status}", EXAMPLE, status) for status in EXAMPLE_PATIENTS],
        ("all_features.coverage", EXAMPLE, "coverage"),
    ],
)
def test_golden_dot(case: str, source: Path, overlay: str | None) -> None:
    checked = _checked(source)
    if overlay == "coverage":
        shown: r.Overlay | None = _coverage(checked)
    elif overlay is not None:
        shown = _vignette_overlay(checked, EXAMPLE_PATIENTS[overlay])
    else:
        shown = None
    assert_golden(GOLDEN / f"{case}.dot", r.to_dot(checked, shown))


def test_same_input_same_bytes(example: Program, tmp_path: Path) -> None:
    again = _checked(EXAMPLE)
    assert r.to_dot(example) == r.to_dot(again)
    overlay = _vignette_overlay(example, EXAMPLE_PATIENTS["complete"])
    assert r.to_dot(example, overlay) == r.to_dot(again, _vignette_overlay(again, EXAMPLE_PATIENTS["complete"]))
    for extension in (".svg", ".pdf", ".png"):
        for name in ("one", "two"):
            r.render(example, str(tmp_path / (name + extension)))
        one, two = (tmp_path / f"one{extension}").read_bytes(), (tmp_path / f"two{extension}").read_bytes()
        assert one == two, extension


# ---- hostile labels survive ----


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _svg_groups(svg: bytes) -> dict[str, str]:
    """Each node's and edge's drawn text (by its <title>), and the graph label as `graph:`."""
    root = ET.fromstring(svg)
    groups: dict[str, str] = {}
    for group in root.iter(f"{SVG}g"):
        kind = group.get("class")
        title = group.find(f"{SVG}title")
        if kind in ("node", "edge") and title is not None and title.text is not None:
            groups[title.text] = "".join(t.text or "" for t in group.iter(f"{SVG}text"))
        elif kind == "graph":
            groups["graph:"] = "".join(t.text or "" for t in group.findall(f"{SVG}text"))
    return groups


def _numbers(checked: Program, keys: list[str]) -> str:
    """Reference numbers as drawn: superscript digits, separated by a raised comma."""
    order = [s.key for s in checked.sources]
    digits = "".join("⁰¹²³⁴⁵⁶⁷⁸⁹"[int(c)] if c.isdigit() else "˒" for c in ",".join(
        str(n) for n in sorted(order.index(k) + 1 for k in keys)
    ))  # fmt: skip
    return digits


def test_hostile_labels_survive_dot(hostile: Program, tmp_path: Path) -> None:
    out = tmp_path / "hostile.svg"
    r.render(hostile, str(out))
    texts = {key: _squeeze(value.replace("\xa0", " ")) for key, value in _svg_groups(out.read_bytes()).items()}
    g = _model(hostile)
    assert g.title is not None and g.id is not None and g.version is not None and g.status is not None
    facts = f"{g.id.value}   ·   version {g.version.value}   ·   status {g.status.value}"
    assert texts["graph:"] == _squeeze(g.title.value + facts)
    sentences = {rec.code: rec.text or "" for rec in g.recommendations}
    cites = {rec.code: [c.name for c in rec.citations] for rec in g.recommendations}
    for step in g.steps:
        if isinstance(step, m.Decision):
            assert texts[step.id] == _squeeze(f"{step.label}{step.id}")
            for index, branch in enumerate(step.branches):
                target = branch.target.step or f"end:{step.id}"
                assert texts[f"{step.id}->{target}"] == _squeeze(f"{chr(0x2776 + index)} {branch.text}")
        else:
            body = "".join(f"•{sentences[ref.name]}{_numbers(hostile, cites[ref.name])}" for ref in step.recommends)
            assert texts[step.id] == _squeeze(f"{step.label}{step.id}{body}")
    footer = texts["footer:"]
    for source in g.sources:
        assert _squeeze(f"{source.reference} [{source.key}]") in footer
    for check in g.checks:
        assert _squeeze(f"{check.label}   {check.id}") in footer
        for rule in check.rules:
            assert _squeeze(f"when {rule.text}") in footer


def test_hostile_pdf_and_png_render(hostile: Program, tmp_path: Path) -> None:
    for name in ("hostile.pdf", "hostile.png"):
        r.render(hostile, str(tmp_path / name))
        assert (tmp_path / name).stat().st_size > 1000


# ---- the real guideline ----


def _label_text(dot: str) -> str:
    """All the text of a DOT file's HTML-like labels, tags removed, entities decoded, unspaced."""
    plain = html.unescape(re.sub(r"</?[A-Z][A-Z0-9]*( [^<>]*)?/?>", " ", dot)).replace("\\\\", "\\")
    return _squeeze(plain)


def test_real_guideline_dot_shows_every_step_and_sentence(real: Program) -> None:
    dot = r.to_dot(real)
    text = _label_text(dot)
    g = _model(real)
    for step in g.steps:
        assert f'"{step.id}" [' in dot
        assert _squeeze(step.id) in text and _squeeze(step.label or step.id) in text
        if isinstance(step, m.Decision):
            for branch in step.branches:
                assert _squeeze(branch.text) in text
    for rec in g.recommendations:
        assert _squeeze(rec.text or "") in text, rec.code
    for source in g.sources:
        assert _squeeze(source.reference) in text
    for check in g.checks:
        assert _squeeze(check.label or check.id) in text
    assert 'fontname="DejaVu Sans"' in dot.split("\n")[1] and 'fontname="DejaVu Sans"' in dot.split("\n")[2]


def test_branches_in_order_otherwise_last(real: Program) -> None:
    dot = r.to_dot(real)
    for step in _model(real).steps:
        if isinstance(step, m.Decision):
            edges = [line for line in dot.splitlines() if line.lstrip().startswith(f'"{step.id}" -> ')]
            assert len(edges) == len(step.branches) + 1
            for index, line in enumerate(edges[:-1]):
                assert f"label=<{chr(0x2776 + index)} " in line
            assert "<I>otherwise</I>" in edges[-1]


VIGNETTES = json.loads((SPECIFICATION / "vignettes.json").read_text(encoding="utf-8"))


def _assert_highlighted(dot: str, result: Mapping[str, Any]) -> None:
    """The DOT of a highlighted chart shows the result: the path, where it stopped, or why nothing."""
    emphasised = {found.group(1) for found in re.finditer(r'^ +"([^"]+)" \[[^\n]*color="' + rc.EMPHASIS, dot, re.M)}
    text = _label_text(dot)
    if result["status"] == "invalid_input":
        assert rc.EMPHASIS not in dot and rc.DIM not in dot  # nothing emphasised, nothing greyed
        assert _squeeze("Invalid input: nothing was evaluated") in text
        for error in result["errors"]:
            assert _squeeze(f"{error['input']}: {error['problem']}") in text
        return
    steps = [s for s in result["path"] if s != "end"]
    assert set(steps) <= emphasised
    assert rc.DIM in dot  # the rest is greyed
    for reached in result["recommendations"]:  # listed in the note, as sentences with their codes
        assert _squeeze(f"•{reached['text']} ({reached['code']})") in text
    if result["status"] == "needs_data":
        assert f'"{steps[-1]}" -> "stop:"' in dot and _squeeze("Stopped here") in text
        assert _squeeze(", ".join(result["needs"])) in text
    else:
        assert '"stop:"' not in dot and f"end:{steps[-1]}" in emphasised
        assert _squeeze(f"Result: complete, {len(result['recommendations'])} recommendation") in text


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_highlight_every_vignette(vignette: dict[str, Any], real: Program, real_evaluator: Evaluator) -> None:
    result = real_evaluator.evaluate(vignette["inputs"])
    assert result["status"] == vignette["status"]
    _assert_highlighted(r.to_dot(real, r.highlight_overlay(real, result)), result)


@pytest.mark.parametrize("status", ["complete", "needs_data", "invalid_input"])
def test_render_highlight_command(status: str, real_evaluator: Evaluator, tmp_path: Path) -> None:
    vignette = next(v for v in VIGNETTES if v["status"] == status)
    patient = tmp_path / "patient.json"
    patient.write_text(json.dumps(vignette["inputs"]), encoding="utf-8")
    out = tmp_path / "chart.dot"
    assert _cli(["render", str(AZATHIOPRINE), "-o", str(out), "--highlight", str(patient)]) == 0
    _assert_highlighted(out.read_text(encoding="utf-8"), real_evaluator.evaluate(vignette["inputs"]))


def test_highlight_draws_with_dot(real: Program, real_evaluator: Evaluator, tmp_path: Path) -> None:
    stopped = next(v for v in VIGNETTES if v["status"] == "needs_data")
    overlay = r.highlight_overlay(real, real_evaluator.evaluate(stopped["inputs"]))
    r.render(real, str(tmp_path / "stopped.svg"), overlay)
    texts = _svg_groups((tmp_path / "stopped.svg").read_bytes())
    assert "Stopped here" in texts["stop:"]


# ---- the command line ----


def test_render_rejects_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"use \.svg, \.pdf, \.png or \.dot"):
        _cli(["render", str(EXAMPLE), "-o", str(tmp_path / "chart.jpeg")])


def test_render_missing_guideline(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        _cli(["render", str(tmp_path / "none.guideline"), "-o", str(tmp_path / "chart.svg")])


def test_diagrams_write_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    guidelines, out = tmp_path / "guideline", tmp_path / "diagrams"
    guidelines.mkdir()
    (guidelines / "small.guideline").write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    assert _cli(["diagrams", "--check", "--guidelines", str(guidelines), "--out", str(out)]) == 1
    assert "small.svg: missing" in capsys.readouterr().out
    assert _cli(["diagrams", "--guidelines", str(guidelines), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["small.pdf", "small.png", "small.svg"]
    assert _cli(["diagrams", "--check", "--guidelines", str(guidelines), "--out", str(out)]) == 0
    with (guidelines / "small.guideline").open("a", encoding="utf-8") as handle:
        handle.write("# a comment changes nothing drawn\n")
    assert stale_diagrams(str(guidelines), str(out)) == []
    text = (guidelines / "small.guideline").read_text(encoding="utf-8").replace("Wait and see.", "Wait, then see.")
    (guidelines / "small.guideline").write_text(text, encoding="utf-8")
    assert stale_diagrams(str(guidelines), str(out)) == [
        f"{out / name}: stale" for name in ("small.svg", "small.pdf", "small.png")
    ]


def test_diagrams_are_current() -> None:
    """diagrams/ is regenerated by `make diagrams` (guideline diagrams)."""
    assert stale_diagrams(str(ROOT / "guideline"), str(DIAGRAMS)) == []


# ---- print ----


def _multiply(a: list[float], b: list[float]) -> list[float]:
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def pdf_text_sizes(reader: PdfReader) -> list[list[float]]:
    """The printed size in points of every piece of text on each page: the font size times the
    text and transformation matrices' scale (as a viewer would draw it)."""
    pages = []
    for page in reader.pages:
        sizes = []
        ctm, stack, tm, size = [1.0, 0, 0, 1.0, 0, 0], [], [1.0, 0, 0, 1.0, 0, 0], 0.0
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"q":
                stack.append(ctm)
            elif operator == b"Q":
                ctm = stack.pop()
            elif operator == b"cm":
                ctm = _multiply([float(x) for x in operands], ctm)
            elif operator == b"Tf":
                size = float(operands[1])
            elif operator == b"Tm":
                tm = [float(x) for x in operands]
            elif operator in (b"Tj", b"TJ", b"'", b'"'):
                matrix = _multiply(tm, ctm)
                sizes.append(size * abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]) ** 0.5)
        pages.append(sizes)
    return pages


def _is_a4(page: Any) -> bool:
    size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
    return abs(size[0] - A4[0]) < 0.5 and abs(size[1] - A4[1]) < 0.5


def test_real_guideline_pdf_prints_at_7pt_or_more() -> None:
    """The committed PDF (current, see test_diagrams_are_current) on A4, no text under 7 pt, on as
    few pages as the packing finds (8 when this was written: see docs/flowcharts.md)."""
    reader = PdfReader(str(DIAGRAMS / "azathioprine_thrombocytopenia.pdf"))
    total = len(reader.pages)
    assert 1 <= total <= 8
    sizes = pdf_text_sizes(reader)
    for number, page in enumerate(reader.pages, start=1):
        assert _is_a4(page)
        assert sizes[number - 1] and min(sizes[number - 1]) >= 7.0, f"page {number}: {min(sizes[number - 1]):.2f} pt"
        assert f"Page {number} of {total}" in page.extract_text().replace("\n", " ")
    fonts = set(
        re.findall(rb"/BaseFont /([A-Za-z0-9+-]+)", (DIAGRAMS / "azathioprine_thrombocytopenia.pdf").read_bytes())
    )
    assert fonts and all(b"+DejaVuSans" in font for font in fonts), fonts


def test_small_guideline_pdf_is_one_a4_page(tmp_path: Path) -> None:
    small = _checked(SMALL)
    out = tmp_path / "small.pdf"
    rendered = rf.render_file(small, str(out))
    reader = PdfReader(str(out))
    assert rendered.pages == len(reader.pages) == 1 and _is_a4(reader.pages[0])
    assert min(pdf_text_sizes(reader)[0]) >= 7.0
    assert b"DejaVuSans" in out.read_bytes()
    assert d.read_stamp(str(out)) == rf.stamp(small)
    again = tmp_path / "again.pdf"
    r.render(small, str(again))
    assert again.read_bytes() == out.read_bytes()


SMALL_SHEET = d.Paper("small sheet", 640, 400, margin=10)


def _page_texts(pages: list[tuple[str, bytes]]) -> list[str]:
    return [text for text, _ in pages]


def test_pages_split_by_sub_pathway_with_connectors() -> None:
    """On a sheet too small for the whole chart, pages follow sub-pathways, packed: the two reviews
    (sub-pathways of the first decision, each whole) share a page, with the step both lead to; the
    checks fill the first page and the references have a page of their own (the first keeps room
    for a patient's list of recommendations). Every off-page connector names the page its step is on, and every
    page but the first is entered from one."""
    small = _checked(SMALL)
    pages = pg.paginate(small, None, SMALL_SHEET)
    for _, drawing in pages:
        assert d.place(*d.pdf_size(drawing), SMALL_SHEET).scale * rc.SMALLEST_PT >= rc.MIN_PRINT_PT
    texts = _page_texts(pages)
    where = {}
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(pages)}</B>" in text
        for step in re.findall(r'^ +"([a-z_]+)" \[', text, re.M):
            where[step] = number
    assert where == {
        "route": 1,
        "first_review": 2,
        "first_high": 2,
        "first_low": 2,
        "second_review": 2,
        "second_high": 2,
    }
    connectors = [re.findall(r"Continued on page (\d+):</B><BR/>([a-z_]+)", text) for text in texts]
    assert connectors[0] == [("2", "first_review"), ("2", "second_review")]
    for number, found in enumerate(connectors, start=1):
        for page, step in found:
            assert where[step] == int(page) != number
    assert "Continued from page 1" in texts[1]  # second_review: the page starts at first_review
    assert len(texts) == 3
    assert "Checks on every evaluation" in texts[0] and "<B>References</B>" in texts[2]
    assert "Page 1 of 3</B>: from the start; checks on every evaluation" in texts[0]
    assert "Page 3 of 3</B>: references" in texts[2]
    assert "<B>Pages</B>" in texts[0] and "<B>Pages</B>" not in texts[1]


PAGED = GOLDEN / "paged.guideline"


@pytest.mark.parametrize("number", [1, 2, 3])
def test_golden_page_dot(number: int) -> None:
    """The pages of a fixed plan, laid out as given (Graphviz measures nothing): the first with the
    start, the list of pages and what comes after the flow; the second with two sub-pathways that do
    not join, one under the other, branches two a row, closer together; the third entered from both."""
    paged = _checked(PAGED)
    tree = pg._Tree(paged)
    sheets = [
        pg.Sheet(("route",), "all"),
        pg.Sheet(("first_review", "third_review")),
        pg.Sheet(("second_review", "second_high", "second_low")),
    ]
    page = pg._pages(tree, tree.starts(), sheets)[number - 1]
    if number == 2:
        page = dataclasses.replace(page, tight=True, stagger=True, stacked=True)
    assert_golden(GOLDEN / f"paged.page{number}.dot", rc.Chart(paged, ro.PLAIN, page).build())


def test_letter_paper(tmp_path: Path) -> None:
    out = tmp_path / "small.pdf"
    assert _cli(["render", str(SMALL), "-o", str(out), "--paper", "letter"]) == 0
    reader = PdfReader(str(out))
    assert sorted((float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height))) == [612.0, 792.0]
    assert min(pdf_text_sizes(reader)[0]) >= 7.0


def test_a_patients_printout_keeps_the_wards_pages(tmp_path: Path) -> None:
    small = _checked(SMALL)
    plain = _page_texts(pg.paginate(small, None, SMALL_SHEET))
    inputs = {"kind": "second_kind", "level": 7}
    overlay = r.highlight_overlay(small, compile_text(small.source_text, str(SMALL)).evaluate(inputs))
    shown = _page_texts(pg.paginate(small, overlay, SMALL_SHEET))
    assert len(shown) == len(plain)
    for ward, patient in zip(plain, shown, strict=True):
        assert re.findall(r'^ +"([a-z_:]+)" \[', ward, re.M) == re.findall(r'^ +"([a-z_:]+)" \[', patient, re.M)
    assert rc.EMPHASIS in shown[1] and "Result: complete" in shown[0]


def test_checks_and_references_can_take_a_page_each(real: Program) -> None:
    """When the last page cannot hold the checks and the references together, each gets a page."""
    tree = pg._Tree(real)
    roots = frozenset({tree.start})
    sheets = [pg.Sheet((tree.start,)), pg.Sheet((), "checks"), pg.Sheet((), "references")]
    pages = pg._pages(tree, roots, sheets)
    assert [(p.number, p.total, p.first, p.back, p.references_on) for p in pages] == [
        (1, 3, tree.start, "", 3),
        (2, 3, None, "checks", 3),
        (3, 3, None, "references", 3),
    ]
    first, checks, references = (rc.Chart(real, ro.PLAIN, page).build() for page in pages)
    assert "Checks on every evaluation" in checks and "<B>References</B>" not in checks
    assert "reference, listed on page 3" in checks and "reference, listed on page 3" in first
    assert "<B>References</B>" in references and "Checks on every evaluation" not in references
    assert "Page 3 of 3</B>: references" in references and "Checks on every evaluation</B>" not in first
    assert pages[0].contents == ((2, "checks on every evaluation"), (3, "references"))


def test_checks_can_share_a_page_of_the_flow(real: Program) -> None:
    """The checks on a page of the flow: its title says so, and the first page lists where they are."""
    tree = pg._Tree(real)
    roots = tree.starts()
    first = pg.Sheet((tree.start,), "checks")
    rest = [pg.Sheet((root,)) for root in tree.pieces(roots) if root != tree.start]
    pages = pg._pages(tree, roots, [first, *rest, pg.Sheet((), "references")])
    total = len(rest) + 2
    text = rc.Chart(real, ro.PLAIN, pages[0]).build()
    assert f"Page 1 of {total}</B>: from the start; checks on every evaluation" in text
    assert "Checks on every evaluation</B>" in text and "<B>References</B>" not in text
    assert pages[0].contents[-1] == (total, "references")
    assert f"reference, listed on page {total}" in text


def test_placement_chooses_orientation() -> None:
    a4 = d.PAPERS["a4"]
    assert d.place(400, 700, a4) == d.Placement(False, 1.0, 400, 700)
    assert d.place(700, 400, a4).landscape
    wide = d.place(2000, 500, a4)
    assert wide.landscape and wide.scale == pytest.approx((A4[1] - 2 * a4.margin) / 2000)


def test_overlay_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.Overlay().mode = "coverage"  # type: ignore[misc]


def test_pdf_stamp_reads_back(tmp_path: Path) -> None:
    pdf = d.compose_pdf([d.run_dot("digraph { a -> b }", "pdf")], d.PAPERS["letter"], "T", "abc123")
    (tmp_path / "x.pdf").write_bytes(pdf)
    assert d.read_stamp(str(tmp_path / "x.pdf")) == "abc123"
    reader = PdfReader(io.BytesIO(pdf))
    assert float(reader.pages[0].mediabox.width) == 612.0


def test_png_stamp_is_read_by_its_chunk_length(tmp_path: Path) -> None:
    """A CRC that starts with bytes reading as hex digits is not taken for part of the stamp
    (found when a renderer change made diagrams/small.png look stale right after drawing it)."""
    import struct
    import zlib

    png = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + bytes(13) + bytes(4)
    for n in range(10_000):
        stamp = f"{n:032x}"
        data = d.STAMP.encode("ascii") + b"\0" + stamp.encode("ascii")
        if struct.pack(">I", zlib.crc32(b"tEXt" + data))[:1] in b"0123456789abcdef":
            break
    path = tmp_path / "x.png"
    path.write_bytes(d.stamp_png(png, stamp))
    assert d.read_stamp(str(path)) == stamp
