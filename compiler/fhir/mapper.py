"""A FHIR R4 record → the inputs of a guideline, with provenance, by the guideline's bindings.

The rules are those of `dsl.bindings` (and section 9 of the shipped guideline's specification):
each `from` line is looked up (`compiler.fhir.find`, `compiler.fhir.derive`); lines that find
values that agree give the input its value; lines that disagree, or any line the record cannot
answer, leave it unknown with the reason; when no line finds anything, `absent means no` makes a
yes/no input false, and only after every search it needs was made and complete.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, assert_never

from compiler.fhir import chart as charts
from compiler.fhir import derive, find
from compiler.fhir.dates import aware
from compiler.fhir.find import Context, Found, Label, Nothing, Outcome, Trouble
from compiler.fhir.provenance import Mapped, Provenance, binding_text
from compiler.fhir.queries import prefetch_templates
from dsl.bindings import Binding, MonthsSince, Record, ReferenceRange, Trend
from dsl.program import Input, Program

NOT_BOUND = "the guideline does not say where this input is in a FHIR record"


def map_record(
    program: Program,
    sources: Mapping[str, object | None],
    *,
    now: datetime,
    draft_orders: Sequence[Mapping[str, Any]] = (),
) -> Mapped:
    """The inputs of a CDS Hooks call: `sources` is the prefetch (key → a Bundle of search results,
    one resource, None, or an OperationOutcome); `draft_orders` the context's draft
    MedicationRequests (order-select, order-sign), which count as prescribed."""
    keys = tuple(prefetch_templates(program))
    given = sources if isinstance(sources, Mapping) else {}
    chart = charts.from_sources(given, keys, draft_orders)
    unavailable = tuple(k for k in keys if not chart.search(k).made)
    return _mapped(program, Context(chart, aware(now)), unavailable)


def map_bundle(program: Program, bundle: Mapping[str, Any], *, now: datetime) -> Mapped:
    """The inputs of a whole record given as one Bundle (any type): every search counts as made."""
    return _mapped(program, Context(charts.from_bundle(bundle), aware(now)), ())


def _mapped(program: Program, context: Context, unavailable: tuple[str, ...]) -> Mapped:
    outcomes: dict[str, Outcome] = {}
    working: set[str] = set()

    def outcome_of(name: str) -> Outcome:
        if name in outcomes:
            return outcomes[name]
        spec = program.input_table.get(name)
        if spec is None or spec.fhir is None:
            return Nothing(f"{name} is not read from a FHIR record")
        if name in working:
            return Trouble(f"{name} is read from itself")
        working.add(name)
        outcomes[name] = _input(program, context, spec, outcome_of)
        working.discard(name)
        return outcomes[name]

    inputs: dict[str, object] = {}
    provenance: dict[str, tuple[Provenance, ...]] = {}
    notes: dict[str, str] = {}
    for spec in program.inputs:
        if spec.fhir is None:
            notes[spec.name] = NOT_BOUND
            continue
        result = outcome_of(spec.name)
        match result:
            case Found():
                inputs[spec.name] = result.value
                provenance[spec.name] = result.sources
            case Nothing() | Trouble():
                notes[spec.name] = result.reason
            case _:
                assert_never(result)
    return Mapped(inputs, provenance, notes, unavailable)


def _input(program: Program, context: Context, spec: Input, outcome_of: Any) -> Outcome:
    assert spec.fhir is not None
    results: list[tuple[Binding, Outcome]] = []
    for binding in spec.fhir.bindings:
        label = (binding_text(program, binding), binding.span.line)
        try:
            results.append((binding, _binding(program, context, spec, binding, label, outcome_of)))
        except RecursionError:
            results.append((binding, Trouble("the record is nested too deeply to read")))
    troubles = [r.reason for _, r in results if isinstance(r, Trouble)]
    if troubles:
        return Trouble(_joined(troubles))
    found = [(b, r) for b, r in results if isinstance(r, Found)]
    if found:
        first = found[0][1]
        differing = [r for _, r in found if r.same != first.same]
        if differing:
            said = "; but ".join(_said(spec, b, r) for b, r in found)
            return Trouble(f"the record disagrees: {said}")
        sources = tuple(s for _, r in found for s in r.sources)
        return Found(first.value, sources, first.same, next((r.observation for _, r in found if r.observation), None))
    reasons = [r.reason for _, r in results if isinstance(r, Nothing)]
    if spec.fhir.absent == "no" and spec.kind == "boolean":
        return Found(False, (), False)
    return Nothing(_joined(reasons) or "no binding found a value")


def _said(spec: Input, binding: Binding, found: Found) -> str:
    where = ", ".join(s.reference for s in found.sources) or "the record"
    return f"{_shown(found.value)} ({where}, line {binding.span.line})"


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping):
        return f"{value.get('value')} {value.get('unit')}"
    return str(value)


def _joined(reasons: list[str]) -> str:
    unique = list(dict.fromkeys(reasons))
    return "; ".join(unique)


def _binding(
    program: Program, context: Context, spec: Input, binding: Binding, label: Label, outcome_of: Any
) -> Outcome:
    match binding:
        case Record():
            if binding.resource == "Observation":
                return find.observation(
                    context, spec, binding, label, lambda codes: derive.first_request(context, codes)
                )
            if binding.resource == "Condition":
                return find.condition(context, spec, binding, label)
            return find.medication(context, spec, binding, label)
        case ReferenceRange():
            return derive.reference_range(spec, binding, label, outcome_of)
        case Trend():
            return derive.trend(context, program, binding, label)
        case MonthsSince():
            return derive.months_since(context, binding, label)
        case _:
            assert_never(binding)
