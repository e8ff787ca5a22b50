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
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from compiler import dot as d
from compiler import render as r
from compiler.api import Evaluator, check_text, compile_text
from compiler.files import UsageError, read_text
from dsl import model as m
from dsl.checks import Checked
from tests.conftest import AZATHIOPRINE, EXAMPLE, ROOT, SHARED, assert_golden

GOLDEN = ROOT / "tests" / "golden" / "render"
HOSTILE = GOLDEN / "hostile.guideline"
SMALL = GOLDEN / "small.guideline"
DIAGRAMS = ROOT / "diagrams"
SVG = "{http://www.w3.org/2000/svg}"
A4 = (595.276, 841.89)


def _checked(path: Path) -> Checked:
    return check_text(read_text(str(path)), str(path.relative_to(ROOT)))


@pytest.fixture(scope="module")
def example() -> Checked:
    return _checked(EXAMPLE)


@pytest.fixture(scope="module")
def hostile() -> Checked:
    return _checked(HOSTILE)


@pytest.fixture(scope="module")
def real() -> Checked:
    return _checked(AZATHIOPRINE)


@pytest.fixture(scope="module")
def real_evaluator() -> Evaluator:
    return compile_text(read_text(str(AZATHIOPRINE)), str(AZATHIOPRINE))


def _cli(argv: list[str]) -> int:
    top = argparse.ArgumentParser(prog="guideline")
    r.register(top.add_subparsers(dest="command", required=True))
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
        ("bell\x07 nul\x00", "bell\ufffd nul\ufffd"),
        ("Ünïcödé ✓ 血小板 😀", "Ünïcödé ✓ 血小板 😀"),
        ("&amp; &#92;", "&amp;amp; &amp;#92;"),
    ],
)
def test_dot_escape(text: str, escaped: str) -> None:
    assert d.dot_escape(text) == escaped


def test_end_is_the_graphs_end() -> None:
    from dsl.graph import END

    assert r.END == END


def test_importing_the_renderer_stays_light() -> None:
    """The CLI imports compiler.render to register its commands: no networkx, Graphviz or dsl."""
    heavy = "('networkx', 'graphviz', 'dsl.model')"
    code = f"import sys, compiler.render; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_dot_id_quotes_and_backslashes() -> None:
    assert d.dot_id('a"b\\c\nd') == '"a\\"b\\\\c d"'


# ---- whole outputs ----


def _vignette_overlay(checked: Checked, inputs: dict[str, Any]) -> r.Overlay:
    return r.highlight_overlay(
        checked, compile_text(checked.guideline.source_text, checked.guideline.filename).evaluate(inputs)
    )


EXAMPLE_PATIENTS = {
    "complete": {"condition": "arthritis", "count": 20, "baseline": 100, "weeks": 3, "pregnant": True},
    "needs_data": {"condition": "colitis", "count": 120},
    "invalid_input": {"condition": "gout", "count": -5},
}


def _coverage(checked: Checked) -> r.Overlay:
    covered = SimpleNamespace(
        cases=2,
        steps=(3, 7),
        outcomes=(4, 10),
        routes=(2, 12),
        covered_steps={"first", "arthritis_review", "stop_drug", "general"},
        covered_outcomes={("first", 0), ("arthritis_review", 0), ("general", -1)},
    )
    return r.coverage_overlay(checked, covered)


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


def test_same_input_same_bytes(example: Checked, tmp_path: Path) -> None:
    again = _checked(EXAMPLE)
    assert r.to_dot(example) == r.to_dot(again)
    overlay = _vignette_overlay(example, EXAMPLE_PATIENTS["complete"])
    assert r.to_dot(example, overlay) == r.to_dot(again, _vignette_overlay(again, EXAMPLE_PATIENTS["complete"]))
    for name in ("one.svg", "two.svg"):
        r.render(example, str(tmp_path / name))
    assert (tmp_path / "one.svg").read_bytes() == (tmp_path / "two.svg").read_bytes()


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


