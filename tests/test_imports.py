"""Libraries and imports (`dsl.imports`): inputs declared once, imported by name, never merged
silently; and `urgency` on recommendations. The author mistakes are in tests/errors/import_*,
tests/errors/urgency_* (compared whole by test_errors.py); here: what an import means."""

from __future__ import annotations

import dataclasses
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.api import check_report, check_text, compile_text, load
from compiler.files import read_text
from dsl.errors import GuidelineError
from dsl.libraries import library_fingerprint
from dsl.program import Input, Span
from tests.conftest import AZATHIOPRINE, ROOT

GUIDELINES = ROOT / "guideline"
GUIDELINE_COMMAND = [str(Path(sys.executable).with_name("guideline"))]
LIBRARY = """\
library labs
title "Labs"
version 1.0.0

input count "Platelet count"
  number in 10*9/L
  range 0 to 2000
  accepts /uL
  alias K/uL means 10*3/uL
  accepts 10*3/uL
  loinc 777-3

input kind "Kind"
  one of a, b
"""
INLINE_INPUTS = "\n".join(LIBRARY.split("\n")[4:])  # the library's inputs, as a guideline would declare them


def guideline(inputs: str) -> str:
    return (
        'guideline g\ntitle "G"\nversion 1.0.0\nstatus draft\nsource s "S"\n\n'
        f"{inputs}\n"
        'decision d "Low?"\n  when count < 50 go to low\n  when kind is b go to low\n  otherwise go to fine\n'
        'action low "Low"\n  recommend r_low\n  then end\n'
        'action fine "Fine"\n  recommend r_fine\n  then end\n'
        'recommendation r_low\n  text "Low."\n  cites s\n  urgency critical\n'
        'recommendation r_fine\n  text "Fine."\n  cites s\n  urgency info\n'
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "labs.guideline").write_text(LIBRARY, encoding="utf-8")
    path = tmp_path / "g.guideline"
    path.write_text(guideline("import count, kind from labs\n"), encoding="utf-8")
    return path


def _without_spans(spec: Input) -> Input:
    return dataclasses.replace(spec, span=Span("", 0, 0, 0, 0))


def test_an_imported_input_is_the_library_s_declaration(project: Path) -> None:
    imported = check_text(read_text(str(project)), str(project)).program
    inline = check_text(guideline(INLINE_INPUTS), str(project.with_name("inline.guideline"))).program
    assert [i.name for i in imported.inputs] == ["count", "kind"]
    assert [_without_spans(i) for i in imported.inputs] == [_without_spans(i) for i in inline.inputs]
    assert {i.span.filename for i in imported.inputs if i.span} == {str(project.parent / "common" / "labs.guideline")}


def test_importing_or_declaring_gives_the_same_results(project: Path) -> None:
    imported = load(str(project))
    inline = compile_text(guideline(INLINE_INPUTS), str(project.with_name("inline.guideline")))
    rng = random.Random(3)
    counts: list[object] = [
        None,
        49.9,
        50,
        120,
        -1,
        "x",
        {"value": 40_000, "unit": "/uL"},
        {"value": 30, "unit": "K/uL"},
    ]
    kinds: list[object] = [None, "a", "b", "c", 3]
    for _ in range(300):
        patient = {k: v for k, v in (("count", rng.choice(counts)), ("kind", rng.choice(kinds))) if v is not None}
        assert imported.evaluate(patient) == inline.evaluate(patient), patient


def test_an_import_takes_the_place_of_its_line(tmp_path: Path) -> None:
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "labs.guideline").write_text(LIBRARY, encoding="utf-8")
    text = guideline(
        'input first "First"\n  yes or no\n\nimport kind from labs\n\ninput count "Count"\n  number in 10*9/L\n'
    )
    text = text.replace("when kind is b", "when first or kind is b")
    program = check_text(text, str(tmp_path / "g.guideline")).program
    assert [i.name for i in program.inputs] == ["first", "kind", "count"]


