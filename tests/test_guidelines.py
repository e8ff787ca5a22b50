"""Every shipped guideline checks, passes its clinical cases, and meets its public contract."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from compiler import cli
from compiler.api import check_text, load
from compiler.testing.cases import cases_path, load_cases, report, run_cases
from tests.conftest import AZATHIOPRINE, ROOT, SPECIFICATION

SHIPPED = sorted((ROOT / "guideline").glob("*.guideline"))
VIGNETTES = json.loads((SPECIFICATION / "vignettes.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_guideline_checks(path: Path) -> None:
    check_text(path.read_text(encoding="utf-8"), str(path))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_guideline_passes_its_cases(path: Path) -> None:
    outcomes = run_cases(load_cases(cases_path(str(path))), load(str(path)).evaluate)
    failures = [report(o) for o in outcomes if not o.passed]
    assert not failures, "\n".join(failures)


def test_cases_include_every_public_vignette() -> None:
    cases = {c.id: c for c in load_cases(cases_path(str(AZATHIOPRINE)))}
    for vignette in VIGNETTES:
        case = cases[vignette["id"]]
        assert case.inputs == vignette["inputs"]
        assert (case.status, case.codes, case.needs) == (
            vignette["status"],
            frozenset(vignette["codes"]),
            tuple(vignette["needs"]),
        )


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v["id"])
def test_cli_eval_gives_each_vignette_exactly(
    vignette: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(vignette["inputs"]).encode("utf-8")))
    monkeypatch.setattr("sys.stdin", stdin)
    code = cli.main(["eval", str(AZATHIOPRINE), "--input", "-"])
    result = json.loads(capsys.readouterr().out)
    assert code == (1 if vignette["status"] == "invalid_input" else 0)
    assert result["status"] == vignette["status"]
    assert sorted(r["code"] for r in result["recommendations"]) == sorted(vignette["codes"])
    assert result["needs"] == vignette["needs"]
    assert sorted(e["input"] for e in result["errors"]) == sorted(vignette.get("error_inputs", []))


def test_every_recommendation_cites_a_listed_source() -> None:
    guideline = check_text(AZATHIOPRINE.read_text(encoding="utf-8"), str(AZATHIOPRINE)).guideline
    keys = {s.key for s in guideline.sources}
    for rec in guideline.recommendations:
        assert rec.citations and {c.name for c in rec.citations} <= keys, rec.code


def test_spec_codes_and_inputs_are_exactly_the_guideline_s() -> None:
    """The spec is a public contract: the guideline declares exactly its codes and inputs."""
    spec = (SPECIFICATION / "azathioprine_thrombocytopenia.md").read_text(encoding="utf-8")
    section5 = spec[spec.index("## 5.") : spec.index("## 6.")]
    section1 = spec[spec.index("## 1.") : spec.index("## 2.")]
    guideline = check_text(AZATHIOPRINE.read_text(encoding="utf-8"), str(AZATHIOPRINE)).guideline
    import re

    spec_codes = set(re.findall(r"`([a-z0-9_]+)`", section5)) - {"complete"}
    assert {r.code for r in guideline.recommendations} == spec_codes
    table = [line for line in section1.splitlines() if line.startswith("| `")]
    spec_inputs = {name for line in table for name in re.findall(r"`([a-z0-9_]+)`", line.split("|")[1])}
    assert {i.name for i in guideline.inputs} == spec_inputs