def _numbers(checked: Checked, keys: list[str]) -> str:
    order = [s.key for s in checked.guideline.sources]
    return ",".join(str(n) for n in sorted(order.index(k) + 1 for k in keys))


def test_hostile_labels_survive_dot(hostile: Checked, tmp_path: Path) -> None:
    out = tmp_path / "hostile.svg"
    r.render(hostile, str(out))
    texts = {key: _squeeze(value.replace("\xa0", " ")) for key, value in _svg_groups(out.read_bytes()).items()}
    g = hostile.guideline
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


def test_hostile_pdf_and_png_render(hostile: Checked, tmp_path: Path) -> None:
    for name in ("hostile.pdf", "hostile.png"):
        r.render(hostile, str(tmp_path / name))
        assert (tmp_path / name).stat().st_size > 1000


# ---- the real guideline ----


def _label_text(dot: str) -> str:
    """All the text of a DOT file's HTML-like labels, tags removed, entities decoded, unspaced."""
    plain = html.unescape(re.sub(r"</?[A-Z][A-Z0-9]*( [^<>]*)?/?>", " ", dot)).replace("\\\\", "\\")
    return _squeeze(plain)


def test_real_guideline_dot_shows_every_step_and_sentence(real: Checked) -> None:
    dot = r.to_dot(real)
    text = _label_text(dot)
    g = real.guideline
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


def test_branches_in_order_otherwise_last(real: Checked) -> None:
    dot = r.to_dot(real)
    for step in real.guideline.steps:
        if isinstance(step, m.Decision):
            edges = [line for line in dot.splitlines() if line.startswith(f'  "{step.id}" -> ')]
            assert len(edges) == len(step.branches) + 1
            for index, line in enumerate(edges[:-1]):
                assert f"label=<{chr(0x2776 + index)} " in line
            assert "<I>otherwise</I>" in edges[-1]


VIGNETTES = json.loads((SHARED / "clinical" / "vignettes.json").read_text(encoding="utf-8"))


def _assert_highlighted(dot: str, result: dict[str, Any]) -> None:
    """The DOT of a highlighted chart shows the result: the path, where it stopped, or why nothing."""
    emphasised = {found.group(1) for found in re.finditer(r'^  "([^"]+)" \[[^\n]*color="' + r.EMPHASIS, dot, re.M)}
    text = _label_text(dot)
    if result["status"] == "invalid_input":
        assert r.EMPHASIS not in dot and r.DIM not in dot  # nothing emphasised, nothing greyed
        assert _squeeze("Invalid input: nothing was evaluated") in text
        for error in result["errors"]:
            assert _squeeze(f"{error['input']}: {error['problem']}") in text
        return
    steps = [s for s in result["path"] if s != "end"]
    assert set(steps) <= emphasised
    assert r.DIM in dot  # the rest is greyed
    if result["status"] == "needs_data":
        assert f'"{steps[-1]}" -> "stop:"' in dot and _squeeze("Stopped here") in text
        assert _squeeze(", ".join(result["needs"])) in text
    else:
        assert '"stop:"' not in dot and f"end:{steps[-1]}" in emphasised
        assert _squeeze(f"Result: complete, {len(result['recommendations'])} recommendation") in text


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_highlight_every_vignette(vignette: dict[str, Any], real: Checked, real_evaluator: Evaluator) -> None:
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


def test_highlight_draws_with_dot(real: Checked, real_evaluator: Evaluator, tmp_path: Path) -> None:
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
    assert r.stale_diagrams(str(guidelines), str(out)) == []
    text = (guidelines / "small.guideline").read_text(encoding="utf-8").replace("Wait and see.", "Wait, then see.")
    (guidelines / "small.guideline").write_text(text, encoding="utf-8")
    assert r.stale_diagrams(str(guidelines), str(out)) == [
        f"{out / name}: stale" for name in ("small.svg", "small.pdf", "small.png")
    ]


