"""Input validation, section 1 of every guideline's contract, written once.

The part between the two marker lines is copied verbatim into every compiled evaluator (by
`compiler.python.codegen`, in place of the marker in `compiler/python/runtime.py`) and executed by
the reference interpreter with its own table (`validator`): the generated module and the
interpreter cannot drift apart, and the problem texts are the same word for word. The functions
need only the standard library and read one table, `_INPUTS`: for each input name its `kind`
(number, boolean, choice), `unit`, `low`, `high`, `default`, `choices` and `units` (accepted
spelling -> (numerator, denominator) into the declared unit), as `input_table` builds it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from dsl.program import Input

BEGIN, FINISH = "# --- validation begins ---\n", "# --- validation ends ---\n"
_INPUTS: dict[str, dict[str, Any]] = {}  # each evaluator's own table, where the code below runs

# --- validation begins ---
# ---- input validation (section 1 of a guideline's contract) ----


def _number(value):
    """A finite float from a JSON number, or a problem in words."""
    if isinstance(value, bool):
        return None, f"expected a number, got {'true' if value else 'false'}"
    if isinstance(value, int):  # subclasses too (an IntEnum, numpy's integers are not ints)
        try:
            return float(value), None
        except OverflowError:
            return None, "the number is too large"
    if isinstance(value, float):  # numpy.float64 is a float
        value = float(value)
        if math.isnan(value):
            return None, "expected a number, got NaN"
        if math.isinf(value):
            return None, f"expected a finite number, got {'-' if value < 0 else ''}infinity"
        return value, None
    return None, f"expected a number, got {_kind_of(value)}"


def _kind_of(value):
    if value is None:
        return "null"
    if isinstance(value, str):
        return f"the text {_quoted(_shortened(value))}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    if type(value) is bool:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return "a number"
    return f"a value of type {type(value).__name__}"


def _shortened(text):
    """A text cut to a length that fits in a message (cut before quoting, so quotes stay whole)."""
    return text if len(text) <= 60 else text[:57] + "..."


def _quoted(text):
    """A text between single quotes, a quote or backslash in it escaped with a backslash (SQL
    computes the same with two replacements)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _format_number(value):
    """A bound of a range as the guideline wrote it: never rounded."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def _decimal(value):
    """A finite float exactly as a decimal of at most six decimals, or None when it has none.

    For k = 0 to 6 decimals: the float `value * 10.0**k`, when it is an integer below 10**16 in
    size and dividing it back by `10.0**k` gives `value` again (so the decimal reads back as
    `value`: both are that quotient correctly rounded), written with the point k digits from the
    right. Only IEEE products and quotients and integers: SQL computes the same text."""
    for k, ten in enumerate(_TENS):
        scaled = value * ten
        if not abs(scaled) < 1e16 or float(int(scaled)) != scaled or scaled / ten != value:
            continue
        digits = str(abs(int(scaled))).rjust(k + 1, "0")
        if k:
            digits = digits[: len(digits) - k] + "." + digits[len(digits) - k :]
        return ("-" if scaled < 0 else "") + digits
    return None


_TENS = (1.0, 10.0, 100.0, 1000.0, 10000.0, 100000.0, 1000000.0)


def _amount(value, unit):
    """A number given at run time and its unit, as a message shows it: never rounded, so a message
    cannot contradict itself; a number with no short exact decimal is described in words."""
    if isinstance(value, int):
        shown = str(value)
    else:
        shown = _decimal(value)
    if shown is None:
        if value >= 1e16:
            shown = "a number of 10^16 or more"
        elif value <= -1e16:
            shown = "a number of -10^16 or less"
        else:
            shown = "a number with more than six decimals"
        return f"{shown} in {unit}" if unit else shown
    return f"{shown} {unit}" if unit else shown


def _levenshtein(a, b):
    """The edit distance (insertions, deletions, substitutions) between two texts."""
    previous = [0]
    for j, _ in enumerate(b, 1):
        previous.append(j)
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _printable_ascii(text):
    for c in text:
        if not " " <= c <= "~":
            return False
    return True


def _closest(word, candidates):
    """The "did you mean" hint: among the candidates at most a third of their own length (rounded
    down) of edits away from `word`, ignoring letter case, the closest, the first on ties. Only
    for printable ASCII words and candidates, so that SQL's LEVENSHTEIN and LOWER agree."""
    if not _printable_ascii(word):
        return None
    best = None
    for candidate in candidates:
        if not _printable_ascii(candidate):
            continue
        distance = _levenshtein(word.lower(), candidate.lower())
        if distance <= len(candidate) // 3 and (best is None or distance < best[0]):
            best = (distance, candidate)
    return None if best is None else best[1]


