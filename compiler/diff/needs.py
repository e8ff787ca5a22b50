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
    kept: dict[ir.Node, None] = {}  # each part once, in order (nodes keep their hash: no deep comparisons)
    for part in parts:
        if part == FALSE:
            return FALSE
        if part != TRUE:
            kept.setdefault(part)
    found = tuple(kept)
    return found[0] if len(found) == 1 else ir.Logical("and", found) if found else TRUE


def disj(parts: Iterable[ir.Node]) -> ir.Node:
    kept: dict[ir.Node, None] = {}
    for part in parts:
        if part == TRUE:
            return TRUE
        if part != FALSE:
            kept.setdefault(part)
    found = tuple(kept)
    return found[0] if len(found) == 1 else ir.Logical("or", found) if found else FALSE


def neg(node: ir.Node) -> ir.Node:
    return FALSE if node == TRUE else TRUE if node == FALSE else ir.Not(node)


def is_unknown(node: ir.Node) -> ir.Node:
    """`node is unknown`, as one of what makes it unknown being so (`leaves`)."""
    return disj(ir.KnownTest(leaf, False) for leaf in leaves(node))


def leaves(node: ir.Node) -> tuple[ir.Node, ...]:
    """The parts a strict operation (a comparison, arithmetic but division, `min`, `max`) is
    unknown exactly when one of is, constants left out, in one order whatever the version:
    `platelets >= max(50, reference)` and `platelets >= max(30, reference)` are unknown exactly
    when `platelets` or `reference` is, so equal questions get equal nodes in either version."""
    found: dict[ir.Node, None] = {}
    stack = [node]
    while stack:
        part = stack.pop()
        if _strict(part):
            stack.extend(ir.children(part))
        elif not isinstance(part, ir.Const):
            found.setdefault(part)
    return tuple(sorted(found, key=repr)) or (node,)


def is_true(node: ir.Node) -> ir.Node:
    """True when the condition is known and true, false otherwise (never unknown)."""
    return ir.Logical("and", (ir.KnownTest(node, True), node))


class Facts:
    """What a region holds of some conditions: each true, false or unknown (so known or not,
    and so is what makes it unknown, `leaves`), and what follows at once: the parts of `a and b`
    true (of `a or b` false) each true (false), the operand of `x is known` true known, and the
    operands of a strict operation that is known (a comparison, arithmetic, `min`, `max`) known."""

    def __init__(self, held: Iterable[tuple[ir.Node, object]]) -> None:
        self.truth: dict[ir.Node, bool] = {}
        self.known: dict[ir.Node, bool] = {}
        self.some_unknown: list[frozenset[ir.Node]] = []  # sets of parts one of which is unknown
        for node, expected in held:
            if isinstance(expected, bool):
                self._holds(node, expected)
            elif expected is None:
                self._unknown(node)
            # anything but undefined: says nothing

    def _holds(self, node: ir.Node, expected: bool) -> None:
        self.truth.setdefault(node, expected)
        self._known(node)
        match node:
            case ir.Not():
                self._holds(node.operand, not expected)
            case ir.Logical() if (node.op == "and") == expected:
                for operand in node.operands:
                    self._holds(operand, expected)
            case ir.KnownTest() if node.known == expected:
                self._known(node.operand)
            case ir.KnownTest():
                self._unknown(node.operand)
            case _:
                pass

    def _unknown(self, node: ir.Node) -> None:
        self.known.setdefault(node, False)
        found = leaves(node)
        if len(found) == 1:
            self.known.setdefault(found[0], False)
        else:  # one of them is unknown, which is not said
            self.some_unknown.append(frozenset(found))

    def _known(self, node: ir.Node) -> None:
        self.known.setdefault(node, True)
        if isinstance(node, (ir.Compare, ir.Arith, ir.Call, ir.Negate, ir.Scale, ir.Not)):
            for child in ir.children(node):
                self._known(child)


def settle(node: ir.Node, facts: Facts) -> ir.Node:
    """`node` (built by this module) with what `facts` say of its parts put in: a condition the
    region holds true or false, and `is unknown` of one it holds known or unknown."""
    if node in facts.truth:
        return TRUE if facts.truth[node] else FALSE
    match node:
        case ir.KnownTest():
            if node.operand in facts.known:
                return TRUE if facts.known[node.operand] == node.known else FALSE
            if _held_unknown(node.operand, facts):
                return FALSE if node.known else TRUE
            return node
        case ir.Logical():
            parts = [settle(o, facts) for o in node.operands]
            if node.op == "or" and facts.some_unknown and all(_asks_unknown(p) for p in parts):
                asked = frozenset(p.operand for p in parts if isinstance(p, ir.KnownTest))
                if any(held <= asked for held in facts.some_unknown):
                    return TRUE  # `x is unknown or y is unknown`, where `x < y` is unknown
            return conj(parts) if node.op == "and" else disj(parts)
        case ir.Not():
            return neg(settle(node.operand, facts))
        case _:
            return node


def _asks_unknown(node: ir.Node) -> bool:
    return isinstance(node, ir.KnownTest) and not node.known


def _held_unknown(node: ir.Node, facts: Facts) -> bool:
    """Whether the region holds `node` unknown because a strict operation in it (a comparison,
    arithmetic, `min`, `max`) has an operand the region holds unknown: `x < y` with `x` unknown."""
    if facts.known.get(node) is False:
        return True
    return _strict(node) and any(_held_unknown(child, facts) for child in ir.children(node))


def _strict(node: ir.Node) -> bool:
    """Unknown exactly when an operand is: a comparison, arithmetic, `min`, `max`; not a division,
    whose zero divisor stops the evaluation, unknown operand or not."""
    if isinstance(node, ir.Arith):
        return node.op != "/"
    return isinstance(node, (ir.Compare, ir.Call, ir.Negate, ir.Scale))


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
