"""Which inputs an evaluation asks for, as conditions the solver can work with.

An evaluation that stops at a decision, or leaves a check undecided, asks for the unknown inputs
behind the conditions it could not decide (`needs`), less those the step tests with `is known`
itself unless they are all there is (`compiler.testing.interpreter.asked`). Which inputs those
are depends on the patient: in `a < 1 or b < 2` with `a` unknown, `b` is asked for only when it
is unknown too. This module writes "input x is asked for" as an expression of `dsl.ir` that is
always true or false (built from `is known` / `is unknown` tests), so that "the two versions ask
for different data" is one more constraint for the solver, never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dsl import ir
from dsl.program import Input

TRUE, FALSE = ir.Const(True), ir.Const(False)


def conj(parts: Iterable[ir.Node]) -> ir.Node:
    kept: list[ir.Node] = []
    for part in parts:
        if part == FALSE:
            return FALSE
        if part != TRUE and part not in kept:
            kept.append(part)
    return kept[0] if len(kept) == 1 else ir.Logical("and", tuple(kept)) if kept else TRUE


def disj(parts: Iterable[ir.Node]) -> ir.Node:
    kept: list[ir.Node] = []
    for part in parts:
        if part == TRUE:
            return TRUE
        if part != FALSE and part not in kept:
            kept.append(part)
    return kept[0] if len(kept) == 1 else ir.Logical("or", tuple(kept)) if kept else FALSE


def neg(node: ir.Node) -> ir.Node:
    return FALSE if node == TRUE else TRUE if node == FALSE else ir.Not(node)


def is_unknown(node: ir.Node) -> ir.Node:
    return ir.KnownTest(core(node), False)


def core(node: ir.Node) -> ir.Node:
    """What makes a node unknown when its other operands are numbers: `x < 50` is unknown exactly
    when `x` is (so equal questions get equal nodes, in either version)."""
    while True:
        match node:
            case ir.Compare() | ir.Arith() if node.op != "/":
                if isinstance(node.right, ir.Const):
                    node = node.left
                elif isinstance(node.left, ir.Const):
                    node = node.right
                else:
                    return node
            case ir.Negate() | ir.Scale():
                node = node.operand
            case ir.Call():
                rest = [a for a in node.args if not isinstance(a, ir.Const)]
                if len(rest) != 1:
                    return node
                node = rest[0]
            case _:
                return node


def is_true(node: ir.Node) -> ir.Node:
    """True when the condition is known and true, false otherwise (never unknown)."""
    return ir.Logical("and", (ir.KnownTest(node, True), node))


class Facts:
    """What a region holds of some conditions: each true, false or unknown (so known or not,
    and so is what makes it unknown, `core`)."""

    def __init__(self, held: Iterable[tuple[ir.Node, object]]) -> None:
        self.truth: dict[ir.Node, bool] = {}
        self.known: dict[ir.Node, bool] = {}
        for node, expected in held:
            if isinstance(expected, bool):
                self.truth[node] = expected
            elif expected is not None:
                continue  # anything but undefined: says nothing
            self.known[node] = expected is not None
            self.known.setdefault(core(node), expected is not None)


def settle(node: ir.Node, facts: Facts) -> ir.Node:
    """`node` (built by this module) with what `facts` say of its parts put in: a condition the
    region holds true or false, and `is unknown` of one it holds known or unknown."""
    if node in facts.truth:
        return TRUE if facts.truth[node] else FALSE
    match node:
        case ir.KnownTest():
            if node.operand in facts.known:
                return TRUE if facts.known[node.operand] == node.known else FALSE
            return node
        case ir.Logical():
            parts = [settle(o, facts) for o in node.operands]
            return conj(parts) if node.op == "and" else disj(parts)
        case ir.Not():
            return neg(settle(node.operand, facts))
        case _:
            return node


@dataclass(frozen=True)
class Undecided:
    """A step left undecided: its conditions (in the combined table) and the inputs it handles."""

    conditions: tuple[ir.Node, ...]
    handled: frozenset[str]


class Needs:
    def __init__(self, definitions: Mapping[str, ir.Node], specs: Mapping[str, Input]) -> None:
        self.definitions = definitions
        self.specs = specs
        self.reads = ir.Reads(definitions)
        self._memo: dict[tuple[int, str], tuple[ir.Node, ir.Node | None]] = {}

    def behind(self, node: ir.Node, name: str) -> ir.Node | None:
        """When `node` is unknown: whether `name` is among the inputs that make it so (None: never)."""
        key = (id(node), name)
        if key in self._memo:
            return self._memo[key][1]
        found: ir.Node | None
        if isinstance(node, ir.InputRef):
            found = is_unknown(node) if node.name == name and self.specs[name].default is None else None
        elif isinstance(node, (ir.Const, ir.KnownTest)):
            found = None
        elif isinstance(node, ir.DefinitionRef):
            found = self.behind(self.definitions[node.name], name)
        elif name not in self.reads.inputs(node):
            found = None
        elif isinstance(node, (ir.Not, ir.Negate, ir.Scale)):
            found = self.behind(node.operand, name)
        elif isinstance(node, ir.Fallback):  # unknown only when every operand is
            found = _or_none(self.behind(o, name) for o in node.operands)
        else:  # the unknown operands of a logical or strict operation, joined
            parts = []
            for child in ir.children(node):
                inner = self.behind(child, name)
                if inner is not None:
                    parts.append(conj([is_unknown(child), inner]))
            found = disj(parts) if parts else None
        self._memo[key] = (node, found)
        return found

    def candidates(self, step: Undecided) -> list[str]:
        found: dict[str, None] = {}
        for c in step.conditions:
            for name in sorted(self.reads.inputs(c)):
                if self.specs[name].default is None:
                    found.setdefault(name)
        return list(found)

    def unknown_behind(self, step: Undecided, name: str) -> ir.Node:
        """`name` is among the unknown inputs of the conditions up to the first true one."""
        parts: list[ir.Node] = []
        for j, c in enumerate(step.conditions):
            inner = self.behind(c, name)
            if inner is not None:
                parts.append(conj([is_unknown(c), *(neg(is_true(e)) for e in step.conditions[:j]), inner]))
        return disj(parts)

    def asked(self, step: Undecided, name: str) -> ir.Node:
        behind = self.unknown_behind(step, name)
        if name not in step.handled or behind == FALSE:
            return behind
        others = [self.unknown_behind(step, other) for other in self.candidates(step) if other not in step.handled]
        return conj([behind, *(neg(o) for o in others)])

    def asked_by(self, steps: tuple[Undecided, ...], name: str) -> ir.Node:
        return disj(self.asked(step, name) for step in steps)

    def differ(
        self, old: tuple[Undecided, ...], new: tuple[Undecided, ...], facts: Facts | None = None
    ) -> list[tuple[str, ir.Node]]:
        """For each input one version may ask for and the other not: the condition that it does
        (a patient meeting any of them is asked for different inputs; none can be otherwise).
        `facts`: what the region holds of some conditions (`settle`), put in first."""
        if sorted(map(repr, old)) == sorted(map(repr, new)):
            return []
        names: dict[str, None] = {}
        for step in (*old, *new):
            names.update(dict.fromkeys(self.candidates(step)))
        parts = []
        for name in names:
            a, b = self.asked_by(old, name), self.asked_by(new, name)
            if facts:
                a, b = settle(a, facts), settle(b, facts)
            if a != b:
                parts.append((name, disj([conj([a, neg(b)]), conj([neg(a), b])])))
        return parts


def _or_none(parts: Iterable[ir.Node | None]) -> ir.Node | None:
    kept = [p for p in parts if p is not None]
    return disj(kept) if kept else None
