"""FHIR R4 records into inputs: every public vignette written as a FHIR Bundle and read back by the
shipped guideline's bindings, the prefetch templates, and `guideline eval --fhir`."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from compiler import cli
from compiler.api import Evaluator, check_text
from compiler.fhir import Mapped, fill, map_bundle, map_record, prefetch_templates, reads_medications
from dsl.program import Program
from tests.conftest import AZATHIOPRINE, EXAMPLE, SPECIFICATION
from tests.fhir.builder import NEVER_IN_A_RECORD, record
from tests.test_fhir_rules import LIBRARY_LINE

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
VIGNETTES: list[dict[str, Any]] = json.loads((SPECIFICATION / "vignettes.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def program() -> Program:
    return check_text(AZATHIOPRINE.read_text(encoding="utf-8"), str(AZATHIOPRINE)).program


def as_recorded(program: Program, name: str, value: object) -> object:
    """A vignette's value as the record holds it: a bare count is a count in the input's unit."""
    spec = program.input_table[name]
    if spec.kind == "number" and spec.units and not isinstance(value, dict):
        return {"value": value, "unit": spec.unit}
    return value


def test_the_shipped_guideline_carries_bindings(program: Program) -> None:
    bound = {spec.name for spec in program.inputs if spec.fhir is not None}
    assert bound == {spec.name for spec in program.inputs} - set(NEVER_IN_A_RECORD)


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_each_vignette_as_a_fhir_record_maps_back_to_its_inputs(
    vignette: dict[str, Any], program: Program, azathioprine: Evaluator
) -> None:
    product = int(vignette["id"][1:]) % 2 == 0  # half the medications as products of the ingredient
    bundle, readable = record(vignette, NOW, product=product)
    mapped = map_bundle(program, bundle, now=NOW)
    given = vignette["inputs"]
    expected = {name: as_recorded(program, name, given[name]) for name in readable}
    assert mapped.inputs == expected
    unreadable = set(given) - readable
    for name in unreadable | set(NEVER_IN_A_RECORD):
        assert name not in mapped.inputs and mapped.notes[name]
    for name in mapped.inputs:
        assert name not in mapped.notes
        if mapped.inputs[name] is not False:  # a "no" from an absent medication has no resource
            assert mapped.provenance[name], name
    # The mapped inputs give the result the vignette's own readable inputs give.
    assert azathioprine.evaluate(mapped.inputs) == azathioprine.evaluate(expected)
    if readable == set(given):
        assert azathioprine.evaluate(mapped.inputs)["status"] == vignette["status"]


def test_the_vignettes_exercise_every_derivation(program: Program) -> None:
    """Trends, months since the first order, the count before it and a phenotype not mapped."""
    read = [record(v, NOW)[1] for v in VIGNETTES]
    for name in ("platelet_trend", "months_on_azathioprine", "platelets_before_azathioprine", "tpmt_phenotype"):
        assert any(name in r for r in read), name
    poor = next(v for v in VIGNETTES if v["inputs"].get("nudt15_phenotype") == "poor_metabolizer")
    mapped = map_bundle(program, record(poor, NOW)[0], now=NOW)
    assert "nudt15_phenotype" not in mapped.inputs
    assert "LA9657-3" in mapped.notes["nudt15_phenotype"] and "does not map" in mapped.notes["nudt15_phenotype"]


def test_mapping_time_per_record(program: Program) -> None:
    """Every vignette's record mapped 20 times: well under 10 ms a record on this machine."""
    bundles = [record(v, NOW)[0] for v in VIGNETTES]
    map_bundle(program, bundles[0], now=NOW)  # the R4B models load once
    start = time.perf_counter()
    for _ in range(20):
        for bundle in bundles:
            map_bundle(program, bundle, now=NOW)
    per_record = (time.perf_counter() - start) / (20 * len(bundles))
    assert per_record < 0.05, f"{per_record * 1000:.1f} ms per record"


# ---- prefetch templates ----


def test_prefetch_templates_of_the_shipped_guideline(program: Program) -> None:
    loinc = "http://loinc.org|"
    assert prefetch_templates(program) == {
        "conditions": "Condition?patient={{context.patientId}}&clinical-status=active,recurrence,relapse&_count=200",
        "medications": "MedicationRequest?patient={{context.patientId}}"
        "&_include=MedicationRequest:medication&_count=500",
        "observation-history": "Observation?patient={{context.patientId}}"
        f"&code={loinc}26515-7,{loinc}53040-2,{loinc}777-3"
        "&status=final,amended,corrected&_sort=-date&_count=1000",
        "observations": "Observation?patient={{context.patientId}}"
        f"&code={loinc}26499-4,{loinc}26515-7,{loinc}751-8,{loinc}777-3,{loinc}82810-3"
        "&status=final,amended,corrected&_sort=-date&_count=100",
    }
    assert reads_medications(program)


def test_a_guideline_without_bindings_has_no_templates() -> None:
    plain = check_text(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE)).program
    assert prefetch_templates(plain) == {}
    assert not reads_medications(plain)
    mapped = map_record(plain, {}, now=NOW)
    assert mapped.inputs == {} and set(mapped.notes) == {spec.name for spec in plain.inputs}


def test_fill_encodes_context_values_and_refuses_unknown_tokens() -> None:
    template = "Observation?patient={{context.patientId}}&encounter={{ context.encounterId }}"
    filled = fill(template, {"patientId": "a b/&c", "encounterId": "e1"})
    assert filled == "Observation?patient=a%20b%2F%26c&encounter=e1"
    with pytest.raises(ValueError, match="userPractitionerId"):
        fill("Practitioner/{{userPractitionerId}}", {"patientId": "1"})
    with pytest.raises(ValueError, match="context.patientId"):
        fill(template, {"encounterId": "e1"})


