"""Names, types and units: `analyze(guideline)` lowers every expression to `dsl.ir`.

It reports every problem it finds and keeps going, so one run shows an author all of them.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from dsl import ir, units
from dsl import model as m
from dsl.errors import Diagnostic, closest, did_you_mean
from dsl.program import Input
from dsl.records import loinc_problem
from dsl.records import resolve as resolve_records

SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?")
STATUSES = ("draft", "active", "retired")
HEADER_EXAMPLES = {
    "guideline": "'guideline my-guideline-id'",
    "title": "'title \"What the pathway manages\"'",
    "version": "'version 1.0.0'",
    "status": "'status draft'",
    "library": "'library my-library-name'",
}
URGENCIES = ("critical", "warning", "info")  # CDS Hooks card indicators, most urgent first


# How deep definitions may build on each other (`define d2 as d1 or ...`): every stage handles
# this depth in seconds (benchmarks/RESULTS.md); far deeper chains would exhaust the C stack of
# the interpreter running the toolchain, so they are refused with a positioned error instead.
MAX_DEPTH = 10_000


@dataclass(frozen=True, slots=True)
class Type:
    kind: Literal["boolean", "number", "choice"]
    unit: str | None = None  # a number's UCUM unit; None: a pure number
    adaptable: bool = False  # a bare literal: takes the unit of what it is compared with
    choices: tuple[str, ...] = ()
    owner: str = ""  # what a choice belongs to, for messages

    def describe(self) -> str:
        if self.kind == "boolean":
            return "a yes/no value"
        if self.kind == "choice":
            return f"a choice of {self.owner}" if self.owner else "a choice"
        return f"a number in {self.unit}" if self.unit else "a number"


BOOLEAN = Type("boolean")
_REPORTED = object()  # a comparison whose problem was already reported
LITERAL = Type("number", adaptable=True)


def input_type(spec: Input) -> Type:
    return Type(spec.kind, spec.unit, False, spec.choices, spec.name)


@dataclass
class Analysis:
    inputs: dict[str, Input] = field(default_factory=dict)
    definitions: dict[str, ir.Node] = field(default_factory=dict)  # in dependency order
    definition_types: dict[str, Type] = field(default_factory=dict)
    conditions: dict[m.Span, ir.Node] = field(default_factory=dict)  # keyed by the expression's span
    used: set[str] = field(default_factory=set)  # inputs and definitions that something reads
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def condition(self, expr: m.Expr) -> ir.Node:
        return self.conditions[expr.span]


Typed = tuple[ir.Node, Type]


class _Analyzer:
    def __init__(self, guideline: m.Guideline) -> None:
        self.g = guideline
        self.out = Analysis()
        self.input_models = {i.name: i for i in guideline.inputs}
        self.definition_models = {d.name: d for d in guideline.definitions}
        self.resolving: list[str] = []
        self.too_deep = False
        self.failed: set[str] = set()  # definitions that could not be lowered (reported)
        self.intervals: dict[str, tuple[float, float]] = {}  # bounds of numeric definitions
        self.depths: dict[str, int] = {}  # how many definitions each builds on, itself included
        self.reported_cycles: set[str] = set()

    def error(self, span: m.Span, message: str) -> None:
        self.out.diagnostics.append(Diagnostic(span, message))

    # ---- header and inputs ----
    def header(self) -> None:
        g = self.g
        header: tuple[tuple[str, m.Header | None], ...]
        header = (("guideline", g.id), ("title", g.title), ("version", g.version), ("status", g.status))
        what = "guideline"
        if g.library is not None:  # a library: `library NAME`, title and version (dsl.imports)
            header, what = (("library", g.library), ("title", g.title), ("version", g.version)), "library"
        # A missing header line is reported where the header is, else at the top of the file.
        top = next((value.span for _, value in header if value is not None), m.Span(g.filename, 1, 1, 1, 2))
        for line, value in header:
            if value is None:
                example = HEADER_EXAMPLES[line]
                self.error(top, f"the {what} has no '{line}' line: add it to the header, e.g. {example}")
        if g.version is not None and not SEMVER.fullmatch(g.version.value):
            self.error(g.version.span, f"version '{g.version.value}' is not MAJOR.MINOR.PATCH, e.g. 1.0.0")
        if g.status is not None and g.status.value not in STATUSES:
            hint = did_you_mean(g.status.value, STATUSES)
            self.error(g.status.span, f"status must be draft, active or retired, not '{g.status.value}'{hint}")

    def inputs(self) -> None:
        for model in self.g.inputs:
            spec = self.input(model)
            if spec is not None and model.name not in self.out.inputs:
                self.out.inputs[model.name] = spec
        # Where each comes from in a FHIR record, once all are known (a derivation reads another).
        models = {i.name: i for i in reversed(self.g.inputs)}  # the first declaration, as above
        for name, fhir in resolve_records(models, self.out.inputs, self.error).items():
            self.out.inputs[name] = dataclasses.replace(self.out.inputs[name], fhir=fhir)

    def input(self, i: m.Input) -> Input | None:
        t = i.type
        if t is None:
            self.error(i.span, f"input '{i.name}' has no type: add 'number in UNIT', 'yes or no' or 'one of ...'")
            return None
        choices = tuple(c.name for c in t.choices)
        for position, choice in enumerate(t.choices):
            if choice.name in choices[:position]:
                self.error(choice.span, f"'{choice.name}' is listed twice in the values of '{i.name}'")
        if t.unit is not None:
            try:
                units.validate(t.unit)
            except units.UnitError as error:
                self.error(t.unit_span or t.span, f"{error}: write the unit as UCUM, e.g. 10*9/L")
                return None
        for bound in (i.low, i.high, i.default):
            if bound is not None and isinstance(bound.value, float) and not math.isfinite(bound.value):
                self.error(bound.span, _too_large(None))
                return None
        low, high = (i.low.value if i.low else None), (i.high.value if i.high else None)
        if i.low is not None and t.kind != "number":
            self.error(i.low.span, f"'range' applies to numbers, and '{i.name}' is {self.kind_words(t)}")
        elif isinstance(low, float) and isinstance(high, float) and low > high and i.low is not None:
            self.error(i.low.span, f"the range of '{i.name}' starts above its end ({low:g} to {high:g})")
        default = self.default(i, t, choices, low, high)
        conversions = self.conversions(i, t)
        return Input(
            name=i.name,
            kind=t.kind,
            unit=t.unit,
            choices=choices,
            low=low if t.kind == "number" else None,  # type: ignore[arg-type]
            high=high if t.kind == "number" else None,  # type: ignore[arg-type]
            default=default,
            units=conversions,
            label=i.label,
            description=i.description,
            loinc=tuple(code.name for code in i.loinc),
            aliases=tuple((alias.spelling, alias.unit) for alias in i.aliases),
            span=i.span,
        )

    @staticmethod
    def kind_words(t: m.InputType) -> str:
        return {"number": "a number", "boolean": "a yes/no input", "choice": "a choice"}[t.kind]

    def default(
        self, i: m.Input, t: m.InputType, choices: tuple[str, ...], low: object, high: object
    ) -> float | bool | str | None:
        if i.default is None:
            return None
        value, span = i.default.value, i.default.span
        if t.kind == "number" and isinstance(value, float):
            if isinstance(low, float) and isinstance(high, float) and not low <= value <= high:
                self.error(span, f"the default {value:g} is outside the range of '{i.name}' ({low:g} to {high:g})")
            return value
        if t.kind == "boolean" and isinstance(value, bool):
            return value
        if t.kind == "choice" and isinstance(value, str) and not isinstance(value, bool):
            if value not in choices:
                hint = did_you_mean(value, choices)
                listed = ", ".join(choices)
                self.error(span, f"the default '{value}' is not one of the values of '{i.name}' ({listed}){hint}")
            return value
        self.error(span, f"the default of '{i.name}' must be {self.kind_words(t)}")
        return None

    def conversions(self, i: m.Input, t: m.InputType) -> tuple[tuple[str, int, int], ...]:
        if (i.accepts or i.aliases) and (t.kind != "number" or t.unit is None):
            where = i.accepts[0].span if i.accepts else i.aliases[0].span
            self.error(where, f"'{i.name}' has no unit, so it cannot accept other units")
            return ()
        if t.unit is None:
            return ()
        table: dict[str, Fraction] = {}
        for accepted in i.accepts:
            try:
                table[accepted.name] = units.factor(accepted.name, t.unit)
            except units.UnitError as error:
                self.error(accepted.span, f"'{i.name}' cannot accept this unit: {error}")
        for alias in i.aliases:
            if alias.unit not in table and alias.unit != t.unit:
                self.error(
                    alias.span,
                    f"alias '{alias.spelling}' means '{alias.unit}', which '{i.name}' does not accept: "
                    f"add 'accepts {alias.unit}'",
                )
            elif alias.spelling in table:
                self.error(alias.span, f"'{alias.spelling}' is already an accepted unit of '{i.name}'")
            else:
                table[alias.spelling] = table.get(alias.unit, Fraction(1))
        for code in i.loinc:
            problem = loinc_problem(code.name)
            if problem:
                self.error(code.span, problem)
        return tuple((spelling, f.numerator, f.denominator) for spelling, f in table.items())

    # ---- definitions and expressions ----
    def definitions(self) -> None:
        for d in self.g.definitions:
            self.definition(d.name)

    def definition(self, name: str) -> Type | None:
        if name in self.out.definition_types:
            return self.out.definition_types[name]
        if name in self.failed:  # reported already: lowered once, whatever reads it
            return None
        d = self.definition_models[name]
        if name in self.resolving:
            members = self.resolving[self.resolving.index(name) :]
            if not self.reported_cycles & set(members):
                cycle = " -> ".join([*members, name])
                self.error(d.span, f"definition '{name}' depends on itself: {cycle}")
            self.reported_cycles.update(members)
            return None
        self.resolving.append(name)
        typed = self.lower(d.expr)
        self.resolving.pop()
        if typed is None and not self.resolving:
            self.failed.add(name)
        if typed is not None:
            depth = 1 + max((self.depths.get(n, 0) for n in ir.definitions_in_order(typed[0])), default=0)
            self.depths[name] = depth
            if depth > MAX_DEPTH:
                if not self.too_deep:
                    self.too_deep = True
                    self.error(
                        d.span,
                        f"'{name}' is built on {depth - 1:,} definitions, each on the one before: at most "
                        f"{MAX_DEPTH:,} can build on each other; define part of the chain on the inputs directly",
                    )
                self.failed.add(name)
                return None
        if typed is None or name in self.out.definition_types:
            return None
        self.out.definitions[name] = typed[0]
        self.out.definition_types[name] = typed[1]
        return typed[1]

    def urgencies(self) -> None:
        """Each recommendation's urgency is one of `URGENCIES`; once one declares it, all must."""
        declared = [r for r in self.g.recommendations if r.urgency is not None]
        for r in declared:
            assert r.urgency is not None
            if r.urgency.name not in URGENCIES:
                hint = did_you_mean(r.urgency.name, URGENCIES)
                self.error(r.urgency.span, f"urgency must be critical, warning or info, not '{r.urgency.name}'{hint}")
        if declared:
            first = declared[0]
            for r in self.g.recommendations:
                if r.urgency is None:
                    self.error(
                        r.span,
                        f"recommendation '{r.code}' has no urgency, though '{first.code}' (line {first.span.line}) "
                        "has one: add 'urgency critical', 'urgency warning' or 'urgency info'",
                    )

    def conditions(self) -> None:
        rules: list[m.Expr] = []
        for step in self.g.steps:
            if isinstance(step, m.Decision):
                rules.extend(b.condition for b in step.branches)
        for check in self.g.checks:
            rules.extend(r.condition for r in check.rules)
        for expr in rules:
            typed = self.lower(expr)
            if typed is None:
                continue
            if typed[1].kind != "boolean":
                self.error(expr.span, f"a condition must be yes or no, but this is {typed[1].describe()}")
                continue
            self.out.conditions[expr.span] = typed[0]

    def lower(self, e: m.Expr) -> Typed | None:
        if isinstance(e, m.Number):
            return self.number(e)
        if isinstance(e, m.Boolean):
            return ir.Const(e.value), BOOLEAN
        if isinstance(e, m.Name):
            return self.name(e)
        if isinstance(e, m.Not):
            operand = self.condition_operand(e.operand)
            return None if operand is None else (ir.Not(operand), BOOLEAN)
        if isinstance(e, m.Logical):
            operands = [self.condition_operand(o) for o in e.operands]
            if any(o is None for o in operands):
                return None
            return ir.Logical(e.op, tuple(o for o in operands if o is not None)), BOOLEAN
        if isinstance(e, m.Compare):
            return self.compare(e)
        if isinstance(e, m.KnownTest):
            tested = self.lower(e.operand)
            return None if tested is None else (ir.KnownTest(tested[0], e.known), BOOLEAN)
        if isinstance(e, m.Fallback):
            return self.same_type(e.operands, e.span, "'or else'", lambda nodes: ir.Fallback(nodes))
        if isinstance(e, m.Arith):
            return self.arith(e)
        if isinstance(e, m.Negate):
            negated = self.number_operand(e.operand)
            return None if negated is None else (ir.Negate(negated[0]), negated[1])
        return self.same_type(e.args, e.span, f"{e.function}()", lambda nodes: ir.Call(e.function, nodes))

    def number(self, e: m.Number) -> Typed | None:
        if not math.isfinite(e.value):
            self.error(e.span, _too_large(e.text))
            return None
        if e.unit is None:
            return ir.Const(e.value), LITERAL
        try:
            units.validate(e.unit)
        except units.UnitError as error:
            self.error(e.span, f"{error}: write the unit as UCUM, e.g. '10*9/L' or 'wk'")
            return None
        return ir.Const(e.value), Type("number", e.unit)

    def name(self, e: m.Name) -> Typed | None:
        if e.name in self.input_models:
            self.out.used.add(e.name)
            spec = self.out.inputs.get(e.name)
            return None if spec is None else (ir.InputRef(e.name), input_type(spec))
        if e.name in self.definition_models:
            self.out.used.add(e.name)
            t = self.definition(e.name)
            return None if t is None else (ir.DefinitionRef(e.name), t)
        if e.name in self.g.unavailable:  # its import failed, and said so
            return None
        candidates = [*self.input_models, *self.definition_models]
        meant = closest(e.name, candidates)
        if meant is not None:  # so that the name meant is not also reported as never used
            self.out.used.add(meant)
        self.error(e.span, f"'{e.name}' is not an input or a definition{did_you_mean(e.name, candidates)}")
        return None

    def condition_operand(self, e: m.Expr) -> ir.Node | None:
        typed = self.lower(e)
        if typed is None:
            return None
        if typed[1].kind != "boolean":
            self.error(e.span, f"'and', 'or' and 'not' need yes/no values, but this is {typed[1].describe()}")
            return None
        return typed[0]

    def number_operand(self, e: m.Expr) -> Typed | None:
        typed = self.lower(e)
        if typed is not None and typed[1].kind != "number":
            self.error(e.span, f"arithmetic needs numbers, but this is {typed[1].describe()}")
            return None
        return typed

    def compare(self, e: m.Compare) -> Typed | None:
        unavailable = self.g.unavailable
        if any(isinstance(side, m.Name) and side.name in unavailable for side in (e.left, e.right)):
            return None  # an input whose import failed (reported there): its values are unknown too
        if e.op in ("=", "!="):
            choice = self.choice_comparison(e)
            if choice is _REPORTED:
                return None
            if choice is not None:
                return choice  # type: ignore[return-value]
        left, right = self.lower(e.left), self.lower(e.right)
        if left is None or right is None:
            return None
        lt, rt = left[1], right[1]
        if lt.kind != rt.kind:
            self.error(e.span, f"this compares {lt.describe()} with {rt.describe()}")
            return None
        if lt.kind != "number":
            if e.op not in ("=", "!="):
                self.error(e.span, f"'{e.op}' compares numbers, but this is {lt.describe()}: use 'is'")
                return None
            if lt.kind == "choice" and set(lt.choices) != set(rt.choices):
                self.error(e.span, f"this compares {lt.describe()} with {rt.describe()}")
                return None
            return ir.Compare(e.op, left[0], right[0]), BOOLEAN
        unified = self.unify(left, right, e.span)
        if unified is None:
            return None
        a, b, _ = unified
        self.domain(a, b, e)
        self.domain(b, a, e)
        return ir.Compare(e.op, a, b), BOOLEAN

    def choice_comparison(self, e: m.Compare) -> Typed | object | None:
        """`x is value`: a bare name beside a choice is one of its values when it is one.
        None: not a choice comparison after all; `_REPORTED`: one whose problem is reported."""
        for side, other in ((e.right, e.left), (e.left, e.right)):
            if not isinstance(side, m.Name):
                continue
            if (
                isinstance(other, m.Name)
                and other.name not in self.input_models
                and other.name not in self.definition_models
            ):
                continue
            typed = self.lower(other)
            if typed is None:
                return _REPORTED
            node, t = typed
            if t.kind != "choice":
                if side.name in self.input_models or side.name in self.definition_models:
                    return None
                self.error(
                    side.span,
                    f"'{side.name}' is not an input or a definition, and {t.describe()} has no values to compare with",
                )
                return _REPORTED
            if side.name in t.choices:
                return ir.Compare(e.op, node, ir.Const(side.name)), BOOLEAN
            if side.name in self.input_models or side.name in self.definition_models:
                return None
            hint = did_you_mean(side.name, t.choices)
            self.error(
                side.span, f"'{side.name}' is not a value of {t.owner}; its values are {', '.join(t.choices)}{hint}"
            )
            return _REPORTED
        return None

    def domain(self, ref: ir.Node, const: ir.Node, e: m.Compare) -> None:
        if not (isinstance(ref, ir.InputRef) and isinstance(const, ir.Const)):
            return
        spec = self.out.inputs[ref.name]
        value = const.value
        if spec.low is None or spec.high is None or isinstance(value, (bool, str)):
            return
        if not spec.low <= value <= spec.high:
            unit = f" {spec.unit}" if spec.unit else ""
            self.error(
                e.span,
                f"{value:g}{unit} is outside the range of '{ref.name}' ({spec.low:g} to {spec.high:g}{unit}), "
                "so this comparison never changes",
            )

    def unify(self, left: Typed, right: Typed, span: m.Span) -> tuple[ir.Node, ir.Node, Type] | None:
        """Put two numbers in one unit: the right side is converted to the left's unit."""
        (a, at), (b, bt) = left, right
        if at.adaptable:
            return a, b, bt
        if bt.adaptable or at.unit == bt.unit:
            return a, b, at
        if at.unit is None or bt.unit is None:
            self.error(span, f"this combines {at.describe()} with {bt.describe()}: give both a unit or neither")
            return None
        try:
            f = units.factor(bt.unit, at.unit)
        except units.UnitError as error:
            self.error(span, f"units of different kinds: {error}")
            return None
        return a, scale(b, f), at

    def arith(self, e: m.Arith) -> Typed | None:
        left, right = self.number_operand(e.left), self.number_operand(e.right)
        if left is None or right is None:
            return None
        (a, at), (b, bt) = left, right
        if e.op in ("+", "-"):
            unified = self.unify(left, right, e.span)
            if unified is None:
                return None
            a, b, t = unified
            return ir.Arith(e.op, a, b), Type("number", t.unit, at.adaptable and bt.adaptable)
        a_plain, b_plain = at.unit is None, bt.unit is None
        if e.op == "*":
            if not (a_plain or b_plain):
                self.error(
                    e.span, f"cannot multiply {at.describe()} by {bt.describe()}: one side must be a plain number"
                )
                return None
            t = bt if a_plain else at
            return ir.Arith("*", a, b), Type("number", t.unit, at.adaptable and bt.adaptable)
        if _constant_zero(b) or (not ir.inputs_read(b, self.out.definitions) and self.interval(b) == (0.0, 0.0)):
            self.error(e.right.span, "this divides by zero")
            return None
        self.warn_zero_divisor(b, e.right.span)
        if b_plain:
            return ir.Arith("/", a, b), Type("number", at.unit, at.adaptable and bt.adaptable)
        if a_plain and not at.adaptable:
            self.error(e.span, f"cannot divide {at.describe()} by {bt.describe()}")
            return None
        unified = self.unify(left, right, e.span)
        if unified is None:
            return None
        return ir.Arith("/", unified[0], unified[1]), Type("number")

    def warn_zero_divisor(self, divisor: ir.Node, span: m.Span) -> None:
        """A divisor whose inputs' ranges let it be zero: a patient for whom it is zero gets
        `invalid_input` (a division by zero is undefined), which the author should know of."""
        if isinstance(divisor, ir.Const):
            return
        low, high = self.interval(divisor)
        if low <= 0 <= high:
            reads = sorted(ir.inputs_read(divisor, self.out.definitions))
            ranges = "; ".join(self.range_words(name) for name in reads) or "it reads no input"
            self.out.diagnostics.append(
                Diagnostic(
                    span,
                    f"this divisor can be zero ({ranges}): an evaluation that divides by zero stops "
                    "with invalid_input, naming the inputs it reads",
                    "warning",
                )
            )

    def range_words(self, name: str) -> str:
        spec = self.out.inputs.get(name)
        if spec is None or spec.low is None or spec.high is None:
            return f"'{name}' has no range"
        return f"'{name}' ranges from {spec.low:g} to {spec.high:g}"

    def interval(self, node: ir.Node) -> tuple[float, float]:
        """Bounds of a numeric expression from its inputs' ranges (wide when unsure); a
        definition's worked out once."""
        if isinstance(node, ir.DefinitionRef):
            if node.name not in self.intervals:
                target = self.out.definitions.get(node.name)
                self.intervals[node.name] = (-math.inf, math.inf) if target is None else self.interval(target)
            return self.intervals[node.name]
        wide = (-math.inf, math.inf)
        match node:
            case ir.Const():
                return (node.value, node.value) if isinstance(node.value, float) else wide
            case ir.InputRef():
                spec = self.out.inputs.get(node.name)
                if spec is None or spec.low is None or spec.high is None:
                    return wide
                return spec.low, spec.high
            case ir.Negate():
                low, high = self.interval(node.operand)
                return -high, -low
            case ir.Scale():
                low, high = self.interval(node.operand)
                f = node.numerator / node.denominator
                return low * f, high * f
            case ir.Arith() if node.op in ("+", "-"):
                (a, b), (c, d) = self.interval(node.left), self.interval(node.right)
                return (a + c, b + d) if node.op == "+" else (a - d, b - c)
            case ir.Arith() if node.op == "*":
                (a, b), (c, d) = self.interval(node.left), self.interval(node.right)
                products = [x * y for x in (a, b) for y in (c, d) if not math.isnan(x * y)]
                return (min(products), max(products)) if len(products) == 4 else wide
            case ir.Call() | ir.Fallback():
                parts = [self.interval(o) for o in ir.children(node)]
                if isinstance(node, ir.Fallback):
                    return min(p[0] for p in parts), max(p[1] for p in parts)
                pick = min if node.function == "min" else max
                return pick(p[0] for p in parts), pick(p[1] for p in parts)
            case _:
                return wide

    def same_type(self, exprs: tuple[m.Expr, ...], span: m.Span, what: str, build: object) -> Typed | None:
        typed = [self.lower(x) for x in exprs]
        if any(t is None for t in typed):
            return None
        items = [t for t in typed if t is not None]
        first = items[0]
        nodes = [first[0]]
        result_type = first[1]
        for node, t in items[1:]:
            if t.kind != result_type.kind or (t.kind == "choice" and set(t.choices) != set(result_type.choices)):
                self.error(span, f"{what} mixes {result_type.describe()} with {t.describe()}")
                return None
            if t.kind == "number":
                unified = self.unify((nodes[0], result_type), (node, t), span)
                if unified is None:
                    return None
                node = unified[1]
                if result_type.adaptable and not t.adaptable:
                    result_type = t
            nodes.append(node)
        if what.endswith("()") and result_type.kind != "number":
            self.error(span, f"{what} needs numbers, but this is {result_type.describe()}")
            return None
        return build(tuple(nodes)), result_type  # type: ignore[operator]


