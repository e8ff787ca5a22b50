"""Resolved expressions (`dsl.ir`) → SQL expressions, with the language's three-valued logic.

An unknown value is SQL NULL; nothing else is. The rules are the language's (`dsl.logic`), each
written out here, and where SQL's own operator already gives exactly that rule it is used:

- `and`, `or`, `not`: Kleene's strong logic (one false decides `and`, one true decides `or`,
  otherwise an unknown operand leaves it unknown), which is exactly SQL's three-valued
  AND/OR/NOT on BOOLEAN (both engines).
- Comparisons, `+ - *`, negation, unit conversions: unknown as soon as an operand is, as SQL's
  operators are. A number that arithmetic can have made NaN (infinity minus infinity) is tested
  with `ISNAN` first, because both engines order NaN above every number and call it equal to
  itself, where the language (Python) compares it with nothing: `!=` is true, the rest false.
- `min`, `max`: unknown when any argument is (`CASE ... IS NULL`), never `LEAST`/`GREATEST`,
  which skip NULLs; the first smallest (largest) argument, as Python's `min`/`max`.
- `a or else b`: `COALESCE`, the first known operand.
- `x is known` / `x is unknown`: `IS NOT NULL` / `IS NULL`, never unknown.
- `a / b` with a divisor that is not a constant: `a / NULLIF(b, 0)`. A zero divisor stops the
  evaluation with `invalid_input` (docs/language.md); `compiler.sql.steps` finds, per row, the
  first division by zero in the order the evaluator meets them (`sites`).

`needs` (`member`): the inputs behind an unknown value are those reached from it through unknown
operands only (`dsl.logic` joins the unknown operands' inputs), so input `i` is behind an
unknown node when some operand that reads `i` is unknown and has `i` behind it (`unknown`: an
operand's `IS NULL`, down to the columns where SQL's rule is the language's).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import assert_never

from sqlglot import exp

from compiler.sql import nodes as n
from dsl import ir

_COMPARE: dict[str, type[exp.Binary]] = {
    "<": exp.LT,
    "<=": exp.LTE,
    ">": exp.GT,
    ">=": exp.GTE,
    "=": exp.EQ,
    "!=": exp.NEQ,
}
_ARITH: dict[str, type[exp.Binary]] = {"+": exp.Add, "-": exp.Sub, "*": exp.Mul}


@dataclass(frozen=True)
class Site:
    """A division by a value that may be zero: its operands, and the inputs its divisor reads."""

    node: ir.Arith
    blamed: tuple[str, ...]


class Expressions:
    """Writes expressions over the validated inputs (`input_column`) and the definitions computed
    in earlier CTEs (`definition_column`)."""

    def __init__(
        self,
        definitions: Mapping[str, ir.Node],
        input_column: Callable[[str], exp.Expr],
        definition_column: Callable[[str], exp.Expr],
    ) -> None:
        self.definitions = definitions
        self.input_column = input_column
        self.definition_column = definition_column
        self.reads = ir.Reads(definitions)
        self._nan: dict[str, bool] = {}

    # ---- values ----
    def value(self, node: ir.Node) -> exp.Expr:
        match node:
            case ir.Const():
                if isinstance(node.value, bool):
                    return n.boolean(node.value)
                if isinstance(node.value, str):
                    return n.text(node.value)
                return n.number(node.value)
            case ir.InputRef():
                return self.input_column(node.name)
            case ir.DefinitionRef():
                return self.definition_column(node.name)
            case ir.Not():
                return n.not_(self.value(node.operand))
            case ir.Logical():
                operands = [self.value(o) for o in node.operands]
                return n.and_(*operands) if node.op == "and" else n.or_(*operands)
            case ir.KnownTest():
                operand = self.value(node.operand)
                return n.is_known(operand) if node.known else n.is_null(operand)
            case ir.Fallback():
                first, *rest = [self.value(o) for o in node.operands]
                return exp.Coalesce(this=first, expressions=rest)
            case ir.Compare():
                return self.compare(node.op, node.left, node.right)
            case ir.Arith():
                a, b = n.paren(self.value(node.left)), n.paren(self.value(node.right))
                if node.op == "/":
                    divisor = b if isinstance(node.right, ir.Const) else exp.Nullif(this=b, expression=n.number(0.0))
                    return exp.Div(this=a, expression=divisor)
                return _ARITH[node.op](this=a, expression=b)
            case ir.Negate():
                return exp.Neg(this=n.paren(self.value(node.operand)))
            case ir.Call():
                return self.extreme(node)
            case ir.Scale():
                scaled = exp.Mul(this=n.paren(self.value(node.operand)), expression=n.number(float(node.numerator)))
                return exp.Div(this=scaled, expression=n.number(float(node.denominator)))
            case _:
                assert_never(node)

    def compare(self, op: str, left: ir.Node, right: ir.Node) -> exp.Expr:
        a, b = self.value(left), self.value(right)
        plain = _COMPARE[op](this=n.paren(a), expression=n.paren(b))
        nan = [exp.IsNan(this=v) for v, node in ((a, left), (b, right)) if self.may_be_nan(node)]
        if not nan:
            return plain
        unknown = n.or_(n.is_null(a), n.is_null(b))
        return n.case(
            [(unknown, exp.cast(n.null(), exp.DataType.build("BOOLEAN"))), (n.or_(*nan), n.boolean(op == "!="))], plain
        )

    def extreme(self, node: ir.Call) -> exp.Expr:
        """`min`/`max`: unknown when an argument is; else Python's fold (`b < m` replaces `m`)."""
        args = [self.value(a) for a in node.args]
        better = exp.LT if node.function == "min" else exp.GT
        result = args[0]
        nan_result = self.may_be_nan(node.args[0])
        for arg, source in zip(args[1:], node.args[1:], strict=True):
            test: exp.Expr = better(this=n.paren(arg), expression=n.paren(result))
            nan = [exp.IsNan(this=v) for v, maybe in ((arg, self.may_be_nan(source)), (result, nan_result)) if maybe]
            if nan:  # a comparison with NaN is false in Python
                test = n.and_(n.not_(n.or_(*nan)), test)
            result = n.case([(test, arg)], result)
            nan_result = nan_result or self.may_be_nan(source)
        unknown = n.or_(*(n.is_null(a) for a in args))
        return n.case([(unknown, exp.cast(n.null(), n.DOUBLE))], result)

    def may_be_nan(self, node: ir.Node) -> bool:
        """Whether arithmetic under `node` (definitions included) can make NaN of finite inputs."""
        match node:
            case ir.Arith():
                return True
            case ir.DefinitionRef():
                if node.name not in self._nan:
                    self._nan[node.name] = False
                    self._nan[node.name] = self.may_be_nan(self.definitions[node.name])
                return self._nan[node.name]
            case ir.Compare() | ir.KnownTest() | ir.Logical() | ir.Not() | ir.Const() | ir.InputRef():
                return False
            case ir.Fallback() | ir.Negate() | ir.Call() | ir.Scale():
                return any(self.may_be_nan(c) for c in ir.children(node))
            case _:
                assert_never(node)

    # ---- the inputs behind an unknown value ----
    def member(self, node: ir.Node, name: str) -> exp.Expr:
        """TRUE when input `name` is among the inputs behind `node`, given that `node` is unknown."""
        match node:
            case ir.InputRef():
                return n.boolean(node.name == name)
            case ir.Const() | ir.KnownTest():
                return n.false()
            case ir.DefinitionRef():
                return self.member(self.definitions[node.name], name)
            case (
                ir.Not()
                | ir.Logical()
                | ir.Fallback()
                | ir.Compare()
                | ir.Arith()
                | ir.Negate()
                | ir.Call()
                | ir.Scale()
            ):
                parts = []
                for child in ir.children(node):
                    if name not in self.reads.inputs(child):
                        continue
                    inside = self.member(child, name)
                    if isinstance(child, ir.InputRef):
                        parts.append(self.unknown(child))
                    else:
                        parts.append(n.and_(self.unknown(child), inside))
                return n.or_(*parts)
            case _:
                assert_never(node)

    def unknown(self, node: ir.Node) -> exp.Expr:
        """`node IS NULL`, written with the columns where SQL's rule allows: a comparison,
        `+ - *`, negation, `not`, `min`/`max`, a conversion and a division by a constant are
        unknown exactly when an operand is; `a or else b` when every operand is. A division by a
        value (NULL for a zero divisor too), `and` and `or` are tested as they are."""
        match node:
            case ir.InputRef() | ir.DefinitionRef():
                return n.is_null(self.value(node))
            case ir.Const() | ir.KnownTest():
                return n.false()
            case ir.Arith() if node.op == "/" and not isinstance(node.right, ir.Const):
                return n.is_null(self.value(node))
            case ir.Compare() | ir.Arith() | ir.Negate() | ir.Not() | ir.Call() | ir.Scale():
                return n.or_(*(self.unknown(c) for c in ir.children(node)))
            case ir.Fallback():
                return n.and_(*(self.unknown(c) for c in node.operands))
            case ir.Logical():
                return n.is_null(self.value(node))
            case _:
                assert_never(node)

    # ---- divisions that may be by zero, in the order the evaluator meets them ----
    def sites(self, condition: ir.Node) -> list[Site]:
        """The divisions by a value a condition evaluates: first those of the definitions it
        names (each prepared before the condition, its own definitions first), then its own,
        each after its operands (`compiler.testing.interpreter._Expressions.condition`)."""
        found: list[Site] = []
        done: set[str] = set()

        def prepare(node: ir.Node) -> None:
            for name in ir.definitions_in_order(node):
                if name not in done:
                    done.add(name)
                    prepare(self.definitions[name])
                    own(self.definitions[name])

        def own(node: ir.Node) -> None:
            if isinstance(node, ir.DefinitionRef):
                return
            for child in ir.children(node):
                own(child)
            if isinstance(node, ir.Arith) and node.op == "/" and not isinstance(node.right, ir.Const):
                found.append(Site(node, tuple(sorted(self.reads.inputs(node.right)))))

        prepare(condition)
        own(condition)
        return found

    def fires(self, site: Site) -> exp.Expr:
        """TRUE when this division, once evaluated, divides a known number by zero."""
        a, b = self.value(site.node.left), self.value(site.node.right)
        return n.and_(n.is_known(a), n.is_known(b), exp.EQ(this=n.paren(b), expression=n.number(0.0)))