def test_a_prefetch_map_of_search_results_reads_as_the_whole_record(program: Program) -> None:
    """The same resources split into the searches the templates name give the same inputs."""
    vignette = VIGNETTES[16]
    bundle, _ = record(vignette, NOW, product=True)
    whole = map_bundle(program, bundle, now=NOW)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for entry in bundle["entry"]:
        by_type.setdefault(entry["resource"]["resourceType"], []).append(entry)
    keys = {
        "observations": ["Observation"],
        "observation-history": ["Observation"],
        "conditions": ["Condition"],
        "medications": ["MedicationRequest", "Medication"],
    }
    sources = {
        key: {"resourceType": "Bundle", "type": "searchset", "entry": [e for t in types for e in by_type.get(t, [])]}
        for key, types in keys.items()
    }
    split = map_record(program, sources, now=NOW)
    assert split == Mapped(whole.inputs, whole.provenance, whole.notes, ())


# ---- guideline eval --fhir ----


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_eval_fhir_prints_the_result_with_provenance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], program: Program, azathioprine: Evaluator
) -> None:
    vignette = VIGNETTES[18]
    bundle, _ = record(vignette, NOW)
    path = tmp_path / "record.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    code, out, err = run(capsys, "eval", str(AZATHIOPRINE), "--fhir", str(path), "--now", "2025-03-01T12:00:00Z")
    assert (code, err) == (0, "")
    printed = json.loads(out)
    mapped = map_bundle(program, bundle, now=NOW)
    provenance = printed.pop("provenance")
    assert printed == azathioprine.evaluate(mapped.inputs)
    assert list(provenance) == [spec.name for spec in program.inputs]
    assert provenance["platelets"]["value"] == {"value": 18, "unit": "10*9/L"}
    assert provenance["platelets"]["from"] == [
        {
            "reference": "Observation/observation-1",
            "date": "2025-02-28T12:00:00+00:00",
            "value": 18,
            "unit": "10*9/L",
            "binding": "from observation within 7 days",
            "line": LIBRARY_LINE,
        }
    ]
    assert provenance["bleeding"] == {"value": None, "from": [], "note": mapped.notes["bleeding"]}
    code, summary, _ = run(
        capsys, "eval", str(AZATHIOPRINE), "--fhir", str(path), "--now", "2025-03-01T12:00", "--summary"
    )
    assert code == 0
    assert "Read from the FHIR record:\n  indication: immune_thrombocytopenia\n" in summary
    assert "  platelet_trend: falling\n    Observation/observation-2, 2024-12-31T12:00:00+00:00: 58 10*9/L" in summary
    assert "  allopurinol: no (nothing in the record, and absent means no)\n" in summary
    assert "  bleeding: unknown (the guideline does not say where this input is in a FHIR record)\n" in summary


def test_eval_fhir_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = tmp_path / "b.json"
    bundle.write_text('{"resourceType": "Bundle", "type": "collection"}', encoding="utf-8")
    patient = tmp_path / "p.json"
    patient.write_text('{"resourceType": "Patient"}', encoding="utf-8")
    guideline = str(AZATHIOPRINE)
    code, _, err = run(capsys, "eval", guideline, "--fhir", str(bundle), "--input", str(bundle))
    assert code == 2 and "not allowed with argument" in err
    code, _, err = run(capsys, "eval", guideline, "--fhir", str(bundle), "--now", "yesterday")
    assert code == 2 and "--now: yesterday is not an ISO 8601 date and time" in err
    code, _, err = run(capsys, "eval", guideline, "--fhir", str(patient))
    assert code == 2 and "not a FHIR Bundle (its resourceType is 'Patient')" in err
    code, _, err = run(capsys, "eval", str(EXAMPLE), "--fhir", str(bundle))
    assert code == 2 and "says of no input where it is in a FHIR record" in err
    code, _, err = run(capsys, "eval", guideline, "--input", str(bundle), "--now", "2025-01-01")
    assert code == 2 and "--now applies only to --fhir" in err


def test_eval_fhir_of_an_empty_record_needs_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = tmp_path / "b.json"
    bundle.write_text('{"resourceType": "Bundle", "type": "collection"}', encoding="utf-8")
    code, out, _ = run(capsys, "eval", str(AZATHIOPRINE), "--fhir", str(bundle), "--now", "2025-03-01T12:00:00Z")
    printed = json.loads(out)
    assert code == 0 and printed["status"] == "needs_data"
    assert printed["provenance"]["allopurinol"] == {"value": False, "from": []}
    assert printed["provenance"]["platelets"]["note"] == (
        "no usable Observation of LOINC 777-3 or LOINC 26515-7 in the last 7 days"
    )


def test_the_example_of_docs_fhir_mapping_is_what_eval_prints(capsys: pytest.CaptureFixture[str]) -> None:
    example = Path(__file__).parent / "fhir" / "example.json"
    code, out, _ = run(
        capsys, "eval", str(AZATHIOPRINE), "--fhir", str(example), "--now", "2025-03-01T12:00:00Z", "--summary"
    )
    assert code == 0
    shown = out[out.index("Read from the FHIR record:") : out.index("\n\n{")]
    document = (Path(__file__).parent.parent / "docs" / "fhir-mapping.md").read_text(encoding="utf-8")
    assert f"```\n{shown}\n```" in document