def test_the_shipped_guidelines_import_what_they_share() -> None:
    shared = {"platelets", "tpmt_phenotype", "nudt15_phenotype", "allopurinol", "febuxostat"}
    for path in sorted(GUIDELINES.glob("*.guideline")):
        checked = check_text(read_text(str(path)), str(path))
        imported = {ref.name for statement in checked.guideline.imports for ref in statement.names}
        assert imported - {"cell_count"} == shared, path.name  # and the azathioprine guideline's count units
        for spec in checked.program.inputs:
            assert spec.span is not None
            assert (spec.name in shared) == ("/common/" in spec.span.filename), spec.name


def test_bleeding_keeps_two_meanings_in_two_guidelines() -> None:
    """The ITP specification's `bleeding` excludes minor mucocutaneous bleeding: each guideline
    declares its own, and neither imports it (an import beside a declaration is refused)."""
    for path in sorted(GUIDELINES.glob("*.guideline")):
        span = check_text(read_text(str(path)), str(path)).program.input_table["bleeding"].span
        assert span is not None and span.filename == str(path)
    text = read_text(str(AZATHIOPRINE)).replace(
        "import platelets, cell_count from blood_counts",
        "import platelets, cell_count from blood_counts\nimport bleeding from blood_counts",
    )
    with pytest.raises(GuidelineError, match="'bleeding' is also declared in this guideline, on line [0-9]+: one name"):
        check_text(text, str(AZATHIOPRINE))


def test_a_library_checks_on_its_own_and_is_no_guideline(project: Path) -> None:
    library = project.parent / "common" / "labs.guideline"
    report = check_report(read_text(str(library)), str(library))
    assert (report.errors, report.warnings, report.text) == (0, 0, "")
    with pytest.raises(GuidelineError, match="'labs' is a library of inputs, not a guideline"):
        check_text(read_text(str(library)), str(library))


def test_an_error_in_a_library_is_shown_at_its_own_line(project: Path) -> None:
    library = project.parent / "common" / "labs.guideline"
    library.write_text(LIBRARY.replace("range 0 to 2000", "range 0 to 2000 wk"), encoding="utf-8")
    with pytest.raises(GuidelineError) as raised:
        check_text(read_text(str(project)), str(project))
    report = raised.value.report()
    assert report.startswith(f"{library}:7:19: error: ")
    assert "\n      range 0 to 2000 wk\n" in report  # the library's line, not the guideline's line 7
    assert report.count("error:") == 1  # nothing follows from the inputs it could not give


def test_a_changed_library_is_compiled_again(project: Path) -> None:
    before = library_fingerprint(str(project))
    assert load(str(project)).evaluate({"count": 40, "kind": "a"})["recommendations"][0]["code"] == "r_low"
    library = project.parent / "common" / "labs.guideline"
    library.write_text(LIBRARY.replace("one of a, b", "one of a, b, c"), encoding="utf-8")
    assert library_fingerprint(str(project)) != before
    assert load(str(project)).evaluate({"count": 60, "kind": "c"})["status"] == "complete"  # not the stale module
    assert check_report(read_text(str(project)), str(project)).errors == 0


def test_urgency_reaches_the_program_and_the_compiled_module(project: Path) -> None:
    program = check_text(read_text(str(project)), str(project)).program
    assert [(r.code, r.urgency) for r in program.recommendations] == [("r_low", "critical"), ("r_fine", "info")]
    assert load(str(project)).urgency == {"r_fine": "info", "r_low": "critical"}