def test_diagrams_are_current() -> None:
    """diagrams/ is regenerated by `make diagrams` (guideline diagrams)."""
    assert r.stale_diagrams(str(ROOT / "guideline"), str(DIAGRAMS)) == []


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
    """The committed PDF (current, see test_diagrams_are_current) on A4, no text under 7 pt."""
    reader = PdfReader(str(DIAGRAMS / "azathioprine_thrombocytopenia.pdf"))
    total = len(reader.pages)
    assert 1 <= total <= 16
    sizes = pdf_text_sizes(reader)
    for number, page in enumerate(reader.pages, start=1):
        assert _is_a4(page)
        assert sizes[number - 1] and min(sizes[number - 1]) >= 7.0, f"page {number}: {min(sizes[number - 1]):.2f} pt"
        assert f"page {number} of {total}" in page.extract_text().replace("\n", " ")
    fonts = set(
        re.findall(rb"/BaseFont /([A-Za-z0-9+-]+)", (DIAGRAMS / "azathioprine_thrombocytopenia.pdf").read_bytes())
    )
    assert fonts and all(b"+DejaVuSans" in font for font in fonts), fonts


def test_small_guideline_pdf_is_one_a4_page(tmp_path: Path) -> None:
    small = _checked(SMALL)
    out = tmp_path / "small.pdf"
    rendered = r.render_file(small, str(out))
    reader = PdfReader(str(out))
    assert rendered.pages == len(reader.pages) == 1 and _is_a4(reader.pages[0])
    assert min(pdf_text_sizes(reader)[0]) >= 7.0
    assert b"DejaVuSans" in out.read_bytes()
    assert d.read_stamp(str(out)) == r.stamp(small)


def test_pages_split_by_sub_pathway_with_connectors() -> None:
    """On a sheet too small for the whole chart, pages follow sub-pathways; every off-page
    connector names the page its step is on, and every page but the first is entered from one."""
    small = _checked(SMALL)
    sheet = d.Paper("small sheet", 640, 400, margin=10)
    pages = r.paginate(small, None, sheet)
    assert len(pages) == 4  # route; first_review; second_review; checks and references
    for _, drawing in pages:
        assert d.place(*d.pdf_size(drawing), sheet).scale * r.SMALLEST_PT >= r.MIN_PRINT_PT
    texts = [text for text, _ in pages]
    where = {}
    for number, text in enumerate(texts, start=1):
        assert f"page {number} of {len(pages)}" in text
        for step in re.findall(r'^  "([a-z_]+)" \[', text, re.M):
            where[step] = number
    for number, text in enumerate(texts, start=1):
        for page, step in re.findall(r"Continued on page (\d+):</B><BR/>([a-z_]+)", text):
            assert where[step] == int(page) != number
    assert "Checks on every evaluation" in texts[-1] and "References" in texts[-1]
    assert "Pages" in texts[0]


def test_checks_and_references_can_take_a_page_each(real: Checked) -> None:
    """When the last page cannot hold the checks and the references together, each gets a page."""
    pagination = r._Pagination(real)
    pages = pagination.pages({pagination.start}, last=True, split=True)
    assert [(p.number, p.total, p.root, p.part) for p in pages] == [
        (1, 3, pagination.start, "all"),
        (2, 3, None, "checks"),
        (3, 3, None, "references"),
    ]
    first, checks, references = (r._Chart(real, r.PLAIN, page).build() for page in pages)
    assert "Checks on every evaluation" in checks and "<B>References</B>" not in checks
    assert "reference, listed on page 3" in checks and "reference, listed on page 3" in first
    assert "<B>References</B>" in references and "Checks on every evaluation" not in references
    assert "page 3 of 3: references" in references and "Checks on every evaluation</TD>" in first


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
