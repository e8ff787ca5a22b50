"""A region's conditions as a clinician reads them: `indication is autoimmune_hepatitis and
30 <= platelets < 50 and anc >= 1.0`.

Each condition the region needs is taken apart where it is a conjunction (`a and b` true, `a or
b` false, definitions opened), down to comparisons of one input with a number, choice tests,
yes/no inputs and `is known` tests; those are merged per input (two bounds into one interval,
excluded choices into the choices left). What does not take apart (`a or b` true) is written
back as the language writes it. A definition that means something else in each version is named
with the version: `severe [old]`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import assert_never

from dsl import ir
from dsl.program import Input
from dsl.verify.solver import Constraint

FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}
NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "=": "!=", "!=": "="}


def number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(x)


def name_of(definition: str) -> str:
    for side in ("old", "new"):
        if definition.endswith(f"@{side}"):
            return f"{definition[: -len(side) - 1]} [{side}]"
    return definition


def show(node: ir.Node) -> str:
    """An expression as the language writes it (parenthesised where it nests)."""
    match node:
        case ir.Const():
            if isinstance(node.value, bool):
                return "yes" if node.value else "no"
            return number(node.value) if isinstance(node.value, float) else str(node.value)
        case ir.InputRef():
            return node.name
        case ir.DefinitionRef():
            return name_of(node.name)
        case ir.Not():
            return f"not {show(node.operand)}"
        case ir.Logical():
            return "(" + f" {node.op} ".join(show(o) for o in node.operands) + ")"
        case ir.Compare():
            left, right = _operand(node.left), _operand(node.right)
            if isinstance(node.right, ir.Const) and isinstance(node.right.value, (str, bool)):
                word = "is" if node.op == "=" else "is not"
                return f"{left} {word} {right}"
            return f"{left} {node.op} {right}"
        case ir.KnownTest():
            return f"{_operand(node.operand)} is {'known' if node.known else 'unknown'}"
        case ir.Fallback():
            return " or else ".join(show(o) for o in node.operands)
        case ir.Arith():
            return f"({show(node.left)} {node.op} {show(node.right)})"
        case ir.Negate():
            return f"-{show(node.operand)}"
        case ir.Call():
            return f"{node.function}(" + ", ".join(show(a) for a in node.args) + ")"
        case ir.Scale():
            return show(node.operand)
        case _:
            assert_never(node)


def _operand(node: ir.Node) -> str:
    """An operand of a comparison or test, parenthesised when it is itself one (`count < (limit
    or else 150)`)."""
    shown = show(node)
    return f"({shown})" if isinstance(node, (ir.Fallback, ir.Compare, ir.KnownTest, ir.Not)) else shown


@dataclass
class _Facts:
    low: tuple[float, bool] | None = None  # (bound, inclusive)
    high: tuple[float, bool] | None = None
    equal: object = None
    excluded: list[object] = field(default_factory=list)
    known: bool | None = None


class Describer:
    def __init__(self, definitions: Mapping[str, ir.Node], inputs: tuple[Input, ...]) -> None:
        self.definitions = definitions
        self.inputs = inputs
        self.specs = {i.name: i for i in inputs}

    def describe(self, constraints: tuple[Constraint, ...]) -> list[str]:
        facts: dict[str, _Facts] = {}
        texts: list[str] = []
        for c in constraints:
            if c.label.startswith("one version asks"):
                texts.append(c.label)
            elif c.expected is None:
                self.unknown(c.node, facts, texts)
            elif isinstance(c.expected, bool):
                self.take_apart(c.node, c.expected, facts, texts)
        out = [text for name in self.specs if name in facts for text in self.render(name, facts[name])]
        return out + list(dict.fromkeys(texts))

    def unknown(self, node: ir.Node, facts: dict[str, _Facts], texts: list[str]) -> None:
        if not self.known_test(node, False, facts):
            texts.append(f"{_operand(node)} is unknown")

    def known_test(self, node: ir.Node, known: bool, facts: dict[str, _Facts]) -> bool:
        """`node is known` (or unknown) as a fact about its one input, when it is unknown exactly
        when that input is (`severe is unknown`: `count is unknown`); False when it is not."""
        while isinstance(node, (ir.Not, ir.DefinitionRef)):
            node = node.operand if isinstance(node, ir.Not) else self.definitions[node.name]
        reads = sorted(ir.inputs_read(node, self.definitions))
        if len(reads) == 1 and self.specs[reads[0]].default is None and _strict_on(node):
            facts.setdefault(reads[0], _Facts()).known = known
            return True
        return False

    def take_apart(self, node: ir.Node, expected: bool, facts: dict[str, _Facts], texts: list[str]) -> None:
        while isinstance(node, (ir.Not, ir.DefinitionRef)):
            if isinstance(node, ir.Not):
                node, expected = node.operand, not expected
            else:
                node = self.definitions[node.name]
        if isinstance(node, ir.Logical) and (node.op == "and") == expected:
            for operand in node.operands:
                self.take_apart(operand, expected, facts, texts)
            return
        if isinstance(node, ir.KnownTest) and self.known_test(node.operand, node.known == expected, facts):
            return
        if isinstance(node, ir.InputRef) and self.specs[node.name].kind == "boolean":
            facts.setdefault(node.name, _Facts()).equal = expected
            return
        if isinstance(node, ir.Compare):
            left, right, op = node.left, node.right, node.op
            if isinstance(left, ir.Const) and isinstance(right, ir.InputRef):
                left, right, op = right, left, FLIP[op]  # type: ignore[assignment]
            if isinstance(left, ir.InputRef) and isinstance(right, ir.Const):
                self.bound(facts.setdefault(left.name, _Facts()), op if expected else NEGATE[op], right.value)
                return
        shown = show(node)
        texts.append(shown if expected else f"not {shown}")

    @staticmethod
    def bound(f: _Facts, op: str, value: object) -> None:
        f.known = True
        if isinstance(value, bool) and op == "!=":
            op, value = "=", not value  # `bleeding is yes` false, and bleeding known: no
        if op == "=":
            f.equal = value
        elif op == "!=":
            f.excluded.append(value)
        elif isinstance(value, float):
            if op in (">", ">="):
                candidate = (value, op == ">=")
                if f.low is None or (value, not candidate[1]) > (f.low[0], not f.low[1]):
                    f.low = candidate
            else:
                candidate = (value, op == "<=")
                if f.high is None or (value, candidate[1]) < (f.high[0], f.high[1]):
                    f.high = candidate

    def render(self, name: str, f: _Facts) -> list[str]:
        spec = self.specs[name]
        if f.known is False:
            return [f"{name} is unknown"]
        if f.equal is not None:
            if isinstance(f.equal, bool):
                return [f"{name} is {'yes' if f.equal else 'no'}"]
            word = "=" if isinstance(f.equal, float) else "is"
            return [f"{name} {word} {show(ir.Const(f.equal))}"]  # type: ignore[arg-type]
        out: list[str] = []
        if f.excluded and spec.kind == "choice":
            left = [c for c in spec.choices if c not in f.excluded]
            out.append(f"{name} is " + (left[0] if len(left) == 1 else "one of " + ", ".join(left)))
        elif f.excluded:
            out += [f"{name} != {number(x)}" for x in f.excluded if isinstance(x, float)]
        if f.low is not None and f.high is not None and f.low == f.high and f.low[1]:
            out.insert(0, f"{name} = {number(f.low[0])}")
        elif f.low is not None and f.high is not None:
            low = f"{number(f.low[0])} {'<=' if f.low[1] else '<'} "
            out.insert(0, f"{low}{name} {'<=' if f.high[1] else '<'} {number(f.high[0])}")
        elif f.low is not None:
            out.insert(0, f"{name} {'>=' if f.low[1] else '>'} {number(f.low[0])}")
        elif f.high is not None:
            out.insert(0, f"{name} {'<=' if f.high[1] else '<'} {number(f.high[0])}")
        if not out and f.known:
            out.append(f"{name} is known")
        return out


def _strict_on(node: ir.Node) -> bool:
    """Whether the node is unknown exactly when an input it reads is (comparisons and arithmetic
    of inputs and numbers: no `or else`, no logic, no division)."""
    if isinstance(node, (ir.InputRef, ir.Const)):
        return True
    if isinstance(node, ir.Arith) and node.op == "/":
        return False
    if isinstance(node, (ir.Compare, ir.Arith, ir.Negate, ir.Scale, ir.Call)):
        return all(_strict_on(child) for child in ir.children(node))
    return False
