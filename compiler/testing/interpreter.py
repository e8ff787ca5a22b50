"""A reference interpreter: the result of section 7, straight from the `Program`.

It shares no code with `compiler.python.codegen`, which writes the three-valued logic out inline:
it evaluates `dsl.ir` expressions through `dsl.logic` (the language's operators, written once)
and walks the program's steps one by one. Input validation is the language's own
(`dsl.validation`, the very code every compiled module carries), so that the two report the
same problems word for word. It is written to be obviously correct, not fast, and serves as the
oracle that the compiled evaluators are tested against (`tests/test_differential.py`).

    >>> from compiler.api import check_text
    >>> from compiler.files import read_text
    >>> path = "tests/examples/groups.guideline"
    >>> program = check_text(read_text(path), path).program
    >>> result = interpret(program, {"score": 2})
    >>> result["status"], [r["code"] for r in result["recommendations"]], result["path"]
    ('complete', ['watch'], ['triage', 'mild', 'end'])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, assert_never

from compiler.result import InputError, Result, Status, TraceEntry
from dsl import ir, logic
from dsl import program as p
from dsl.graph import END
from dsl.limits import headroom
from dsl.validation import Validator

NOT_AN_OBJECT = "(inputs)"  # the `input` of the error when the inputs are not an object at all


@dataclass(frozen=True)
class Unknown:
    """An unknown value, and the inputs whose absence made it unknown."""

    inputs: frozenset[str]


Value = float | bool | str | Unknown


def interpret(program: p.Program, inputs: Mapping[str, object]) -> Result:
    """The result for one patient, exactly as a compiled evaluator returns it."""
    cached = _recent.get(id(program))
    if cached is None or cached.program is not program:
        if len(_recent) > 16:
            _recent.clear()
        cached = _recent[id(program)] = Interpreter(program)
    with headroom():  # definitions thousands deep are worked out recursively
        return cached.evaluate(inputs)


_recent: dict[int, Interpreter] = {}  # the interpreters of the last few programs, by identity


# ---- input validation (section 1 of the specification) ----


def validate(validator: Validator, inputs: object) -> tuple[dict[str, Value], list[InputError]]:
    """Every input's value (its default or `Unknown` when absent), and one error per bad input."""
    if not isinstance(inputs, Mapping):
        shown = f"inputs must be an object, got {validator.kind_of(inputs)}"
        return {}, [{"input": NOT_AN_OBJECT, "problem": shown}]
    errors: list[InputError] = [{"input": e["input"], "problem": e["problem"]} for e in validator.unknown_names(inputs)]
    values: dict[str, Value] = {}
    for name, given in inputs.items():
        if not isinstance(name, str) or name not in validator.table or given is None:
            continue
        value, problem = validator.check(name, given)
        if problem is not None:
            errors.append({"input": name, "problem": str(problem)})
        else:
            values[name] = value
    for name, row in validator.table.items():
        if name not in values:
            values[name] = Unknown(frozenset([name])) if row["default"] is None else row["default"]
    errors.sort(key=lambda error: (error["input"], error["problem"]))
    return values, errors


# ---- three-valued evaluation of dsl.ir expressions ----


def _unknown(value: object) -> bool:
    return isinstance(value, Unknown)


def _join(values: list[Any]) -> Unknown:
    """The undecided result: every unknown operand's inputs."""
    return Unknown(frozenset().union(*(v.inputs for v in values if isinstance(v, Unknown))))


class _Expressions:
    """Evaluates expressions against one patient's values; definitions are worked out when read."""

    def __init__(self, program: p.Program, values: dict[str, Value]) -> None:
        self.program = program
        self.definitions = program.definition_table
        self.values = values
        self.defined: dict[str, Value] = {}

    def condition(self, node: ir.Node) -> Value:
        """A condition's value, its definitions worked out first, deepest first and in the order
        the condition names them, as the compiled module does: where two divisions by zero could
        stop an evaluation, both stop at the same one, and name the same inputs."""
        self.prepare(node)
        return self.value(node)

    def prepare(self, node: ir.Node) -> None:
        for name in ir.definitions_in_order(node):
            if name not in self.defined:
                self.prepare(self.definitions[name])
                self.defined[name] = self.value(self.definitions[name])

    def value(self, node: ir.Node) -> Value:
        """The node's value; `Undefined` when it divides by zero (the evaluation stops there)."""
        found: Value = self._value(node)
        return found

    def _value(self, node: ir.Node) -> Any:
        match node:
            case ir.Const():
                return node.value
            case ir.InputRef():
                return self.values[node.name]
            case ir.DefinitionRef():
                if node.name not in self.defined:
                    self.defined[node.name] = self.value(self.definitions[node.name])
                return self.defined[node.name]
            case ir.Not():
                return logic.negation(self.value(node.operand))
            case ir.Logical():
                return logic.logical(node.op, [self.value(o) for o in node.operands], _join)
            case ir.KnownTest():
                return logic.known_test(_unknown(self.value(node.operand)), node.known)
            case ir.Fallback():
                return logic.fallback([self.value(o) for o in node.operands], _unknown, _join)
            case ir.Compare():
                a, b = self.value(node.left), self.value(node.right)
                return logic.strict([a, b], _unknown, _join, lambda: logic.compare(node.op, a, b))
            case ir.Arith():
                x, y = self.value(node.left), self.value(node.right)
                return logic.strict([x, y], _unknown, _join, lambda: self.arithmetic(node, x, y))
            case ir.Negate():
                v: Any = self.value(node.operand)
                return logic.strict([v], _unknown, _join, lambda: -v)
            case ir.Call():
                args: list[Any] = [self.value(a) for a in node.args]
                return logic.strict(args, _unknown, _join, lambda: logic.call(node.function, args))
            case ir.Scale():
                s: Any = self.value(node.operand)
                return logic.strict([s], _unknown, _join, lambda: logic.scale(s, node.numerator, node.denominator))
            case _:
                assert_never(node)

    def arithmetic(self, node: ir.Arith, a: Any, b: Any) -> float:
        try:
            return logic.arithmetic(node.op, a, b)
        except logic.DivisionByZero:
            raise Undefined(ir.inputs_read(node.right, self.definitions)) from None


