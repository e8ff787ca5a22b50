"""Seeded patients as a table of typed columns, generated from a guideline's inputs: numbers
(DOUBLE) with their `_unit` columns (text), yes/no inputs (BOOLEAN), choices (text). Each cell is
now and then unknown (NULL), at a boundary, out of range, not finite, a bad unit or alias, or an
unknown choice, so that every rule of the row mapping and of validation is exercised."""

from __future__ import annotations

import math
import random
from typing import Any

import pyarrow as pa

from dsl.program import Program


def _number(rng: random.Random, low: float | None, high: float | None) -> float | None:
    roll = rng.random()
    lo = 0.0 if low is None else low
    hi = lo + 100.0 if high is None else high
    if roll < 0.10:
        return None
    if roll < 0.25:
        return rng.choice([lo, hi])
    if roll < 0.30:
        return rng.choice([lo - 1, hi + 1, -0.0])
    if roll < 0.32:
        return rng.choice([math.nan, math.inf, -math.inf])
    return round(rng.uniform(lo, hi), rng.choice([0, 1, 2]))


def table(program: Program, count: int, seed: int = 13) -> pa.Table:
    """`count` rows with an `id` column (1, 2, ...) and a column per input (and `_unit` column per
    number input with a unit)."""
    rng = random.Random(seed)
    columns: dict[str, list[Any]] = {"id": list(range(1, count + 1))}
    types: dict[str, pa.DataType] = {"id": pa.int64()}
    for spec in program.inputs:
        match spec.kind:
            case "number":
                columns[spec.name] = [_number(rng, spec.low, spec.high) for _ in range(count)]
                types[spec.name] = pa.float64()
                if spec.unit is not None:
                    spellings = [spec.unit, *(u for u, _, _ in spec.units), *(a for a, _ in spec.aliases)]
                    units: list[Any] = []
                    for _ in range(count):
                        roll = rng.random()
                        units.append(
                            None
                            if roll < 0.6
                            else rng.choice(spellings)
                            if roll < 0.95
                            else rng.choice(["%", "mg", ""])
                        )
                    columns[f"{spec.name}_unit"] = units
                    types[f"{spec.name}_unit"] = pa.string()
            case "boolean":
                columns[spec.name] = [rng.choice([True, False, None]) for _ in range(count)]
                types[spec.name] = pa.bool_()
            case "choice":
                values: list[Any] = []
                for _ in range(count):
                    roll = rng.random()
                    values.append(
                        None
                        if roll < 0.1
                        else rng.choice(spec.choices)
                        if roll < 0.95
                        else rng.choice(["", "other_", "X"])
                    )
                columns[spec.name] = values
                types[spec.name] = pa.string()
    return pa.table({name: pa.array(values, types[name]) for name, values in columns.items()})
