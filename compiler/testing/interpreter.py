"""A reference interpreter: the result of section 7, straight from the decision graph.

It shares nothing with `compiler.python.codegen` or `compiler.python.runtime`: it validates the inputs itself,
evaluates `dsl.ir` expressions with its own three-valued logic and walks `checked.graph` step by
step. It is written to be obviously correct, not fast, and serves as the oracle that the compiled
evaluators are tested against (`tests/test_differential.py`).

    >>> from compiler.api import check_text
    >>> from compiler.files import read_text
    >>> path = "tests/examples/groups.guideline"
    >>> checked = check_text(read_text(path), path)
    >>> result = interpret(checked, {"score": 2})
    >>> result["status"], [r["code"] for r in result["recommendations"]], result["path"]
    ('complete', ['watch'], ['triage', 'mild', 'end'])
"""

from __future__ import annotations

import difflib
import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dsl import ir
from dsl import model as m
from dsl.checks import Checked
from dsl.graph import END
from dsl.semantics import InputSpec

NOT_AN_OBJECT = "(inputs)"  # the `input` of the error when the inputs are not an object at all

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "=": operator.eq, "!=": operator.ne,
}  # fmt: skip
_ARITH: dict[str, Callable[[float, float], float]] = {"+": operator.add, "-": operator.sub, "*": operator.mul}


@dataclass(frozen=True)
class Unknown:
    """An unknown value, and the inputs whose absence made it unknown."""

    inputs: frozenset[str]


Value = float | bool | str | Unknown


def interpret(checked: Checked, inputs: Mapping[str, object]) -> dict[str, Any]:
    """The result for one patient, exactly as a compiled evaluator returns it."""
    cached = _recent.get(id(checked))
    if cached is None or cached.checked is not checked:
        if len(_recent) > 16:
            _recent.clear()
        cached = _recent[id(checked)] = Interpreter(checked)
    return cached.evaluate(inputs)


_recent: dict[int, Interpreter] = {}  # the tables of the last few guidelines, by identity


# ---- input validation (section 1 of the specification) ----


def validate(specs: Mapping[str, InputSpec], inputs: object) -> tuple[dict[str, Value], list[dict[str, str]]]:
    """Every input's value (its default or `Unknown` when absent), and one error per bad input."""
    if not isinstance(inputs, Mapping):
        return {}, [{"input": NOT_AN_OBJECT, "problem": "the inputs are not an object"}]
    values: dict[str, Value] = {}
    errors: list[dict[str, str]] = []
    for name, given in inputs.items():
        if not isinstance(name, str) or name not in specs:
            shown = name if isinstance(name, str) else repr(name)
            close = difflib.get_close_matches(shown, list(specs), n=1)
            errors.append(
                {"input": shown, "problem": "no such input" + (f"; did you mean {close[0]}?" if close else "")}
            )
            continue
        if given is None:
            continue
        value, problem = _check_value(specs[name], given)
        if problem:
            errors.append({"input": name, "problem": problem})
        else:
            values[name] = value
    for name, spec in specs.items():
        if name not in values:
            values[name] = Unknown(frozenset([name])) if spec.default is None else spec.default
    errors.sort(key=lambda error: error["input"])
    return values, errors


def _check_value(spec: InputSpec, given: object) -> tuple[Any, str]:
    """The value in the input's own terms, or a problem."""
    if spec.kind == "boolean":
        return (given, "") if isinstance(given, bool) else (None, "not true or false")
    if spec.kind == "choice":
        if isinstance(given, str) and given in spec.choices:
            return given, ""
        return None, f"not one of {', '.join(spec.choices)}"
    if isinstance(given, Mapping):
        return _check_quantity(spec, given)
    number, problem = _check_number(given)
    if problem:
        return None, problem
    return _check_range(spec, number)


def _check_quantity(spec: InputSpec, given: Mapping[Any, Any]) -> tuple[Any, str]:
    """`{"value": 98000, "unit": "/uL"}`: converted to the declared unit, multiplying then dividing."""
    factors = {spelling: (numerator, denominator) for spelling, numerator, denominator in spec.units}
    if not factors:
        return None, "takes a bare number, not a value with a unit"
    if set(given) != {"value", "unit"}:
        return None, "a value with a unit needs exactly the keys value and unit"
    unit = given["unit"]
    if not isinstance(unit, str) or unit not in factors:
        return None, f"the unit is not one of {', '.join(factors)}"
    number, problem = _check_number(given["value"])
    if problem:
        return None, problem
    numerator, denominator = factors[unit]
    converted = number * numerator / denominator
    if math.isinf(converted):  # spec section 1: infinity is an input error, however it comes about
        return None, "too large once converted"
    return _check_range(spec, converted)


def _check_number(given: object) -> tuple[float, str]:
    if isinstance(given, bool) or not isinstance(given, (int, float)):
        return 0.0, "not a number"
    try:
        number = float(given)
    except OverflowError:
        return 0.0, "a number too large"
    if math.isnan(number) or math.isinf(number):
        return 0.0, "not a finite number"
    return number, ""


