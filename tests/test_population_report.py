"""The population flowchart (`guideline population --report`): the counts it draws on each step
and branch, and in its status table, are those counted here, independently, from the results
the same run wrote."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from compiler.api import check_text
from compiler.cli import main
from compiler.flowchart.overlay import END, branches
from tests.conftest import AZATHIOPRINE
from tests.population.expected import read_jsonl
from tests.population.rows import table as generated

GUIDELINE = str(AZATHIOPRINE)
SVG = "{http://www.w3.org/2000/svg}"
COUNT = re.compile(r"^([\d,]+) \((\d+\.\d) %\)")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """One run over 1,500 generated patients: its results (JSON Lines), its SVG report, its stdout."""
    folder = tmp_path_factory.mktemp("report")
    program = check_text(Path(GUIDELINE).read_text(encoding="utf-8"), GUIDELINE).program
    source = folder / "patients.parquet"
    pq.write_table(generated(program, 1500, seed=11), source)
    results, report = folder / "results.jsonl", folder / "report.svg"
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(["population", GUIDELINE, "--input", str(source), "-o", str(results), "--report", str(report)])
    assert code == 0
    return results, report, out.getvalue()


def _texts(group: ET.Element) -> list[str]:
    return ["".join(t.itertext()).strip() for t in group.iter(f"{SVG}text")]


def _counts(texts: list[str]) -> list[int]:
    return [int(m.group(1).replace(",", "")) for t in texts if (m := COUNT.match(t))]


def test_each_step_shows_the_patients_whose_path_reaches_it(run: tuple[Path, Path, str]) -> None:
    results, report, _ = run
    rows = read_jsonl(results)
    reached = Counter(step for r in rows for step in r["path"])
    stopped = Counter(r["path"][-1] for r in rows if r["status"] == "needs_data" and r["path"] and r["path"][-1] != END)
    program = check_text(Path(GUIDELINE).read_text(encoding="utf-8"), GUIDELINE).program
    drawn: dict[str, list[str]] = {}
    for group in ET.parse(report).getroot().iter(f"{SVG}g"):
        if group.get("class") == "node":
            drawn[group.findtext(f"{SVG}title") or ""] = _texts(group)
    for step in program.steps:
        texts = [t for t in drawn[step.id] if COUNT.match(t)]
        assert texts, f"{step.id}: no count drawn"
        assert texts[0] == f"{reached[step.id]:,} ({100 * reached[step.id] / len(rows):.1f} %) patients"
        shown = " ".join(drawn[step.id])
        if stopped[step.id]:
            assert f"stopped here for data: {stopped[step.id]:,} (" in shown
        else:
            assert "stopped here for data" not in shown
    assert len(reached) > 20  # most steps are reached: the comparison is not of zeros


def test_each_branch_shows_the_patients_who_took_it(run: tuple[Path, Path, str]) -> None:
    results, report, _ = run
    rows = read_jsonl(results)
    taken = Counter((a, b) for r in rows for a, b in zip(r["path"], r["path"][1:], strict=False))
    program = check_text(Path(GUIDELINE).read_text(encoding="utf-8"), GUIDELINE).program
    graph = program.graph
    drawn: dict[str, list[int]] = {}
    for group in ET.parse(report).getroot().iter(f"{SVG}g"):
        if group.get("class") == "edge":
            title = (group.findtext(f"{SVG}title") or "").replace("->", "→")
            drawn.setdefault(title, []).extend(_counts(_texts(group)))
    checked = 0
    for step in program.steps:
        for _, _, target in branches(graph, step.id):
            head = f"end:{step.id}" if target == END else target
            shown = drawn.get(f"{step.id}→{head}", [])
            assert taken[(step.id, target)] in shown, (step.id, target, shown)
            checked += 1
    assert checked > 40 and sum(taken.values()) > 0


def test_the_status_table_and_the_summary_show_the_statuses(run: tuple[Path, Path, str]) -> None:
    results, report, printed = run
    statuses = Counter(r["status"] for r in read_jsonl(results))
    texts = [t for g in ET.parse(report).getroot().iter(f"{SVG}g") for t in _texts(g)]
    for status, count in statuses.items():
        position = texts.index(status)
        assert texts[position + 1] == f"{count:,}"
        assert texts[position + 2] == f"{100 * count / 1500:.1f} %"
        assert re.search(rf"^  {status} +{count:,} ", printed, re.M), printed
    recommended = Counter(code for r in read_jsonl(results) for code in r["recommendations"])
    for code, count in recommended.items():
        assert any(t.endswith(f"{code}: {count:,} ({100 * count / 1500:.1f} %)") for t in texts), code


def test_a_pdf_report_is_drawn_on_a4_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "cbc.csv"
    source.write_text("id,indication,platelets\n1,other,20\n2,immune_thrombocytopenia,200\n3,x,1\n", encoding="utf-8")
    report = tmp_path / "report.pdf"
    assert main(["population", GUIDELINE, "--input", str(source), "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert report.read_bytes().startswith(b"%PDF") and f"{report}: written (PDF, " in out and "of A4" in out
