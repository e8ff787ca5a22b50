"""Generated patient rows for the SQL parity tests: seeded, the same rows on every run.

A row is a dict of cells; `typed` rows hold what a Parquet file holds (DOUBLE for numbers,
BOOLEAN, VARCHAR for choices and units), `text` rows what a CSV file holds (every cell a text).
Cells are valid values, boundaries of the guideline's comparisons (`tests.test_differential`'s
profile), range ends and one step past them, NULLs, NaN and infinities, huge and tiny numbers,
numbers in accepted and unaccepted units, bad texts (misspellings, case, whitespace, quotes,
backslashes, long and non-ASCII texts) and numbers spelled every way a text column may spell them.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any

import pyarrow as pa

from compiler.sql import ColumnKind
from dsl.pipeline import Checked
from dsl.program import Input
from tests.test_differential import Profile, misspelled, profile

ODD_TEXTS = [
    "", " ", "\t", " \n", "abc", "it's", 'say "x"', "back\\slash", "é", "😀", "x" * 70, "yes!", "nan", "NaN",
    "inf", "-Infinity", "1,5", "1e", ".", "+.5", "1.", "0x10", "1_000", " 12 ", "12abc", "null", "None",
]  # fmt: skip
BOOL_TEXTS = ["true", "false", "True", "FALSE", "yes", "No", " yes ", "maybe", "1", "0", "vrai", "t", "TRUE\n"]


def number_value(rng: random.Random, spec: Input, p: Profile) -> float:
    low, high = (spec.low, spec.high) if spec.low is not None and spec.high is not None else (-1000.0, 1000.0)
    roll = rng.random()
    if roll < 0.35 and p.points.get(spec.name):
        return rng.choice(p.points[spec.name])
    if roll < 0.55:
        return float(rng.randint(math.ceil(low), math.floor(high)))
    if roll < 0.8:
        return rng.uniform(low, high)
    if roll < 0.85:
        return round(rng.uniform(low - 10, high + 10), rng.randint(0, 7))
    return rng.choice([
        math.nan, math.inf, -math.inf, 1e300, -1e300, 1e17, 2.0**60, 1e-7, 5e-324, -0.0, 1e16, 9999999999999998.0,
        123456.1234567, math.nextafter(high, math.inf), math.nextafter(low, -math.inf), high * 1000 + 0.5, 1.7e308,
    ])  # fmt: skip


def spelled(rng: random.Random, x: float) -> str:
    """A number as a text cell may spell it (or, sometimes, a text that is not a number)."""
    if not math.isfinite(x) or rng.random() < 0.1:
        return rng.choice([repr(x), str(x), *ODD_TEXTS])
    forms = [repr(x), f"{x:g}", f"{x:.3f}", f"{x:e}", f" {x!r} ", f"+{x!r}" if x >= 0 else repr(x), f"{x!r}\t"]
    if float(x).is_integer() and abs(x) < 1e15:
        forms += [str(int(x)), f"{int(x)}.", f"00{int(x)}" if x >= 0 else str(int(x))]
    return rng.choice(forms)


def unit_cell(rng: random.Random, spec: Input, p: Profile, x: float) -> tuple[Any, str | None]:
    """A value and its unit cell: an accepted spelling (the value rescaled when exact), a wrong
    one, a blank one, or none."""
    roll = rng.random()
    if spec.units and roll < 0.3:
        spelling, numerator, denominator = rng.choice(spec.units)
        if math.isfinite(x) and abs(x) < 1e300:
            written = float(Fraction(x) * denominator / numerator)
            if rng.random() < 0.8 and written * numerator / denominator == x:
                return written, spelling
        return x, spelling
    if roll < 0.36:
        return x, rng.choice(["bogus", "k/uL", "10*6/L", " ", "", "it's", "%", "wk", "\\", (p.units or ["x"])[0] + "x"])
    return x, None


def clean_cell(rng: random.Random, spec: Input, p: Profile, mode: str) -> tuple[Any, str | None]:
    """A valid cell, or a NULL one."""
    if rng.random() < 0.08:
        return None, None
    if spec.kind == "number":
        low, high = (spec.low, spec.high) if spec.low is not None and spec.high is not None else (-1000.0, 1000.0)
        inside = p.inside.get(spec.name) or [low, high]
        x = rng.choice(inside) if rng.random() < 0.5 else float(rng.randint(math.ceil(low), math.floor(high)))
        return (repr(x) if mode == "text" else x), None
    if spec.kind == "boolean":
        value = rng.random() < 0.5
        return (str(value).lower() if mode == "text" else value), None
    return rng.choice(spec.choices), None


def cell(rng: random.Random, spec: Input, p: Profile, mode: str) -> tuple[Any, str | None]:
    if rng.random() < 0.12:
        return None, rng.choice([None, None, "10*9/L", "bogus"]) if spec.kind == "number" else None
    if spec.kind == "number":
        x, unit = unit_cell(rng, spec, p, number_value(rng, spec, p))
        if mode == "text":
            return spelled(rng, x) if x is not None else None, unit
        return x, unit
    if spec.kind == "boolean":
        value = rng.random() < 0.5
        if mode == "text":
            return (rng.choice(BOOL_TEXTS + ODD_TEXTS[:6]) if rng.random() < 0.3 else str(value).lower()), None
        return value, None
    roll = rng.random()
    if roll < 0.75:
        return rng.choice(spec.choices), None
    if roll < 0.9:
        return misspelled(rng, rng.choice(spec.choices)), None
    return rng.choice(ODD_TEXTS + [c.upper() for c in spec.choices] + [" " + spec.choices[0]]), None


def columns_of(c: Checked, mode: str) -> dict[str, ColumnKind]:
    """The columns a relation of this mode has: every input, and a unit column beside each number."""
    kinds: dict[str, ColumnKind] = {}
    for name, spec in c.program.input_table.items():
        if mode == "text":
            kinds[name] = "text"
        else:
            kinds[name] = {"number": "number", "boolean": "boolean", "choice": "text"}[spec.kind]  # type: ignore[assignment]
        if spec.kind == "number":
            kinds[name + "_unit"] = "text"
    return kinds


def rows(c: Checked, count: int, mode: str, seed: str) -> Iterator[dict[str, Any]]:
    rng = random.Random(f"{seed}:{mode}")
    p = profile(c)
    specs = c.program.input_table
    for number in range(count):
        row: dict[str, Any] = {"id": number}
        boundary = rng.choice(p.boundaries) if p.boundaries and rng.random() < 0.3 else {}
        clean = number % 3 != 0  # two rows in three have only valid or NULL cells
        for name, spec in specs.items():
            value, unit = clean_cell(rng, spec, p, mode) if clean and rng.random() < 0.97 else cell(rng, spec, p, mode)
            if name in boundary and rng.random() < 0.8:
                value, unit = boundary[name], None
                if mode == "text":
                    value = repr(value)
            row[name] = value
            if spec.kind == "number":
                row[name + "_unit"] = unit
        yield row


_ARROW = {"text": pa.string(), "number": pa.float64(), "boolean": pa.bool_()}


def table(generated: list[dict[str, Any]], kinds: Mapping[str, ColumnKind]) -> pa.Table:
    fields = [("id", pa.int64())] + [(name, _ARROW[kind]) for name, kind in kinds.items()]
    return pa.table({name: [r.get(name) for r in generated] for name, _ in fields}, schema=pa.schema(fields))
