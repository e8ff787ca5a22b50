"""The runtime of every compiled evaluator: input validation, three-valued logic, the step machine.

`compiler.codegen` copies the part between the two marker lines verbatim into each generated
module, followed by that guideline's tables (`_INPUTS`, `_RECOMMENDATIONS`, `_STEPS`, `_CHECKS`,
...). It must therefore need nothing but the standard library, and read the tables only as module
globals at call time. It is importable on its own so that it can be tested directly.
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


def _known(value):
    return type(value) is not Unknown


# ---- three-valued (Kleene) logic; an unknown operand makes the result unknown unless decided ----


def _and(*values):
    unknown = None
    for value in values:
        if value is False:
            return False
        if value is not True:
            unknown = value if unknown is None else unknown | value
    return True if unknown is None else Unknown(unknown)


def _or(*values):
    unknown = None
    for value in values:
        if value is True:
            return True
        if value is not False:
            unknown = value if unknown is None else unknown | value
    return False if unknown is None else Unknown(unknown)


def _not(value):
    return value if type(value) is Unknown else not value


def _strict(*values):
    """The union of the unknown operands, or None when every operand is known."""
    unknown = None
    for value in values:
        if type(value) is Unknown:
            unknown = value if unknown is None else unknown | value
    return None if unknown is None else Unknown(unknown)


def _lt(a, b):
    u = _strict(a, b)
    return a < b if u is None else u


def _le(a, b):
    u = _strict(a, b)
    return a <= b if u is None else u


def _gt(a, b):
    u = _strict(a, b)
    return a > b if u is None else u


def _ge(a, b):
    u = _strict(a, b)
    return a >= b if u is None else u


def _eq(a, b):
    u = _strict(a, b)
    return a == b if u is None else u


def _ne(a, b):
    u = _strict(a, b)
    return a != b if u is None else u


def _is_known(value):
    return type(value) is not Unknown


def _is_unknown(value):
    return type(value) is Unknown


def _fallback(*values):
    for value in values:
        if type(value) is not Unknown:
            return value
    return Unknown(frozenset().union(*values))


def _add(a, b):
    u = _strict(a, b)
    return a + b if u is None else u


def _sub(a, b):
    u = _strict(a, b)
    return a - b if u is None else u


def _mul(a, b):
    u = _strict(a, b)
    return a * b if u is None else u


def _div(a, b, divisor_inputs):
    u = _strict(a, b)
    if u is not None:
        return u
    if b == 0:
        # Undefined: as unknown as a missing input, and blamed on the inputs of the divisor.
        return Unknown(divisor_inputs)
    return a / b


def _neg(a):
    return a if type(a) is Unknown else -a


def _min(*values):
    u = _strict(*values)
    return min(values) if u is None else u


def _max(*values):
    u = _strict(*values)
    return max(values) if u is None else u


def _scale(value, numerator, denominator):
    return value if type(value) is Unknown else value * numerator / denominator


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


def _validate(inputs):
    if not isinstance(inputs, Mapping):
        return None, [{"input": _UNKNOWN_INPUTS, "problem": f"inputs must be an object, got {_kind_of(inputs)}"}]
    values = dict(_STARTING)  # every input unknown or at its default, until given
    errors = []
    for name, value in inputs.items():
        spec = _INPUTS.get(name)
        if spec is None:
            if not isinstance(name, str):
                errors.append({"input": repr(name), "problem": f"an input name must be a text, not {_kind_of(name)}"})
                continue
            hint = difflib.get_close_matches(name, list(_INPUTS), n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            errors.append({"input": name, "problem": f"unknown input{suggestion}"})
            continue
        if value is None:
            continue
        # Fast paths for the usual valid values; anything else gets the full checks below.
        kind, given = spec["kind"], type(value)
        if kind == "number" and (given is float and value - value == 0.0 or given is int and -1e300 < value < 1e300):
            number = float(value)
            low = spec["low"]
            if low is None or low <= number <= spec["high"]:
                values[name] = number
                continue
        elif kind == "choice" and given is str and value in spec["choices"] or kind == "boolean" and given is bool:
            values[name] = value
            continue
        checked, problem = _validate_one(name, spec, value)
        if problem is not None:
            errors.append({"input": name, "problem": problem})
        else:
            values[name] = checked
    if errors:
        errors.sort(key=lambda error: (error["input"], error["problem"]))
    return values, errors


# ---- the evaluation ----


def _decide(node, rules, values, trace):
    """The first rule whose condition is true; `Unknown` when an unknown condition comes first."""
    unknown = None
    for text, condition, outcome in rules:
        value = condition(values)
        trace.append({"node": node, "condition": text, "value": value if type(value) is bool else None})
        if value is True:
            return outcome if unknown is None else Unknown(unknown)
        if value is not False:
            unknown = value if unknown is None else unknown | value
    return None if unknown is None else Unknown(unknown)


def _asked(unknown, handled):
    """The unknown inputs to ask for: not those the decision itself tests with `is known` or
    `is unknown` (it says what to do without them), unless nothing else is left to ask for."""
    return (unknown - handled) or unknown


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


def _evaluate(inputs):
    values, errors = _validate(inputs)
    if errors:
        return _result("invalid_input", [], [], errors, [], [])
    _definitions(values)
    path = []
    trace = []
    codes = []
    needs = set()
    node = _START
    stopped = False
    while node != "end":
        path.append(node)
        step = _STEPS[node]
        if step[0] == "action":
            codes.extend(step[1])
            node = step[2]
            continue
        outcome = _decide(node, step[1], values, trace)
        if type(outcome) is Unknown:
            needs.update(_asked(outcome, step[3]))
            stopped = True
            break
        node = step[2] if outcome is None else outcome
    else:
        path.append("end")
    for check, rules, handled in _CHECKS:
        outcome = _decide(check, rules, values, trace)
        if type(outcome) is Unknown:
            needs.update(_asked(outcome, handled))
        elif outcome is not None:
            codes.extend(outcome)
    recommendations = []
    for code in dict.fromkeys(codes):
        text, citations = _RECOMMENDATIONS[code]
        recommendations.append({"code": code, "text": text, "citations": list(citations)})
    status = "needs_data" if needs or stopped else "complete"
    return _result(status, recommendations, sorted(needs), [], path, trace)


# --- runtime ends ---
