"""The form of a guideline, generated from its compiled `INPUT_SCHEMA` (never written per
guideline): one `Field` per input, in the order the guideline declares its inputs.

A number is a text field (`inputmode="decimal"`, so that what the user typed reaches the
evaluator, which says what is wrong with it) and, when the schema accepts a value with a unit,
a unit field `NAME_unit` offering the accepted spellings (UCUM units and aliases) and starting at
the input's own unit. A choice is a select of its values; a boolean a select of yes (`true`),
no (`false`) and unknown (empty). Every field starts unknown (empty); its help gives the
description, the LOINC codes, the range and the default used when it stays unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

__all__ = ["Field", "fields"]

FieldKind = Literal["number", "boolean", "choice"]


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind
    label: str
    description: str
    loinc: tuple[str, ...]
    unit: str  # the input's own unit ("" for a plain number and other kinds)
    units: tuple[str, ...]  # accepted unit spellings; empty: the number takes no unit
    low: float | None
    high: float | None
    default: Any  # used when the input stays unknown; None: it stays unknown
    choices: tuple[str, ...]

    @property
    def range_text(self) -> str:
        """`from 0 to 100 10*9/L`, or empty when the input has no range."""
        if self.low is None or self.high is None:
            return ""
        unit = f" {self.unit}" if self.unit else ""
        return f"from {number_text(self.low)} to {number_text(self.high)}{unit}"

    @property
    def default_text(self) -> str:
        if self.default is None:
            return ""
        if isinstance(self.default, bool):
            return "yes" if self.default else "no"
        if isinstance(self.default, float | int):
            return number_text(self.default) + (f" {self.unit}" if self.unit else "")
        return choice_text(str(self.default))


def number_text(value: float) -> str:
    """A number as people write it: 150, 1.5 (no trailing `.0`)."""
    return f"{value:g}" if abs(value) < 1e15 else repr(value)


def choice_text(value: str) -> str:
    """A choice's value as words: `dose_reduced` → `dose reduced`."""
    return value.replace("_", " ")


def _number_parts(prop: Mapping[str, Any]) -> tuple[float | None, float | None, tuple[str, ...]] | None:
    """(low, high, unit spellings) of a number property; None when it is not a number."""
    variants = prop.get("oneOf")
    if not isinstance(variants, list):
        kinds = prop.get("type")
        if kinds == "number" or (isinstance(kinds, list) and "number" in kinds):
            return prop.get("minimum"), prop.get("maximum"), ()
        return None
    low = high = None
    units: tuple[str, ...] = ()
    found = False
    for variant in variants:
        if not isinstance(variant, Mapping):
            continue
        if variant.get("type") == "number":
            found = True
            low, high = variant.get("minimum"), variant.get("maximum")
        elif variant.get("type") == "object":
            unit = variant.get("properties", {}).get("unit", {})
            units = tuple(str(u) for u in unit.get("enum", ()))
    return (low, high, units) if found else None


def field_of(name: str, prop: Mapping[str, Any]) -> Field:
    """The field of one property of an `INPUT_SCHEMA`."""
    label = str(prop.get("title") or name)
    description = str(prop.get("description") or "")
    loinc = tuple(str(code) for code in prop.get("x-loinc", ()))
    unit = str(prop.get("x-ucum-unit") or "")
    base = Field(name, "choice", label, description, loinc, "", (), None, None, prop.get("default"), ())
    if "enum" in prop:
        return replace(base, choices=tuple(str(c) for c in prop["enum"] if c is not None))
    kinds = prop.get("type")
    if kinds == "boolean" or (isinstance(kinds, list) and "boolean" in kinds):
        return replace(base, kind="boolean")
    number = _number_parts(prop)
    if number is None:
        raise ValueError(f"input {name!r}: the schema gives no kind this page knows (number, boolean, choice)")
    low, high, units = number
    if units and unit not in units:
        units = (unit, *units)
    return replace(
        base,
        kind="number",
        unit=unit,
        units=units,
        low=float(low) if low is not None else None,
        high=float(high) if high is not None else None,
    )


def fields(schema: Mapping[str, Any], order: Iterable[str] = ()) -> tuple[Field, ...]:
    """The fields of an `INPUT_SCHEMA`: first those named in `order` (the guideline's own order of
    its inputs), then any others in the schema's order."""
    properties: Mapping[str, Any] = schema.get("properties", {})
    names = [n for n in order if n in properties]
    names += [n for n in properties if n not in names]
    return tuple(field_of(name, properties[name]) for name in names)