def test_the_shipped_guideline_carries_the_urgency_of_its_specification() -> None:
    """Section 8 of the azathioprine specification: the critical and warning codes; info the rest."""
    spec = (ROOT / "docs" / "specification" / "azathioprine_thrombocytopenia.md").read_text(encoding="utf-8")
    table = spec.split("## 8.")[1].split("## 9.")[0]
    listed = {}
    for level in ("critical", "warning"):
        row = next(line for line in table.splitlines() if line.startswith(f"| `{level}` |"))
        listed.update({code.strip(" `"): level for code in row.split("|")[2].split(",")})
    program = check_text(read_text(str(AZATHIOPRINE)), str(AZATHIOPRINE)).program
    assert {r.code: r.urgency for r in program.recommendations} == {
        r.code: listed.get(r.code, "info") for r in program.recommendations
    }


def test_check_of_a_directory_checks_its_libraries_too() -> None:
    run = subprocess.run([*GUIDELINE_COMMAND, "check", "guideline"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    checked = [line.split(":")[0] for line in run.stdout.splitlines()]
    assert "guideline/common/blood_counts.guideline" in checked
    assert "guideline/common/thiopurine_safety.guideline" in checked


def test_a_text_on_standard_input_imports_from_the_current_directory(project: Path) -> None:
    (project.parent / "patient.json").write_text(json.dumps({"count": 20}), encoding="utf-8")
    run = subprocess.run(
        [*GUIDELINE_COMMAND, "eval", "-", "--input", "patient.json"],
        cwd=project.parent,
        input=project.read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["recommendations"][0]["code"] == "r_low"


def test_count_inputs_share_one_unit_profile() -> None:
    """`units cell_count` in the library: every count input of both guidelines accepts exactly its
    units and aliases, written once."""
    library = check_report(read_text(str(GUIDELINES / "common" / "blood_counts.guideline")), "x")
    assert library.errors == 0
    counts = {"platelets", "anc", "platelet_lower_limit", "anc_lower_limit", "platelets_before_azathioprine"}
    expected = (
        ("10*9/L", 1, 1),
        ("10*3/uL", 1, 1),
        ("/uL", 1, 1000),
        ("/mm3", 1, 1000),
        ("K/uL", 1, 1),
        ("x10^9/L", 1, 1),
    )
    seen = set()
    for path in sorted(GUIDELINES.glob("*.guideline")):
        program = check_text(read_text(str(path)), str(path)).program
        for spec in program.inputs:
            if spec.name in counts:
                assert spec.units == expected and spec.aliases == (("K/uL", "10*3/uL"), ("x10^9/L", "10*9/L"))
                seen.add(spec.name)
        assert "accepts 10*3/uL" not in read_text(str(path))  # said once, in the library
    assert seen == counts


def test_a_library_input_uses_its_library_s_profile_and_a_guideline_imports_one(tmp_path: Path) -> None:
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "labs.guideline").write_text(
        LIBRARY.replace(
            "  accepts /uL\n  alias K/uL means 10*3/uL\n  accepts 10*3/uL\n", "  accepts units per_volume\n"
        )
        + 'units per_volume "Per volume"\n  accepts /uL\n  accepts 10*3/uL\n  alias K/uL means 10*3/uL\n',
        encoding="utf-8",
    )
    text = guideline(
        "import count, kind, per_volume from labs\n\n"
        'input second "Second"\n  number in 10*9/L\n  accepts units per_volume\n'
    )
    text = text.replace("when kind is b", "when kind is b or second < 1")
    program = check_text(text, str(tmp_path / "g.guideline")).program
    for name in ("count", "second"):
        assert program.input_table[name].units == (("/uL", 1, 1000), ("10*3/uL", 1, 1), ("K/uL", 1, 1))


def test_a_library_that_is_not_text_is_named_with_the_byte(tmp_path: Path) -> None:
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "labs.guideline").write_bytes(b"library labs\n\xff\n")
    with pytest.raises(GuidelineError) as raised:
        check_text(guideline("import count, kind from labs\n"), str(tmp_path / "g.guideline"))
    assert "the library 'labs' cannot be read" in raised.value.report()
    assert "it is not UTF-8 text (byte 0xff at offset 13)" in raised.value.report()