def _check_range(spec: InputSpec, number: float) -> tuple[Any, str]:
    if spec.low is not None and spec.high is not None and not spec.low <= number <= spec.high:
        return None, f"outside {spec.low} to {spec.high}"
    return number, ""


# ---- three-valued evaluation of dsl.ir expressions ----


class _Expressions:
    """Evaluates expressions against one patient's values; definitions are worked out when read."""

    def __init__(self, definitions: Mapping[str, ir.Node], values: dict[str, Value]) -> None:
        self.definitions = definitions
        self.values = values
        self.defined: dict[str, Value] = {}

    def value(self, node: ir.Node) -> Value:
        return _RULES[type(node)](self, node)

    def const(self, node: ir.Const) -> Value:
        return node.value

    def input(self, node: ir.InputRef) -> Value:
        return self.values[node.name]

    def definition(self, node: ir.DefinitionRef) -> Value:
        if node.name not in self.defined:
            self.defined[node.name] = self.value(self.definitions[node.name])
        return self.defined[node.name]

    def not_(self, node: ir.Not) -> Value:
        operand = self.value(node.operand)
        return operand if isinstance(operand, Unknown) else not operand

    def logical(self, node: ir.Logical) -> Value:
        """Kleene: one false decides `and`, one true decides `or`; otherwise any unknown wins."""
        operands = [self.value(o) for o in node.operands]
        deciding = node.op == "or"
        if any(operand is deciding for operand in operands):
            return deciding
        return _unknown_of(operands) or (not deciding)

    def known(self, node: ir.KnownTest) -> Value:
        return isinstance(self.value(node.operand), Unknown) != node.known

    def fallback(self, node: ir.Fallback) -> Value:
        operands = [self.value(o) for o in node.operands]
        known = [o for o in operands if not isinstance(o, Unknown)]
        if known:
            return known[0]
        return Unknown(frozenset().union(*(o.inputs for o in operands if isinstance(o, Unknown))))

    # From here on, a node is unknown when any of its operands is.

    def compare(self, node: ir.Compare) -> Value:
        left, right = self.value(node.left), self.value(node.right)
        return _unknown_of([left, right]) or _COMPARE[node.op](left, right)

    def arith(self, node: ir.Arith) -> Value:
        left, right = self.value(node.left), self.value(node.right)
        unknown = _unknown_of([left, right])
        if unknown:
            return unknown
        if node.op != "/":
            return _ARITH[node.op](left, right)  # type: ignore[arg-type]
        if right == 0:
            # Undefined, like a missing value: blamed on the inputs the divisor reads.
            return Unknown(inputs_read(node.right, self.definitions))
        return left / right  # type: ignore[operator]

    def negate(self, node: ir.Negate) -> Value:
        operand = self.value(node.operand)
        return operand if isinstance(operand, Unknown) else -operand  # type: ignore[operator]

    def call(self, node: ir.Call) -> Value:
        args = [self.value(a) for a in node.args]
        return _unknown_of(args) or (min(args) if node.function == "min" else max(args))  # type: ignore[type-var]

    def scale(self, node: ir.Scale) -> Value:
        operand = self.value(node.operand)
        if isinstance(operand, Unknown):
            return operand
        return operand * node.numerator / node.denominator  # type: ignore[operator]


_RULES: dict[type, Callable[[_Expressions, Any], Value]] = {
    ir.Const: _Expressions.const,
    ir.InputRef: _Expressions.input,
    ir.DefinitionRef: _Expressions.definition,
    ir.Not: _Expressions.not_,
    ir.Logical: _Expressions.logical,
    ir.KnownTest: _Expressions.known,
    ir.Fallback: _Expressions.fallback,
    ir.Compare: _Expressions.compare,
    ir.Arith: _Expressions.arith,
    ir.Negate: _Expressions.negate,
    ir.Call: _Expressions.call,
    ir.Scale: _Expressions.scale,
}


def inputs_read(node: ir.Node, definitions: Mapping[str, ir.Node]) -> frozenset[str]:
    """Every input an expression reads, through the definitions it reads."""
    if isinstance(node, ir.InputRef):
        return frozenset([node.name])
    if isinstance(node, ir.DefinitionRef):
        return inputs_read(definitions[node.name], definitions)
    return frozenset().union(*(inputs_read(child, definitions) for child in ir.children(node)))


def inputs_tested(node: ir.Node, definitions: Mapping[str, ir.Node]) -> frozenset[str]:
    """The inputs an expression tests with `is known` or `is unknown`, through definitions too."""
    if isinstance(node, ir.KnownTest):
        return inputs_read(node.operand, definitions)
    if isinstance(node, ir.DefinitionRef):
        return inputs_tested(definitions[node.name], definitions)
    return frozenset().union(*(inputs_tested(child, definitions) for child in ir.children(node)))


def _unknown_of(values: list[Value]) -> Unknown | None:
    """The union of the unknown values, or None when every value is known."""
    unknowns = [v.inputs for v in values if isinstance(v, Unknown)]
    return Unknown(frozenset().union(*unknowns)) if unknowns else None


# ---- walking the decision graph ----


_NO_BRANCH = "(no branch)"  # every condition was false: the decision's `otherwise`, a check adds nothing

