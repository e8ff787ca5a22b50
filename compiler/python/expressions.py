"""Resolved expressions → Python statements, one temporary per operation (three-address code).

Three-valued logic is written out inline, so that a decided value costs no function call: an
unknown value is an `Unknown` (a frozenset of the inputs behind it) and every operation first
asks whether an operand is one. Operands are locals (`i3` an input, `d1` a definition, `t7` a
temporary) or literals through `repr()`: no name here comes from guideline text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import assert_never

from dsl import ir

_PYTHON = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "=": "==", "!=": "!=", "+": "+", "-": "-", "*": "*"}
_MIRRORED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}


def literal(value: float | bool | str) -> str:
    """A constant as Python source. The checker lets only finite numbers through; a number that
    is not one here would be a bug of the checker, and is refused rather than written as `inf`."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"a constant that is not a finite number reached the code generator: {value!r}")
    return repr(value)


def unknown(operand: str) -> str:
    # `unknown` is a local bound to the `Unknown` class at the top of each function: a fast load.
    return f"{operand}.__class__ is unknown"


def variable(operand: str) -> bool:
    """A local (may hold an unknown), as opposed to a literal (never unknown)."""
    return operand.isidentifier() and operand not in ("True", "False", "None")


class ExpressionWriter:
    """Writes the statements of one function; `local` names an input or a definition's local."""

    def __init__(
        self, emit: Callable[[str], None], local: Callable[[ir.Node], str], definitions: Mapping[str, ir.Node]
    ) -> None:
        self.emit = emit
        self.local = local
        self.definitions = definitions
        self.count = 0

    def temporary(self, value: str) -> str:
        name = f"t{self.count}"
        self.count += 1
        self.emit(f"{name} = {value}")
        return name

    def write(self, node: ir.Node) -> str:
        """Emit the statements computing `node`; return the operand that holds its value."""
        match node:
            case ir.Const():
                return literal(node.value)
            case ir.InputRef() | ir.DefinitionRef():
                return self.local(node)
            case ir.Logical():
                return self.logical(node)
            case ir.Not():
                a = self.write(node.operand)
                return self.strict([a], f"not {a}")
            case ir.KnownTest():
                a = self.write(node.operand)
                if not variable(a):
                    return repr(node.known)
                return self.temporary(f"{a}.__class__ is {'not ' if node.known else ''}unknown")
            case ir.Fallback():
                operands = [self.write(o) for o in node.operands]
                value = f"_join({', '.join(a for a in operands if variable(a))})"
                for a in reversed(operands):
                    value = f"{a} if {a}.__class__ is not unknown else {value}" if variable(a) else a
                return self.temporary(value)
            case ir.Compare():
                return self.compare(node)
            case ir.Negate():
                a = self.write(node.operand)
                return self.strict([a], f"-{a}")
            case ir.Scale():
                a = self.write(node.operand)
                return self.strict([a], f"{a} * {node.numerator!r} / {node.denominator!r}")
            case ir.Call():
                operands = [self.write(o) for o in node.args]
                return self.strict(operands, f"{node.function}({', '.join(operands)})")
            case ir.Arith():
                return self.arith(node)
            case _:
                assert_never(node)

    def arith(self, node: ir.Arith) -> str:
        a, b = self.write(node.left), self.write(node.right)
        if node.op == "/" and variable(b):
            blamed = tuple(sorted(ir.inputs_read(node.right, self.definitions)))
            return self.strict([a, b], f"(_divide_by_zero({blamed!r}) if {b} == 0 else {a} / {b})")
        if node.op == "/":  # a constant divisor: never zero, the checker rejects that
            return self.strict([a, b], f"{a} / {b}")
        return self.strict([a, b], f"{a} {_PYTHON[node.op]} {b}")

    def strict(self, operands: list[str], known: str) -> str:
        """An operation that is unknown as soon as one of its (non-literal) operands is."""
        variables = [a for a in operands if variable(a)]
        if not variables:
            return self.temporary(known)
        if len(variables) == 1:
            return self.temporary(f"{variables[0]} if {unknown(variables[0])} else {known}")
        test = " or ".join(unknown(a) for a in variables)
        return self.temporary(f"_join({', '.join(variables)}) if {test} else {known}")

    def grouped(self, node: ir.Logical) -> list[ir.Node | tuple[ir.InputRef, tuple[str, ...]]]:
        """The operands, with `x is a or x is b` on one choice input as one test `x in (a, b)`:
        both are unknown exactly when `x` is, so Kleene logic gives the same value."""
        if node.op != "or":
            return list(node.operands)
        values: dict[str, list[str]] = {}
        for o in node.operands:
            choice = _choice_test(o)
            if choice is not None:
                values.setdefault(choice[0].name, []).append(choice[1])
        found: list[ir.Node | tuple[ir.InputRef, tuple[str, ...]]] = []
        placed: set[str] = set()
        for o in node.operands:
            choice = _choice_test(o)
            if choice is None or len(values[choice[0].name]) == 1:
                found.append(o)
            elif choice[0].name not in placed:  # the group stands where its first test was
                placed.add(choice[0].name)
                found.append((choice[0], tuple(dict.fromkeys(values[choice[0].name]))))
        return found

    def membership(self, choice: ir.InputRef, values: tuple[str, ...]) -> str:
        a = self.write(choice)
        return self.strict([a], f"{a} in {values!r}")

    def compare(self, node: ir.Compare) -> str:
        left, right, op = node.left, node.right, str(node.op)
        if isinstance(left, ir.Const) and not isinstance(right, ir.Const):
            left, right, op = right, left, _MIRRORED[op]
        if op == "=" and isinstance(right, ir.Const) and right.value is True:
            return self.write(left)  # `bleeding is yes`: the checker made `bleeding` a yes/no value
        a, b = self.write(left), self.write(right)
        return self.strict([a, b], f"{a} {_PYTHON[op]} {b}")

    def logical(self, node: ir.Logical) -> str:
        operands = [self.write(o) if not isinstance(o, tuple) else self.membership(*o) for o in self.grouped(node)]
        decisive, other = ("True", "False") if node.op == "or" else ("False", "True")
        any_decisive = " or ".join(f"{a} is {decisive}" for a in operands)
        all_other = " and ".join(f"{a} is {other}" for a in operands)
        unknowns = ", ".join(a for a in operands if variable(a))
        return self.temporary(f"{decisive} if {any_decisive} else {other} if {all_other} else _join({unknowns})")


def _choice_test(node: ir.Node) -> tuple[ir.InputRef, str] | None:
    """`(x, a)` for `x is a` on a choice input `x`."""
    if isinstance(node, ir.Compare) and node.op == "=":
        for one, other in ((node.left, node.right), (node.right, node.left)):
            if isinstance(one, ir.InputRef) and isinstance(other, ir.Const) and isinstance(other.value, str):
                return one, other.value
    return None
