"""Resolved expressions: names bound, units converted, ready to evaluate or generate code from.

Every number in an expression is in the unit its context declares, so evaluation needs no unit
knowledge: conversions are explicit `Scale` nodes with exact factors worked out at compile time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Const:
    value: float | bool | str  # str: a choice value


@dataclass(frozen=True, slots=True)
class InputRef:
    name: str


@dataclass(frozen=True, slots=True)
class DefinitionRef:
    name: str


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class Logical:
    op: Literal["and", "or"]
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Compare:
    op: Literal["<", "<=", ">", ">=", "=", "!="]
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class KnownTest:
    operand: Node
    known: bool


@dataclass(frozen=True, slots=True)
class Fallback:
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Arith:
    op: Literal["+", "-", "*", "/"]
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Negate:
    operand: Node


@dataclass(frozen=True, slots=True)
class Call:
    function: Literal["min", "max"]
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Scale:
    """`operand * numerator / denominator`: a unit conversion of a value known only at run time."""

    operand: Node
    numerator: int
    denominator: int


Node = Const | InputRef | DefinitionRef | Not | Logical | Compare | KnownTest | Fallback | Arith | Negate | Call | Scale


def inputs_read(node: Node, definitions: dict[str, Node]) -> frozenset[str]:
    """Every input an expression reads, through definitions too."""
    if isinstance(node, InputRef):
        return frozenset((node.name,))
    if isinstance(node, DefinitionRef):
        target = definitions.get(node.name)
        return inputs_read(target, definitions) if target is not None else frozenset()
    found: frozenset[str] = frozenset()
    for child in children(node):
        found |= inputs_read(child, definitions)
    return found


def inputs_tested_for_known(node: Node, definitions: dict[str, Node]) -> frozenset[str]:
    """The inputs an expression tests with `is known` or `is unknown`, through definitions too."""
    if isinstance(node, KnownTest):
        return inputs_read(node.operand, definitions)
    if isinstance(node, DefinitionRef):
        target = definitions.get(node.name)
        return inputs_tested_for_known(target, definitions) if target is not None else frozenset()
    found: frozenset[str] = frozenset()
    for child in children(node):
        found |= inputs_tested_for_known(child, definitions)
    return found


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, (Not, KnownTest, Negate, Scale)):
        return (node.operand,)
    if isinstance(node, (Logical, Fallback)):
        return node.operands
    if isinstance(node, (Compare, Arith)):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()
