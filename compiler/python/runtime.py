"""The runtime of every compiled evaluator: unknown values, the slow path of input validation
(`dsl.validation`'s code, copied in place of its marker) and the result. `compiler.python.codegen`
copies the part between the two marker lines verbatim into each generated module, before that
guideline's own code (`evaluate`, its steps and tables). It needs
nothing but the standard library, reads the module's tables (`_INPUTS`, `GUIDELINE_ID`, ...)
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


# --- validation: dsl/validation.py ---
from dsl.validation import _kind_of, _number, _unknown_names, _validate_one  # noqa: E402,F401  (copied in)

# --- validation copied ---


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


# --- runtime ends ---
