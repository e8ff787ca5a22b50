"""The runtime of every compiled evaluator: unknown values, the slow path of input validation,
and the result. `compiler.python.codegen` copies the part between the two marker lines verbatim into each
generated module, before that guideline's own code (`evaluate`, its steps and tables). It needs
nothing but the standard library, reads the module's tables (`_INPUTS`, `_RECOMMENDATIONS`, ...)
only at call time, and is importable on its own so that it can be tested directly.
"""

# --- runtime begins ---
import difflib
import math
from collections.abc import Mapping

_UNKNOWN_INPUTS = "(inputs)"


class Unknown(frozenset):
    """An unknown value. The set holds the inputs whose absence made it unknown."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Unknown({sorted(self)!r})"


def _join(*values):
    """The value of an operation an unknown operand left undecided: every unknown operand's inputs."""
    return Unknown(frozenset().union(*[v for v in values if v.__class__ is Unknown]))


def _stop(unknown, handled):
    """Where an undecided decision stops: the unknown inputs to ask for. Not those the decision
    itself tests with `is known` or `is unknown` (it says what to do without them), unless nothing
    else is left to ask for."""
    return Unknown((unknown - handled) or unknown)


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
        return f"the text {_shortened(value)!r}"
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


def _format_number(value):
    """The number as given: never rounded, so a message cannot contradict itself."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def _validate_number(spec, value):
    unit = spec["unit"]
    written = ""
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
            return None, f"unit {given_unit!r} is not accepted (accepted units: {listed})"
        factor = accepted[given_unit]
        written = f" {given_unit}"
        value = value["value"]
    number, problem = _number(value)
    if problem is not None:
        return None, problem
    if factor != (1, 1):
        number = number * factor[0] / factor[1]
        if math.isinf(number):  # spec section 1: infinity is an input error, however it comes about
            return None, f"{_format_number(value)}{written} is too large once converted to {unit}"
    low, high = spec["low"], spec["high"]
    if low is not None and not low <= number <= high:
        shown = _format_number(number)
        if written:
            shown = f"{_format_number(value)}{written} ({shown} {unit})"
        elif unit:
            shown = f"{shown} {unit}"
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
    hint = difflib.get_close_matches(value, choices, n=1)
    suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
    return None, f"{_shortened(value)!r} is not one of {listed}{suggestion}"


def _unknown_names(inputs):
    """An error for every name the guideline does not declare, with a did-you-mean."""
    errors = []
    for name in inputs:
        if name in _INPUTS:
            continue
        if not isinstance(name, str):
            errors.append({"input": repr(name), "problem": f"an input name must be a text, not {_kind_of(name)}"})
            continue
        hint = difflib.get_close_matches(name, list(_INPUTS), n=1)
        suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
        errors.append({"input": name, "problem": f"unknown input{suggestion}"})
    return errors


def _invalid(errors):
    errors.sort(key=lambda error: (error["input"], error["problem"]))
    return _result("invalid_input", [], [], errors, [], [])


def _not_a_mapping(inputs):
    return _invalid([{"input": _UNKNOWN_INPUTS, "problem": f"inputs must be an object, got {_kind_of(inputs)}"}])


# ---- the result ----


def _result(status, recommendations, needs, errors, path, trace):
    return {
        "guideline": GUIDELINE_ID,
        "version": VERSION,
        "status": status,
        "recommendations": recommendations,
        "needs": needs,
        "errors": errors,
        "path": path,
        "trace": trace,
    }


def _recommendations(codes):
    """Each code once, in the order reached, with its sentence and sources."""
    found = []
    for code in dict.fromkeys(codes):
        text, citations = _RECOMMENDATIONS[code]
        found.append({"code": code, "text": text, "citations": list(citations)})
    return found


# --- runtime ends ---
