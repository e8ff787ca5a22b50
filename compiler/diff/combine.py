"""Two versions of a guideline over one input space, for one solver.

Both programs name inputs by name, so a condition of either reads the same patient. Definitions
are named too, and a definition may mean something else in each version (`severe` with 50 in
one, 30 in the other): each version's definitions are renamed into one table, a definition that
means the same in both (same expression, over definitions that mean the same) keeps its name and
is shared, the others become `name@old` and `name@new`. After the renaming two conditions are
equal as `ir` values exactly when they mean the same, which the walk uses to branch once for
both versions (`compiler.diff.behaviour`).

The input space: an input in both versions takes the values both accept (the intersection of the
ranges and of the choices; values one version alone accepts are reported apart, as validity
regions). An input whose default differs reads, in each version, as `input or else default`, and
is unknown in the combined table. Numbers are compared as given, in each version's own unit: a
changed unit is a contract break (`compiler.diff.contract`), and an app that sends bare numbers
sees exactly the regions the walk finds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import assert_never

from dsl import ir
from dsl.program import Definition, Input, Program

OLD, NEW = "old", "new"


def rename(node: ir.Node, names: Mapping[str, str], inputs: Mapping[str, ir.Node], memo: dict[int, ir.Node]) -> ir.Node:
    """`node` with definitions renamed and some inputs replaced (exhaustive over `ir`)."""
    key = id(node)
    if key in memo:
        return memo[key]

    def r(n: ir.Node) -> ir.Node:
        return rename(n, names, inputs, memo)

    out: ir.Node
    match node:
        case ir.Const():
            out = node
        case ir.InputRef():
            out = inputs.get(node.name, node)
        case ir.DefinitionRef():
            out = ir.DefinitionRef(names.get(node.name, node.name))
        case ir.Not():
            out = ir.Not(r(node.operand))
        case ir.Logical():
            out = ir.Logical(node.op, tuple(r(o) for o in node.operands))
        case ir.Compare():
            out = ir.Compare(node.op, r(node.left), r(node.right))
        case ir.KnownTest():
            out = ir.KnownTest(r(node.operand), node.known)
        case ir.Fallback():
            out = ir.Fallback(tuple(r(o) for o in node.operands))
        case ir.Arith():
            out = ir.Arith(node.op, r(node.left), r(node.right))
        case ir.Negate():
            out = ir.Negate(r(node.operand))
        case ir.Call():
            out = ir.Call(node.function, tuple(r(a) for a in node.args))
        case ir.Scale():
            out = ir.Scale(r(node.operand), node.numerator, node.denominator)
        case _:
            assert_never(node)
    memo[key] = out
    return out


@dataclass
class Version:
    """One version as the walk reads it: its conditions renamed into the combined table."""

    side: str
    program: Program
    names: dict[str, str]  # definition -> its name in the combined table
    inputs: dict[str, ir.Node]  # input -> what it reads as (only those whose default differs)
    memo: dict[int, ir.Node]

    def condition(self, node: ir.Node) -> ir.Node:
        return rename(node, self.names, self.inputs, self.memo)


@dataclass
class Combined:
    program: Program  # the solver's program: both versions' definitions, the shared input space
    old: Version
    new: Version
    only_old: frozenset[str]  # inputs only the old version declares
    only_new: frozenset[str]


def _merged_input(a: Input, b: Input) -> Input:
    """The values both versions accept (the new version's spelling of everything else)."""
    ranges = [(i.low, i.high) for i in (a, b) if i.low is not None and i.high is not None]
    low: float | None = max((r[0] for r in ranges), default=None)
    high: float | None = min((r[1] for r in ranges), default=None)
    if low is not None and high is not None and low > high:
        low, high = 1.0, 0.0  # no number both accept: only "unknown" is shared
    choices = tuple(c for c in b.choices if c in a.choices) if a.kind == b.kind == "choice" else b.choices
    default = b.default if a.default == b.default else None
    return replace(b, choices=choices, low=low, high=high, default=default)


def changed_defaults(old: Program, new: Program) -> list[str]:
    """The inputs both versions declare with different defaults (or a default in one only)."""
    return [i.name for i in new.inputs if i.name in old.input_table and old.input_table[i.name].default != i.default]


def combine(old: Program, new: Program, known: Mapping[str, bool] | None = None) -> Combined:
    """Both versions over one input space. `known` settles, for inputs whose default changed,
    whether they are known (read as themselves) or unknown (read as each version's default):
    the walk is then run once per choice (`compiler.diff.compare`), and its conditions stay
    plain comparisons. An input whose default changed and that `known` does not settle reads
    as `input or else default` in each version."""
    known = known or {}
    specs: dict[str, Input] = {}
    for spec in new.inputs:
        specs[spec.name] = _merged_input(old.input_table[spec.name], spec) if spec.name in old.input_table else spec
    for spec in old.inputs:
        specs.setdefault(spec.name, spec)
    shared_defaults = {name for name, s in specs.items() if s.default is not None}

    def fallbacks(program: Program) -> dict[str, ir.Node]:
        found: dict[str, ir.Node] = {}
        for i in program.inputs:
            if i.default is None or i.name in shared_defaults or known.get(i.name) is True:
                continue
            given = ir.Const(i.default)
            found[i.name] = given if known.get(i.name) is False else ir.Fallback((ir.InputRef(i.name), given))
        return found

    o = Version(OLD, old, {d.name: f"{d.name}@old" for d in old.definitions}, fallbacks(old), {})
    n = Version(NEW, new, {d.name: f"{d.name}@new" for d in new.definitions}, fallbacks(new), {})
    # In the new version's dependency order, a definition is shared when both versions write it
    # the same once the definitions it names are settled (each named one comes earlier).
    old_nodes = {d.name: d.node for d in old.definitions}
    for d in new.definitions:
        if d.name in old_nodes:
            before = rename(old_nodes[d.name], o.names, o.inputs, {})
            after = rename(d.node, n.names, n.inputs, {})
            if before == after:
                o.names[d.name] = n.names[d.name] = d.name
    definitions: list[Definition] = []
    taken: set[str] = set()
    for version in (o, n):
        for d in version.program.definitions:
            name = version.names[d.name]
            if name not in taken:
                taken.add(name)
                definitions.append(replace(d, name=name, node=version.condition(d.node)))
    # Every condition as a definition too: the solver gathers its candidate values from definitions.
    for version in (o, n):
        for number, node in enumerate(version.program.conditions()):
            definitions.append(Definition(f"?{version.side}{number}", version.condition(node), "", (), old.span))
    program = Program(
        id=new.id,
        title=new.title,
        version=f"{old.version}..{new.version}",
        status=new.status,
        filename=new.filename,
        source_text="",
        sources=(),
        inputs=tuple(specs.values()),
        definitions=tuple(definitions),
        steps=(),
        checks=(),
        recommendations=(),
        groups=(),
        span=new.span,
    )
    return Combined(
        program,
        o,
        n,
        frozenset(old.input_table) - frozenset(new.input_table),
        frozenset(new.input_table) - frozenset(old.input_table),
    )