def _constant_zero(node: ir.Node) -> bool:
    """A divisor that reads nothing and works out to zero (`2 - 2`): caught before it runs."""
    if isinstance(node, ir.Const):
        return node.value == 0
    if isinstance(node, ir.Arith) and all(isinstance(c, ir.Const) for c in (node.left, node.right)):
        a, b = node.left.value, node.right.value  # type: ignore[union-attr]
        if isinstance(a, float) and isinstance(b, float):
            value = {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else 1.0}[node.op]
            return value == 0
    if isinstance(node, ir.Negate):
        return _constant_zero(node.operand)
    return False


def _too_large(text: str | None) -> str:
    shown = f"'{text[:20]}...' ({len(text)} characters)" if text and len(text) > 24 else f"'{text}'" if text else "it"
    return f"this number is too large: {shown} is beyond the largest number an evaluator holds (about 1.8e308)"


def scale(node: ir.Node, factor: Fraction) -> ir.Node:
    if factor == 1:
        return node
    if isinstance(node, ir.Const) and isinstance(node.value, float):
        try:
            converted = float(Fraction(node.value) * factor)
        except OverflowError:
            converted = math.inf
        if math.isfinite(converted):
            return ir.Const(converted)
        # Beyond a float once converted: left to run time, where it is infinity and compares as one.
    return ir.Scale(node, factor.numerator, factor.denominator)


def analyze(guideline: m.Guideline) -> Analysis:
    """Resolve names, types and units of every input, definition and condition."""
    analyzer = _Analyzer(guideline)
    analyzer.header()
    analyzer.inputs()
    analyzer.definitions()
    analyzer.conditions()
    analyzer.urgencies()
    return analyzer.out
