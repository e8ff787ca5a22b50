"""UCUM units, resolved at compile time by `ucumvert` so that evaluators only multiply."""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any


class UnitError(ValueError):
    """A unit that is not valid UCUM, or two units of different kinds."""


@functools.lru_cache(maxsize=1)
def _registry() -> Any:
    from ucumvert import PintUcumRegistry  # about a second to load: only when units are checked

    return PintUcumRegistry()


@functools.lru_cache(maxsize=None)
def _quantity(unit: str) -> Any:
    try:
        return _registry().from_ucum(unit)
    except Exception as error:  # ucumvert raises lark and pint errors of many kinds
        raise UnitError(f"'{unit}' is not a UCUM unit") from error


def validate(unit: str) -> None:
    """Raise `UnitError` unless `unit` is valid UCUM."""
    _quantity(unit)


def dimension(unit: str) -> str:
    """The kind of quantity, e.g. `1 / [length] ** 3` for a count per volume."""
    return str(_quantity(unit).dimensionality)


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


@functools.lru_cache(maxsize=None)
def factor(source: str, target: str) -> Fraction:
    """The number to multiply a value in `source` by to express it in `target`."""
    if dimension(source) != dimension(target):
        raise UnitError(
            f"'{source}' ({describe_dimension(source)}) cannot be converted to '{target}' "
            f"({describe_dimension(target)})"
        )
    ratio = float((_quantity(source) / _quantity(target)).to("dimensionless").magnitude)
    exact = Fraction(ratio).limit_denominator(10**12)
    # Powers of ten arrive from pint as inexact floats; keep the exact fraction when it is one.
    return exact if abs(float(exact) - ratio) <= abs(ratio) * 1e-12 else Fraction(ratio)
