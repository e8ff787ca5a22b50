"""Resolved expressions: names bound, units converted, ready to evaluate or generate code from.

Every number in an expression is in the unit its context declares, so evaluation needs no unit
knowledge: conversions are explicit `Scale` nodes with exact factors worked out at compile time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, assert_never


def _cached_hash(node: Any) -> int:
    """A node's hash, worked out once: nodes are immutable and shared, and a large expression is
    hashed again each time a dictionary meets it (the solver's and the diff's memos), which
    would cost its whole size each time."""
    found: int = node._hash
    if not found:
        found = hash((type(node).__name__, *(getattr(node, name) for name in node.__match_args__))) or 1
        object.__setattr__(node, "_hash", found)
    return found


def _reduce(node: Any) -> tuple[type, tuple[Any, ...]]:
    """Pickled without the kept hash: another process hashes strings differently."""
    return type(node), tuple(getattr(node, name) for name in node.__match_args__)


@dataclass(frozen=True, slots=True)
class Const:
    value: float | bool | str  # str: a choice value
    _hash: int = field(default=0, init=False, repr=False, compare=False)
    __hash__ = _cached_hash
    __reduce__ = _reduce


@dataclass(frozen=True, slots=True)
class InputRef:
    name: str
    _hash: int = field(default=0, init=False, repr=False, compare=False)
    __hash__ = _cached_hash
    __reduce__ = _reduce


@dataclass(frozen=True, slots=True)
class DefinitionRef:
    name: str
    _hash: int = field(default=0, init=False, repr=False, compare=False)
    __hash__ = _cached_hash
    __reduce__ = _reduce


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node
    _hash: int = field(default=0, init=False, repr=False, compare=False)
    __hash__ = _cached_hash
    __reduce__ = _reduce


@dataclass(frozen=True, slots=True)
class Logical:
    op: Literal["and", "or"]
    operands: tuple[Node, ...]
    _hash: int = field(default=0, init=False, repr=False, compare=False)
    __hash__ = _cached_hash
    __reduce__ = _reduce


@dataclass(frozen=True, slots=True)
class Compare:
    op: Literal["<", "<=", ">", ">=", "=", "!="]
    left: Node
    right: Node
    _hash: int = field(default=0, init=False, repr=False, compare=False)
    __hash__ = _cached_hash
    __reduce__ = _reduce


@dataclass(frozen=True, slots=True)
class KnownTest:
    operand: Node
    known: bool
    _hash: int = field(default=0, init=False, repr=False, compare=False)
    __hash__ = _cached_hash
    __reduce__ = _reduce


@dataclass(frozen=True, slots=True)
class Fallback:
    operands: tuple[Node, ...]
    _hash: int = field(default=0, init=False, repr=False, compare=False)
    __hash__ = _cached_hash
    __reduce__ = _reduce


@dataclass(frozen=True, slots=True)
class Arith:
    op: Literal["+", "-", "*", "/"]
    left: Node
    right: Node
    _hash: int = field(default=0, init=False, repr=False, compare=False)
    __hash__ = _cached_hash
    __reduce__ = _reduce


@dataclass(frozen=True, slots=True)
class Negate:
    operand: Node
    _hash: int = field(default=0, init=False, repr=False, compare=False)
    __hash__ = _cached_hash
    __reduce__ = _reduce


@dataclass(frozen=True, slots=True)
class Call:
    function: Literal["min", "max"]
    args: tuple[Node, ...]
    _hash: int = field(default=0, init=False, repr=False, compare=False)
    __hash__ = _cached_hash
    __reduce__ = _reduce


@dataclass(frozen=True, slots=True)
class Scale:
    """`operand * numerator / denominator`: a unit conversion of a value known only at run time."""

    operand: Node
    numerator: int
    denominator: int
    _hash: int = field(default=0, init=False, repr=False, compare=False)
    __hash__ = _cached_hash
    __reduce__ = _reduce


Node = Const | InputRef | DefinitionRef | Not | Logical | Compare | KnownTest | Fallback | Arith | Negate | Call | Scale


def children(node: Node) -> tuple[Node, ...]:
    """A node's operands, in order (exhaustive: a new kind of node fails mypy here)."""
    match node:
        case Const() | InputRef() | DefinitionRef():
            return ()
        case Not() | KnownTest() | Negate() | Scale():
            return (node.operand,)
        case Logical() | Fallback():
            return node.operands
        case Compare() | Arith():
            return (node.left, node.right)
        case Call():
            return node.args
        case _:
            assert_never(node)


class Reads:
    """What expressions read, through the definitions they name, worked out once per definition:
    definitions that build on each other (`define d5 as d4 or ...`) cost time in proportion to
    their number, not to the size of the tree they would unfold into."""

    def __init__(self, definitions: Mapping[str, Node]) -> None:
        self.definitions = definitions
        self._inputs: dict[str, frozenset[str]] = {}
        self._tested: dict[str, frozenset[str]] = {}

    def inputs(self, node: Node) -> frozenset[str]:
        """Every input the expression reads, through definitions too."""
        return self._collect(node, self._inputs, self._own_inputs)

    def tested(self, node: Node) -> frozenset[str]:
        """The inputs the expression tests with `is known` or `is unknown`, through definitions too."""
        return self._collect(node, self._tested, self._own_tested)

    def _own_inputs(self, node: Node) -> frozenset[str] | None:
        return frozenset((node.name,)) if isinstance(node, InputRef) else None

    def _own_tested(self, node: Node) -> frozenset[str] | None:
        return self.inputs(node.operand) if isinstance(node, KnownTest) else None

    def _collect(
        self, root: Node, memo: dict[str, frozenset[str]], own: Callable[[Node], frozenset[str] | None]
    ) -> frozenset[str]:
        """The union of `own` over the nodes under `root`, definitions looked up once each (an
        explicit stack: a chain of thousands of definitions needs no deep recursion)."""
        # Definitions first, deepest first, so that each is in `memo` before one naming it.
        pending = [name for name in definitions_in_order(root) if name not in memo]
        while pending:
            name = pending[-1]
            node = self.definitions.get(name)
            if node is None:
                memo[name] = frozenset()
                pending.pop()
                continue
            missing = [n for n in definitions_in_order(node) if n not in memo and n != name]
            if missing:
                pending.extend(missing)
                continue
            pending.pop()
            memo[name] = self._local(node, memo, own)
        return self._local(root, memo, own)

    @staticmethod
    def _local(
        root: Node, memo: dict[str, frozenset[str]], own: Callable[[Node], frozenset[str] | None]
    ) -> frozenset[str]:
        found: set[str] = set()
        stack = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, DefinitionRef):
                found |= memo.get(node.name, frozenset())
                continue
            mine = own(node)
            if mine is not None:
                found |= mine
                continue
            stack.extend(children(node))
        return frozenset(found)


def definitions_in_order(root: Node) -> list[str]:
    """The definitions an expression names itself, in the order written (depth first, left to
    right), each once: the order a compiled module works them out in."""
    found: dict[str, None] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, DefinitionRef):
            found.setdefault(node.name)
        else:
            stack.extend(reversed(children(node)))
    return list(found)


def inputs_read(node: Node, definitions: Mapping[str, Node]) -> frozenset[str]:
    """Every input an expression reads, through definitions too."""
    return Reads(definitions).inputs(node)


def inputs_tested_for_known(node: Node, definitions: Mapping[str, Node]) -> frozenset[str]:
    """The inputs an expression tests with `is known` or `is unknown`, through definitions too."""
    return Reads(definitions).tested(node)
