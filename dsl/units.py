"""UCUM units, resolved at compile time by `ucumvert` so that evaluators only multiply."""

from __future__ import annotations

import functools
import json
import os
from fractions import Fraction
from typing import Any

from dsl import cache


class UnitError(ValueError):
    """A unit that is not valid UCUM, or two units of different kinds."""


@functools.lru_cache(maxsize=1)
def _registry() -> Any:
    from ucumvert import PintUcumRegistry  # about a second to load: only when units are checked

    return PintUcumRegistry()


@functools.cache
def _quantity(unit: str) -> Any:
    try:
        return _registry().from_ucum(unit)
    except Exception as error:  # ucumvert raises lark and pint errors of many kinds
        raise UnitError(f"'{unit}' is not a UCUM unit") from error


class _Facts:
    """What ucumvert said about each unit and pair of units, kept on disk between runs, so that
    checking a guideline whose units are known needs no UCUM registry (about a second to build)."""

    def __init__(self) -> None:
        root = cache.directory()
        self.path = None if root is None else root / f"ucum-facts-{_installed('ucumvert')}.json"
        self.data: dict[str, dict[str, Any]] = {"dimensions": {}, "factors": {}}
        if self.path is not None and self.path.is_file():
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict) and set(loaded) == {"dimensions", "factors"}:
                    self.data = loaded
            except (OSError, ValueError):
                pass  # a damaged cache is rebuilt from ucumvert

    def remember(self, table: str, key: str, value: Any) -> None:
        self.data[table][key] = value
        if self.path is not None:
            cache.write(self.path, json.dumps(self.data, sort_keys=True))


def _installed(name: str) -> str:
    """Which installation of a library this is, without importing it (importlib.metadata alone
    takes a tenth of `guideline check`): its location and modification time, hashed."""
    import hashlib
    from importlib.util import find_spec

    try:
        spec = find_spec(name)
        origin = spec.origin if spec is not None and spec.origin else ""
        stamp = os.stat(origin).st_mtime_ns if origin else 0
    except (ImportError, ValueError, OSError):
        origin, stamp = "", 0
    return hashlib.sha256(f"{origin}@{stamp}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def _facts() -> _Facts:
    return _Facts()


def validate(unit: str) -> None:
    """Raise `UnitError` unless `unit` is valid UCUM."""
    dimension(unit)


def dimension(unit: str) -> str:
    """The kind of quantity, e.g. `1 / [length] ** 3` for a count per volume."""
    known = _facts().data["dimensions"].get(unit)
    if known is None:
        try:
            known = str(_quantity(unit).dimensionality)
        except UnitError:
            known = ""
        _facts().remember("dimensions", unit, known)
    if known == "":
        raise UnitError(f"'{unit}' is not a UCUM unit")
    return str(known)


# Kinds of quantity in a clinician's words; anything else is shown as pint writes it.
KINDS = {
    "dimensionless": "a pure number or percentage",
    "1 / [length] ** 3": "a count per volume",
    "[time]": "a time",
    "[mass]": "a mass",
    "[length]": "a length",
    "[mass] / [length] ** 3": "a mass concentration",
    "[substance] / [length] ** 3": "a molar concentration",
    "[substance]": "an amount of substance",
    "[temperature]": "a temperature",
    "[length] ** 3": "a volume",
}


def describe_dimension(unit: str) -> str:
    text = dimension(unit)
    return KINDS.get(text, text)


@functools.cache
def factor(source: str, target: str) -> Fraction:
    """The number to multiply a value in `source` by to express it in `target`."""
    if dimension(source) != dimension(target):
        raise UnitError(
            f"'{source}' ({describe_dimension(source)}) cannot be converted to '{target}' "
            f"({describe_dimension(target)})"
        )
    key = f"{source} -> {target}"
    known = _facts().data["factors"].get(key)
    if known is not None:
        return Fraction(known[0], known[1])
    ratio = float((_quantity(source) / _quantity(target)).to("dimensionless").magnitude)
    exact = Fraction(ratio).limit_denominator(10**12)
    # Powers of ten arrive from pint as inexact floats; keep the exact fraction when it is one.
    result = exact if abs(float(exact) - ratio) <= abs(ratio) * 1e-12 else Fraction(ratio)
    _facts().remember("factors", key, [result.numerator, result.denominator])
    return result
