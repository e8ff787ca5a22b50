"""Every shipped guideline checks, passes its clinical cases, and meets its public contract.

Each `guideline/NAME.guideline` has a specification `docs/specification/NAME.md` and public
vignettes (`CONTRACTS`); every test here runs on each guideline alike."""

from __future__ import annotations

import io
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from compiler import cli
from compiler.api import check_text, load
from compiler.testing.cases import cases_path, load_cases, report, run_cases
from dsl.program import Program
from tests.conftest import ROOT, SPECIFICATION

SHIPPED = sorted((ROOT / "guideline").glob("*.guideline"))
# Each shipped guideline's vignettes (docs/specification/README.md); its specification is NAME.md.
CONTRACTS = {
    "azathioprine_thrombocytopenia": "vignettes.json",
    "itp_immunosuppressant": "itp_vignettes.json",
}
STATUSES = {"complete", "needs_data", "invalid_input"}
URGENCIES = {"critical", "warning", "info"}


def guideline_path(name: str) -> Path:
    return ROOT / "guideline" / f"{name}.guideline"


def program(name: str) -> Program:
    path = guideline_path(name)
    return check_text(path.read_text(encoding="utf-8"), str(path)).program


def specification(name: str) -> str:
    return (SPECIFICATION / f"{name}.md").read_text(encoding="utf-8")


def section(spec: str, number: int) -> str:
    return spec[spec.index(f"## {number}.") : spec.index(f"## {number + 1}.")]


def vignettes(name: str) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads((SPECIFICATION / CONTRACTS[name]).read_text(encoding="utf-8"))
    return loaded


VIGNETTES = [(name, vignette) for name in sorted(CONTRACTS) for vignette in vignettes(name)]


def test_every_shipped_guideline_has_a_contract() -> None:
    """A new guideline fails here until its specification and vignettes are named in CONTRACTS."""
    assert {p.stem for p in SHIPPED} == set(CONTRACTS)
    for name in CONTRACTS:
        assert (SPECIFICATION / f"{name}.md").is_file() and (SPECIFICATION / CONTRACTS[name]).is_file()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_guideline_checks(path: Path) -> None:
    check_text(path.read_text(encoding="utf-8"), str(path))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_guideline_passes_its_cases(path: Path) -> None:
    outcomes = run_cases(load_cases(cases_path(str(path))), load(str(path)).evaluate)
    failures = [report(o) for o in outcomes if not o.passed]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_cases_include_every_public_vignette(name: str) -> None:
    cases = {c.id: c for c in load_cases(cases_path(str(guideline_path(name))))}
    for vignette in vignettes(name):
        case = cases[vignette["id"]]
        assert case.inputs == vignette["inputs"]
        assert (case.status, case.codes, case.needs, case.errors) == (
            vignette["status"],
            frozenset(vignette["codes"]),
            tuple(vignette["needs"]),
            frozenset(vignette.get("error_inputs", [])),
        )


@pytest.mark.parametrize(("name", "vignette"), VIGNETTES, ids=lambda v: v if isinstance(v, str) else v["id"])
def test_cli_eval_gives_each_vignette_exactly(
    name: str, vignette: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(vignette["inputs"]).encode("utf-8")))
    monkeypatch.setattr("sys.stdin", stdin)
    code = cli.main(["eval", str(guideline_path(name)), "--input", "-"])
    result = json.loads(capsys.readouterr().out)
    assert code == (1 if vignette["status"] == "invalid_input" else 0)
    assert result["guideline"] == program(name).id
    assert result["status"] == vignette["status"]
    assert sorted(r["code"] for r in result["recommendations"]) == sorted(vignette["codes"])
    assert result["needs"] == vignette["needs"]
    assert sorted(e["input"] for e in result["errors"]) == sorted(vignette.get("error_inputs", []))


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_every_recommendation_cites_a_listed_source(name: str) -> None:
    p = program(name)
    keys = {s.key for s in p.sources}
    for rec in p.recommendations:
        assert rec.citations and set(rec.citations) <= keys, rec.code


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_spec_codes_and_inputs_are_exactly_the_guideline_s(name: str) -> None:
    """The spec is a public contract: the guideline declares exactly its codes and inputs.

    The codes are the names in backticks in section 5, less the statuses, the urgency levels
    and the names of the guideline's groups; when section 5 also has a table of codes, it lists
    the same ones. The inputs are the names in the first column of section 1's table."""
    spec, p = specification(name), program(name)
    section5 = section(spec, 5)
    named = set(re.findall(r"`([a-z0-9_]+)`", section5)) - STATUSES - URGENCIES - {g.name for g in p.groups}
    assert {r.code for r in p.recommendations} == named
    table = {m.group(1) for m in re.finditer(r"^\| `([a-z0-9_]+)` \|", section5, re.M)}
    assert not table or table == named
    rows = [line for line in section(spec, 1).splitlines() if line.startswith("| `")]
    spec_inputs = {n for line in rows for n in re.findall(r"`([a-z0-9_]+)`", line.split("|")[1])}
    assert {i.name for i in p.inputs} == spec_inputs


def named_groups() -> list[tuple[str, str]]:
    """(guideline, group) for each group that the guideline's specification names in section 5."""
    found = []
    for name in sorted(CONTRACTS):
        for group in program(name).groups:
            if f"(group `{group.name}`)" in section(specification(name), 5):
                found.append((name, group.name))
    return found


def test_some_specification_names_its_groups() -> None:
    assert named_groups()


@pytest.mark.parametrize(("name", "group"), named_groups())
def test_named_groups_are_the_specification_s(name: str, group: str) -> None:
    """A bullet of section 5 such as '- Start decision, **exactly one** ... (group `g`): `a`, `b`.'
    gives the group's cardinality and exactly its codes."""
    bullets = re.split(r"^- ", section(specification(name), 5), flags=re.M)
    (bullet,) = [b for b in bullets if f"(group `{group}`)" in b]
    declared = next(g for g in program(name).groups if g.name == group)
    assert f"**{declared.cardinality}**" in bullet
    listed = bullet.split(f"(group `{group}`)", 1)[1].split(";")[0]
    assert set(re.findall(r"`([a-z0-9_]+)`", listed)) == set(declared.members)


def test_inputs_of_the_same_name_are_declared_alike() -> None:
    """An input that two guidelines both declare has the same type, unit, range, default, LOINC
    codes, accepted units and aliases, and choices in both (labels and descriptions may differ:
    the ITP `bleeding` is narrower, spec section 8 note 2), so that one application feeds both."""
    programs = {name: program(name) for name in sorted(CONTRACTS)}
    compared = 0
    for (a, pa), (b, pb) in itertools.combinations(programs.items(), 2):
        for shared in sorted(set(pa.input_table) & set(pb.input_table)):
            x, y = pa.input_table[shared], pb.input_table[shared]
            fields = ("kind", "unit", "low", "high", "default", "loinc", "units", "aliases", "choices")
            assert [getattr(x, f) for f in fields] == [getattr(y, f) for f in fields], (a, b, shared)
            compared += 1
    assert compared >= 6  # platelets, tpmt_phenotype, nudt15_phenotype, allopurinol, febuxostat, bleeding