class Undefined(Exception):
    """An evaluation that divided by zero: the inputs the divisor reads."""

    def __init__(self, inputs: frozenset[str]) -> None:
        super().__init__(sorted(inputs))
        self.inputs = inputs


# ---- walking the program ----


class Interpreter:
    """One program, with its validation built once."""

    def __init__(self, program: p.Program) -> None:
        self.program = program
        self.validator = Validator(program.input_table)

    def evaluate(self, inputs: Mapping[str, object]) -> Result:
        values, errors = validate(self.validator, inputs)
        if errors:
            return self.result("invalid_input", [], [], errors, [], [])
        try:
            return self.walk(_Expressions(self.program, values))
        except Undefined as undefined:
            problems: list[InputError] = [
                {"input": name, "problem": logic.DIVISION_BY_ZERO} for name in sorted(undefined.inputs)
            ]
            return self.result("invalid_input", [], [], problems, [], [])

    def walk(self, expressions: _Expressions) -> Result:
        trace: list[TraceEntry] = []
        path: list[str] = []
        codes: list[str] = []
        needs: set[str] = set()
        step, finished = self.program.start, True
        while step is not None:
            path.append(step.id)
            match step:
                case p.Action():
                    codes.extend(step.recommends)
                    target = step.next
                case p.Decision():
                    rules = [(b.text, b.condition, b.target) for b in step.branches]
                    outcome = decide(expressions, step.id, rules, step.otherwise, trace)
                    if isinstance(outcome, Unknown):
                        needs |= asked(outcome, step.handled)
                        finished = False
                        break
                    target = outcome
                case _:
                    assert_never(step)
            step = self.program.steps[target.index] if isinstance(target, p.Goto) else None
        if finished:
            path.append(END)
        for check in self.program.checks:
            lines = [(r.text, r.condition, r.codes) for r in check.rules]
            outcome = decide(expressions, check.id, lines, (), trace)
            if isinstance(outcome, Unknown):
                needs |= asked(outcome, check.handled)
            else:
                codes.extend(outcome)
        recommendations = []
        for code in dict.fromkeys(codes):
            rec = self.program.recommendation(code)
            recommendations.append({"code": code, "text": rec.text, "citations": list(rec.citations)})
        status: Status = "complete" if finished and not needs else "needs_data"
        return self.result(status, recommendations, sorted(needs), [], path, trace)

    def result(
        self,
        status: Status,
        recommendations: list[Any],
        needs: list[str],
        errors: list[InputError],
        path: list[str],
        trace: list[TraceEntry],
    ) -> Result:
        return {
            "guideline": self.program.id,
            "version": self.program.version,
            "status": status,
            "recommendations": recommendations,
            "needs": needs,
            "errors": errors,
            "path": path,
            "trace": trace,
        }


def asked(unknown: Unknown, handled: frozenset[str]) -> frozenset[str]:
    """The unknown inputs to ask for: not those that the step's own conditions test with
    `is known` or `is unknown` (it says what to do without them), unless that is all of them."""
    return (unknown.inputs - handled) or unknown.inputs


def decide(
    expressions: _Expressions,
    node: str,
    rules: Sequence[tuple[str, ir.Node, Any]],
    otherwise: Any,
    trace: list[TraceEntry],
) -> Any:
    """The outcome of the first true condition (`otherwise` when none is), unless a condition
    before it, or its own, is unknown: then everything unknown so far. Each condition evaluated
    goes to the trace."""
    unknown: list[Value] = []
    for text, condition, outcome in rules:
        value = expressions.condition(condition)
        shown = None if isinstance(value, Unknown) else bool(value)
        trace.append({"node": node, "condition": text, "value": shown})
        if isinstance(value, Unknown):
            unknown.append(value)
        elif value:
            return _join(unknown) if unknown else outcome
    return _join(unknown) if unknown else otherwise