def _validate_number(spec, value):
    unit = spec["unit"]
    given_unit = None
    factor = (1, 1)
    if isinstance(value, Mapping):
        accepted = spec["units"]
        if not accepted:
            return None, f"expected a bare number{' in ' + unit if unit else ''}, got an object"
        if set(value) != {"value", "unit"}:
            keys = ", ".join(sorted(repr(k) for k in value))
            return None, f"a value with a unit has exactly the keys 'value' and 'unit', got {keys or 'none'}"
        given_unit = value["unit"]
        if not isinstance(given_unit, str):
            return None, f"the unit must be a text, got {_kind_of(given_unit)}"
        if given_unit not in accepted:
            listed = ", ".join(accepted)
            return None, f"unit {_quoted(given_unit)} is not accepted (accepted units: {listed})"
        factor = accepted[given_unit]
        value = value["value"]
    number, problem = _number(value)
    if problem is not None:
        return None, problem
    if factor != (1, 1):
        number = number * factor[0] / factor[1]
        if math.isinf(number):  # spec section 1: infinity is an input error, however it comes about
            return None, f"{_amount(value, given_unit)} is too large once converted to {unit}"
    low, high = spec["low"], spec["high"]
    if low is not None and not low <= number <= high:
        shown = _amount(number, unit)
        if given_unit is not None:
            shown = f"{_amount(value, given_unit)} ({shown})"
        return (
            None,
            f"{shown} is outside the range {_format_number(low)} to {_format_number(high)}{' ' + unit if unit else ''}",
        )
    return number, None


def _validate_one(name, spec, value):
    kind = spec["kind"]
    if kind == "number":
        return _validate_number(spec, value)
    if kind == "boolean":
        if type(value) is bool:
            return value, None
        return None, f"expected true or false, got {_kind_of(value)}"
    choices = spec["choices"]
    if isinstance(value, str) and value in choices:
        return choices[choices.index(value)], None  # a plain text, even from a str subclass (StrEnum)
    listed = ", ".join(choices)
    if not isinstance(value, str):
        return None, f"expected one of {listed}; got {_kind_of(value)}"
    hint = _closest(value, choices)
    suggestion = f" (did you mean {_quoted(hint)}?)" if hint is not None else ""
    return None, f"{_quoted(_shortened(value))} is not one of {listed}{suggestion}"


def _unknown_names(inputs):
    """An error for every name the guideline does not declare, with a did-you-mean."""
    errors = []
    for name in inputs:
        if name in _INPUTS:
            continue
        if not isinstance(name, str):
            errors.append({"input": repr(name), "problem": f"an input name must be a text, not {_kind_of(name)}"})
            continue
        hint = _closest(name, _INPUTS)
        suggestion = f" (did you mean {_quoted(hint)}?)" if hint is not None else ""
        errors.append({"input": name, "problem": f"unknown input{suggestion}"})
    return errors


# --- validation ends ---


def input_table(spec: Input) -> dict[str, Any]:
    """One input's row of `_INPUTS`, as the validation reads it."""
    return {
        "kind": spec.kind,
        "unit": spec.unit,
        "low": spec.low,
        "high": spec.high,
        "default": spec.default,
        "choices": spec.choices,
        "units": {spelling: (num, den) for spelling, num, den in spec.units},
    }


def quoted(text: str) -> str:
    """`_quoted`, typed: for backends that write the same texts (compiler.sql)."""
    return str(_quoted(text))


def shortened(text: str) -> str:
    return str(_shortened(text))


def format_bound(value: float) -> str:
    """`_format_number`: a range's bound as the problem texts show it."""
    return str(_format_number(value))


def source() -> str:
    """The validation's code, as copied into a compiled evaluator."""
    from importlib import resources

    text = resources.files("dsl").joinpath("validation.py").read_text(encoding="utf-8")
    return text[text.index(BEGIN) + len(BEGIN) : text.index(FINISH)]


class Validator:
    """The validation with one guideline's table: `check(name, value)` → (value, problem)."""

    def __init__(self, inputs: Mapping[str, Input]) -> None:
        namespace: dict[str, Any] = {
            "math": math,
            "Mapping": Mapping,
            "_INPUTS": {name: input_table(spec) for name, spec in inputs.items()},
        }
        exec(compile(source(), "<dsl.validation>", "exec"), namespace)
        self.table: dict[str, dict[str, Any]] = namespace["_INPUTS"]
        self._validate_one = namespace["_validate_one"]
        self._unknown_names = namespace["_unknown_names"]
        self._kind_of = namespace["_kind_of"]

    def check(self, name: str, value: object) -> tuple[Any, str | None]:
        """The value in the input's own terms (a float for a number), or None and the problem."""
        result: tuple[Any, str | None] = self._validate_one(name, self.table[name], value)
        return result

    def unknown_names(self, inputs: Mapping[Any, object]) -> list[dict[str, str]]:
        """An error for every name the guideline does not declare."""
        errors: list[dict[str, str]] = self._unknown_names(inputs)
        return errors

    def kind_of(self, value: object) -> str:
        return str(self._kind_of(value))