Rule = tuple[str, "ir.Node | None", Any]  # a condition as written, its IR (None: always true), the outcome


class Interpreter:
    """One checked guideline, read into plain tables once: its decisions, actions and checks."""

    def __init__(self, checked: Checked) -> None:
        self.checked = checked
        graph, analysis = checked.graph, checked.analysis
        self.info = graph.graph
        self.decisions: dict[str, list[Rule]] = {}
        self.actions: dict[str, tuple[tuple[str, ...], str]] = {}
        steps = {step.id: step for step in checked.guideline.steps}
        for node, attributes in graph.nodes(data=True):
            if attributes["kind"] == "action":
                (next_step,) = graph.successors(node)
                self.actions[node] = (tuple(attributes["recommendations"]), next_step)
            elif attributes["kind"] == "decision":
                self.decisions[node] = self.branches(node, steps[node])
        self.checks: list[tuple[str, list[Rule]]] = []
        for check_id, _label, _texts in self.info["checks"]:
            (check,) = [c for c in checked.guideline.checks if c.id == check_id]
            rules: list[Rule] = [
                (rule.text, analysis.condition(rule.condition), tuple(code.name for code in rule.codes))
                for rule in check.rules
            ]
            self.checks.append((check_id, [*rules, ("", None, _NO_BRANCH)]))
        self.texts = {r.code: (r.text, [c.name for c in r.citations]) for r in checked.guideline.recommendations}

    def branches(self, node: str, step: m.Step) -> list[Rule]:
        """A decision's branches in order, from the graph's edges; `otherwise` last, always true."""
        assert isinstance(step, m.Decision)
        found: list[tuple[int, str, ir.Node | None, str]] = []
        for _, target, edge in self.checked.graph.out_edges(node, data=True):
            for branch in edge["branches"]:
                index = branch["index"]
                if index < 0:
                    found.append((len(step.branches), branch["condition"], None, target))
                else:
                    condition = self.checked.analysis.condition(step.branches[index].condition)
                    found.append((index, branch["condition"], condition, target))
        return [(text, condition, target) for _, text, condition, target in sorted(found, key=lambda b: b[0])]

    def evaluate(self, inputs: Mapping[str, object]) -> dict[str, Any]:
        values, errors = validate(self.checked.analysis.inputs, inputs)
        if errors:
            return _result(self.info, "invalid_input", [], [], errors, [], [])
        expressions = _Expressions(self.checked.analysis.definitions, values)
        trace: list[dict[str, Any]] = []
        path: list[str] = []
        codes: list[str] = []
        needs: set[str] = set()
        node, finished = self.info["start"], True
        while node != END:
            path.append(node)
            if node in self.actions:
                recommended, node = self.actions[node]
                codes.extend(recommended)
                continue
            outcome = decide(expressions, node, self.decisions[node], trace)
            if isinstance(outcome, Unknown):
                needs |= self.asked(outcome, self.decisions[node])
                finished = False
                break
            node = outcome
        if finished:
            path.append(END)
        for check_id, rules in self.checks:
            outcome = decide(expressions, check_id, rules, trace)
            if isinstance(outcome, Unknown):
                needs |= self.asked(outcome, rules)
            elif outcome != _NO_BRANCH:
                codes.extend(outcome)
        recommendations = [
            {"code": code, "text": self.texts[code][0], "citations": list(self.texts[code][1])}
            for code in dict.fromkeys(codes)
        ]
        status = "complete" if finished and not needs else "needs_data"
        return _result(self.info, status, recommendations, sorted(needs), [], path, trace)

    def asked(self, unknown: Unknown, rules: list[Rule]) -> frozenset[str]:
        """The unknown inputs to ask for: not those that the step's own conditions test with
        `is known` or `is unknown` (it says what to do without them), unless that is all of them."""
        definitions = self.checked.analysis.definitions
        tested = frozenset().union(*(inputs_tested(c, definitions) for _, c, _ in rules if c is not None))
        return (unknown.inputs - tested) or unknown.inputs


def decide(expressions: _Expressions, node: str, rules: list[Rule], trace: list[dict[str, Any]]) -> Any:
    """The outcome of the first true condition, unless a condition before it, or its own, is
    unknown: then everything unknown so far. Each condition evaluated goes to the trace."""
    unknown: list[Value] = []
    for text, condition, outcome in rules:
        if condition is None:
            return _unknown_of(unknown) or outcome
        value = expressions.value(condition)
        trace.append({"node": node, "condition": text, "value": None if isinstance(value, Unknown) else value})
        if isinstance(value, Unknown):
            unknown.append(value)
        elif value:
            return _unknown_of(unknown) or outcome
    raise AssertionError(f"{node}: the last rule must have no condition")


def _result(
    info: Mapping[str, Any],
    status: str,
    recommendations: list[dict[str, Any]],
    needs: list[str],
    errors: list[dict[str, str]],
    path: list[str],
    trace: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "guideline": info["id"],
        "version": info["version"],
        "status": status,
        "recommendations": recommendations,
        "needs": needs,
        "errors": errors,
        "path": path,
        "trace": trace,
    }
