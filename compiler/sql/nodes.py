"""Small sqlglot builders shared by the SQL backend: every name and literal goes through sqlglot.

Internal columns are numbered and start with `__` (`__v3`, `__c12`); they never come from the
guideline's text or the user's column names, which appear only as quoted identifiers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from sqlglot import exp

DOUBLE = exp.DataType.build("DOUBLE")
TEXT = exp.DataType.build("VARCHAR")
MAX_DOUBLE = 1.7976931348623157e308


def column(name: str) -> exp.Column:
    """An internal column (a generated name)."""
    return exp.column(exp.to_identifier(name))


def user_column(name: str) -> exp.Column:
    """A column the user's relation names: always a quoted identifier."""
    return exp.column(exp.to_identifier(name, quoted=True))


def text(value: str) -> exp.Literal:
    return exp.Literal.string(value)


def number(value: float) -> exp.Expr:
    """A DOUBLE constant (a plain literal would be a DECIMAL in both engines)."""
    if not math.isfinite(value):
        raise ValueError(f"a constant that is not a finite number reached the SQL generator: {value!r}")
    shown = str(int(value)) if float(value).is_integer() and abs(value) < 1e16 else repr(float(value))
    return exp.cast(exp.Literal.number(shown), DOUBLE)


def integer(value: int) -> exp.Expr:
    return exp.Literal.number(value)


def boolean(value: bool) -> exp.Boolean:
    return exp.true() if value else exp.false()


def null() -> exp.Null:
    return exp.Null()


def paren(node: exp.Expr) -> exp.Expr:
    # In sqlglot, operators are `Func`s too: only these print as one operand.
    if isinstance(node, (exp.Binary, exp.Unary, exp.In, exp.Between)):
        return exp.Paren(this=node)
    atomic = (exp.Column, exp.Literal, exp.Boolean, exp.Null, exp.Cast, exp.TryCast, exp.Paren, exp.Case, exp.Func)
    return node if isinstance(node, atomic) else exp.Paren(this=node)


def is_null(node: exp.Expr) -> exp.Expr:
    return exp.Is(this=paren(node), expression=exp.Null())


def is_known(node: exp.Expr) -> exp.Expr:
    return exp.Not(this=is_null(node))


def not_(node: exp.Expr) -> exp.Expr:
    return exp.Not(this=paren(node))


# Operands that bind tighter than AND and OR in both engines (comparisons, IS, IN, BETWEEN and
# NOT all do): they need no parentheses there. An AND inside an OR gets them, to be read easily.
_TIGHTER = (exp.EQ, exp.NEQ, exp.LT, exp.LTE, exp.GT, exp.GTE, exp.Is, exp.In, exp.Between, exp.Not)


def _operand(node: exp.Expr, connector: type[exp.And] | type[exp.Or]) -> exp.Expr:
    if isinstance(node, (*_TIGHTER, connector)):
        return node
    return paren(node)


def and_(*nodes: exp.Expr) -> exp.Expr:
    kept = [n for n in nodes if not (isinstance(n, exp.Boolean) and n.this is True)]
    if any(isinstance(n, exp.Boolean) and n.this is False for n in kept):
        return exp.false()
    if not kept:
        return exp.true()
    result = _operand(kept[0], exp.And)
    for n in kept[1:]:
        result = exp.And(this=result, expression=_operand(n, exp.And))
    return result


def or_(*nodes: exp.Expr) -> exp.Expr:
    kept = [n for n in nodes if not (isinstance(n, exp.Boolean) and n.this is False)]
    if any(isinstance(n, exp.Boolean) and n.this is True for n in kept):
        return exp.true()
    if not kept:
        return exp.false()
    result = _operand(kept[0], exp.Or)
    for n in kept[1:]:
        result = exp.Or(this=result, expression=_operand(n, exp.Or))
    return result


def is_true(node: exp.Expr) -> exp.Expr:
    """TRUE when `node` is true; FALSE when it is false or NULL (never NULL itself)."""
    if isinstance(node, exp.Boolean):
        return node
    return exp.Coalesce(this=node, expressions=[exp.false()])


def not_true(node: exp.Expr) -> exp.Expr:
    """TRUE when `node` is false or NULL."""
    if isinstance(node, exp.Boolean):
        return boolean(not node.this)
    return exp.Not(this=is_true(node))


def case(whens: Sequence[tuple[exp.Expr, exp.Expr]], default: exp.Expr | None = None) -> exp.Expr:
    if not whens:
        return default if default is not None else exp.Null()
    node = exp.Case()
    for condition, value in whens:
        node = node.when(condition, value)
    return node.else_(default) if default is not None else node


def concat(*parts: exp.Expr) -> exp.Expr:
    result = paren(parts[0])
    for part in parts[1:]:
        result = exp.DPipe(this=result, expression=paren(part), safe=True)
    return result


def function(name: str, *args: exp.Expr) -> exp.Expr:
    """A function both engines spell the same (LENGTH, SUBSTRING, LPAD, REPLACE, LOWER, ...)."""
    return exp.Anonymous(this=name, expressions=list(args))


def array(items: Sequence[exp.Expr], element: str) -> exp.Expr:
    if not items:
        return exp.cast(exp.Array(expressions=[]), exp.DataType.build(f"ARRAY<{element}>"))
    return exp.Array(expressions=list(items))


def pick(index: exp.Expr, lists: Sequence[Sequence[str]]) -> exp.Expr:
    """The constant list of texts at `index` (counted from 0) of `lists`: one constant list of
    lists, indexed. The index is typed as an integer so that sqlglot prints it for the dialect's
    first index (DuckDB's lists count from 1, Spark's arrays from 0); it must be in range (Spark's
    ANSI mode raises otherwise)."""
    typed = index.copy()
    typed.type = exp.DataType.build("INT")
    items = [array([text(x) for x in chosen], "VARCHAR") for chosen in lists]
    return exp.Bracket(this=exp.Array(expressions=items), expressions=[typed], offset=0)


def present(items: Sequence[exp.Expr], element: str) -> exp.Expr:
    """The non-NULL items, in order (an empty list, never NULL)."""
    if not items:
        return array([], element)
    x = exp.to_identifier("x")
    keep = exp.Lambda(this=is_known(exp.column(x)), expressions=[x])
    return exp.ArrayFilter(this=exp.Array(expressions=list(items)), expression=keep)


def struct(fields: Sequence[tuple[str, exp.Expr]]) -> exp.Expr:
    return exp.Struct(expressions=[exp.PropertyEQ(this=exp.to_identifier(k), expression=v) for k, v in fields])


def alias(node: exp.Expr, name: str, comment: str | None = None) -> exp.Expr:
    aliased = exp.alias_(node, exp.to_identifier(name))
    if comment:
        aliased.add_comments([comment])
    return aliased


def true() -> exp.Boolean:
    return exp.true()


def false() -> exp.Boolean:
    return exp.false()
