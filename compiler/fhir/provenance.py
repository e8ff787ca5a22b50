"""What the mapper gives: the inputs, where each value came from, and why an input stayed unknown.

`Provenance` names one resource a value came from; `Mapped` is the whole answer for one record.
`binding_text` is a `from` line as the guideline wrote it (for an input imported from a library,
as the library wrote it), for provenance and for notes.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import assert_never

from compiler.fhir.codes import written
from dsl.bindings import Binding, Code, MonthsSince, Record, ReferenceRange, Trend
from dsl.program import Program


@dataclass(frozen=True)
class Provenance:
    reference: str  # "Observation/123"
    date: str | None  # ISO, as recorded
    value: object  # as recorded: a number, a code (`system|code`), a boolean
    unit: str | None  # as recorded
    binding: str  # the `from` line as written
    line: int  # where that line is


@dataclass(frozen=True)
class Mapped:
    inputs: dict[str, object]  # the input JSON for `Evaluator.evaluate`
    provenance: dict[str, tuple[Provenance, ...]]  # per input read: the resources its value came from
    notes: dict[str, str]  # per input left unknown: why, in words
    unavailable: tuple[str, ...]  # prefetch keys missing, not a resource, or an OperationOutcome


def binding_text(program: Program, binding: Binding) -> str:
    """The binding's line as written, stripped; rebuilt from the binding when the text is not at
    hand (a library file that cannot be read)."""
    span = binding.span
    if span.filename == program.filename:
        lines = tuple(program.source_text.splitlines())
    else:
        lines = _file_lines(span.filename)
    if 0 < span.line <= len(lines):
        written = lines[span.line - 1].strip()
        if written.startswith("from "):
            return written
    return rebuilt(binding)


def _file_lines(path: str) -> tuple[str, ...]:
    try:
        stat = os.stat(path)
    except OSError:
        return ()
    return _read_lines(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _read_lines(path: str, stamp: int, size: int) -> tuple[str, ...]:
    try:
        with open(path, encoding="utf-8") as handle:
            return tuple(handle.read().splitlines())
    except (OSError, UnicodeError):
        return ()


def _codes(codes: tuple[Code, ...]) -> str:
    return ", ".join(f"{c.system} {written(c)}" for c in codes)


def rebuilt(binding: Binding) -> str:
    """A binding written out the way the language writes it."""
    match binding:
        case Record():
            words = [
                "from",
                {"Observation": "observation", "Condition": "condition"}.get(binding.resource, "medication"),
            ]
            if binding.codes:
                words.append(_codes(binding.codes))
            if binding.component is not None:
                gene, value = binding.component
                words.append(f"where component {gene.system} {gene.code} is {value.system} {value.code}")
            if binding.before_first is not None:
                words.append(f"before first medication {_codes(binding.before_first)}")
            if binding.within_days is not None:
                words.append(f"within {binding.within_days} days")
            if binding.unit is not None:
                words.append(f"in {binding.unit}")
            if binding.value is not None:
                words.append(f"means {_value(binding.value)}")
            return " ".join(words)
        case ReferenceRange():
            return f"from reference range of {binding.of}"
        case Trend():
            return f"from trend of {binding.of}, last {binding.count} within {binding.within_days} days"
        case MonthsSince():
            return f"from months since first medication {_codes(binding.codes)}"
        case _:
            assert_never(binding)


def _value(value: bool | str) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def as_json(program: Program, mapped: Mapped) -> dict[str, object]:
    """Every input of the program, in order, with where its value came from: `value` (the input
    JSON, null when unknown), `from` (the resources), and `note` (why it is unknown)."""
    shown: dict[str, object] = {}
    for spec in program.inputs:
        entry: dict[str, object] = {
            "value": mapped.inputs.get(spec.name),
            "from": [
                {
                    "reference": p.reference,
                    "date": p.date,
                    "value": p.value,
                    "unit": p.unit,
                    "binding": p.binding,
                    "line": p.line,
                }
                for p in mapped.provenance.get(spec.name, ())
            ],
        }
        if spec.name in mapped.notes:
            entry["note"] = mapped.notes[spec.name]
        shown[spec.name] = entry
    return shown
