"""The FHIR searches a guideline's bindings need, as CDS Hooks prefetch templates.

One search per kind of look-up, each named by its prefetch key:

- `observations`: the Observations read within a look-back window (and the trends), newest first;
  a window counts back from now, so the newest `WINDOWED` results hold what they need.
- `observation-history`: the Observations read without a window or before a first medication (a
  phenotype tested years ago, the count before a drug was started), newest first, `HISTORY` of them.
- `conditions`: the patient's active Conditions, by code unless a binding names a family of codes
  (`K50.*`), which a FHIR token search cannot express.
- `medications`: the patient's MedicationRequests with the Medications they reference (an
  ingredient is not a searchable code); every status when a binding needs the first order.

CDS Hooks prefetch tokens name the context only (no dates), so a window cannot be part of the
search: the counts above bound it instead, and the mapper checks that the results reached back
far enough (a Bundle with a `next` link is a partial answer).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from urllib.parse import quote

from compiler.fhir.codes import own_codes
from dsl.bindings import Binding, Code, MonthsSince, Record, ReferenceRange, Trend
from dsl.program import Input, Program

OBSERVATIONS, HISTORY_KEY, CONDITIONS, MEDICATIONS = "observations", "observation-history", "conditions", "medications"
WINDOWED, HISTORY, CONDITION_COUNT, MEDICATION_COUNT = 100, 1000, 200, 500
PATIENT = "{{context.patientId}}"
_TOKEN = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def key_of(binding: Binding) -> str | None:
    """The prefetch key a binding's own look-up reads (None for a reference range, which reads the
    Observation another input was read from)."""
    match binding:
        case Record():
            if binding.resource == "Observation":
                windowed = binding.within_days is not None and binding.before_first is None
                return OBSERVATIONS if windowed else HISTORY_KEY
            return CONDITIONS if binding.resource == "Condition" else MEDICATIONS
        case Trend():
            return OBSERVATIONS
        case MonthsSince():
            return MEDICATIONS
        case ReferenceRange():
            return None
        case _:
            from typing import assert_never

            assert_never(binding)


def keys_of(binding: Binding) -> tuple[str, ...]:
    """Every prefetch key a binding's value depends on."""
    key = key_of(binding)
    keys: tuple[str, ...] = () if key is None else (key,)
    if isinstance(binding, Record) and binding.before_first is not None:
        keys += (MEDICATIONS,)
    return keys


def _bound(program: Program) -> Iterator[tuple[Input, Binding]]:
    for spec in program.inputs:
        if spec.fhir is not None:
            for binding in spec.fhir.bindings:
                yield spec, binding


def observation_codes(program: Program, spec: Input) -> tuple[Code, ...]:
    """The codes of an input's own Observation look-ups (what a trend of it reads)."""
    found: list[Code] = []
    if spec.fhir is not None:
        for binding in spec.fhir.bindings:
            if isinstance(binding, Record) and binding.resource == "Observation" and binding.before_first is None:
                found += own_codes(binding.codes, spec, binding.span)
    return tuple(found)


def _tokens(codes: list[Code]) -> str:
    return ",".join(sorted({f"{c.uri}|{c.code}" for c in codes}))


def prefetch_templates(program: Program) -> dict[str, str]:
    """Prefetch key → FHIR search with CDS Hooks tokens; empty for a guideline without bindings."""
    codes: dict[str, list[Code]] = {OBSERVATIONS: [], HISTORY_KEY: [], CONDITIONS: []}
    keys: set[str] = set()
    first_order = False
    for spec, binding in _bound(program):
        keys.update(keys_of(binding))
        match binding:
            case Record():
                key = key_of(binding)
                if binding.resource == "Observation" and key is not None:
                    codes[key] += own_codes(binding.codes, spec, binding.span)
                elif binding.resource == "Condition":
                    codes[CONDITIONS] += binding.codes
                first_order = first_order or binding.before_first is not None
            case Trend():
                of = program.input_table.get(binding.of)
                if of is not None:
                    codes[OBSERVATIONS] += observation_codes(program, of)
            case MonthsSince():
                first_order = True
            case ReferenceRange():
                pass
            case _:
                from typing import assert_never

                assert_never(binding)
    templates: dict[str, str] = {}
    for key, count in ((OBSERVATIONS, WINDOWED), (HISTORY_KEY, HISTORY)):
        if key in keys and codes[key]:
            templates[key] = (
                f"Observation?patient={PATIENT}&code={_tokens(codes[key])}"
                f"&status=final,amended,corrected&_sort=-date&_count={count}"
            )
    if CONDITIONS in keys:
        by_code = (
            ""
            if any(c.family for c in codes[CONDITIONS]) or not codes[CONDITIONS]
            else f"&code={_tokens(codes[CONDITIONS])}"
        )
        templates[CONDITIONS] = (
            f"Condition?patient={PATIENT}{by_code}&clinical-status=active,recurrence,relapse&_count={CONDITION_COUNT}"
        )
    if MEDICATIONS in keys:
        status = "" if first_order else "&status=active"
        templates[MEDICATIONS] = (
            f"MedicationRequest?patient={PATIENT}{status}&_include=MedicationRequest:medication&_count={MEDICATION_COUNT}"
        )
    return dict(sorted(templates.items()))


def reads_medications(program: Program) -> bool:
    """Whether any binding reads MedicationRequests (then order-select and order-sign apply)."""
    return any(MEDICATIONS in keys_of(binding) for _, binding in _bound(program))


def fill(template: str, context: Mapping[str, str]) -> str:
    """The template with each `{{context.NAME}}` replaced by that context value, URL-encoded;
    a token that is not a context value given (or not a context token) is a `ValueError`."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if not name.startswith("context."):
            raise ValueError(f"unknown prefetch token {{{{{name}}}}}: only context values are supported")
        field = name.removeprefix("context.")
        given = context.get(field)
        if not isinstance(given, str):
            raise ValueError(f"the prefetch token {{{{{name}}}}} has no value in the context")
        return quote(given, safe="")

    return _TOKEN.sub(value, template)
