"""The resolved program: a checked guideline as every backend reads it.

`dsl.lower.lower` builds it once from a model that passed every check. Names are resolved (an
expression is `dsl.ir`, a step's successor is a `Goto` with the step's index or `End`), units are
worked out (each input carries its UCUM conversions), definitions are in dependency order and
shared: an expression names a definition (`ir.DefinitionRef`) instead of copying it, so the
program stays as large as the text. Everything is frozen and keeps the span it was written at.

Backends (the Python code generator, the interpreter, the verifier, coverage, flowcharts) read a
`Program` and nothing else of the front end; the networkx graph that graph algorithms need is
derived from it (`Program.graph`, built by `dsl.graph.build_graph`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, assert_never

from dsl import ir
from dsl.bindings import Fhir
from dsl.model import Span as Span  # re-exported: backends take spans from the program

if TYPE_CHECKING:
    import networkx as nx

Kind = Literal["boolean", "number", "choice"]
Cardinality = Literal["exactly one", "at most one", "at least one"]


@dataclass(frozen=True, slots=True)
class Input:
    """An input as evaluators validate it: everything resolved to plain values."""

    name: str
    kind: Kind
    unit: str | None  # a number's UCUM unit; None for a plain number and for other kinds
    choices: tuple[str, ...]
    low: float | None  # the range, both ends or neither
    high: float | None
    default: float | bool | str | None  # used when the input is unknown; None: stays unknown
    units: tuple[tuple[str, int, int], ...]  # (spelling, numerator, denominator) into `unit`
    label: str | None
    description: str | None
    loinc: tuple[str, ...]
    aliases: tuple[tuple[str, str], ...] = ()  # (spelling, the UCUM unit it means), also in `units`
    span: Span | None = None
    fhir: Fhir | None = None  # where it comes from in a FHIR record (`dsl.bindings`); None: not read from one


@dataclass(frozen=True, slots=True)
class Definition:
    name: str
    node: ir.Node
    text: str  # as written
    citations: tuple[str, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Goto:
    """Continue at `program.steps[index]` (whose id is `step`)."""

    index: int
    step: str
    span: Span


@dataclass(frozen=True, slots=True)
class End:
    """The pathway ends here."""

    span: Span


Target = Goto | End


@dataclass(frozen=True, slots=True)
class Branch:
    """`when CONDITION go to TARGET`: taken when its condition is true and those before it false."""

    condition: ir.Node
    text: str  # the condition as written
    target: Target
    span: Span


@dataclass(frozen=True, slots=True)
class Decision:
    index: int
    id: str
    label: str | None
    branches: tuple[Branch, ...]
    otherwise: Target
    # Inputs the conditions test with `is known`/`is unknown`: the decision says what to do
    # without them, so they are asked for only when nothing else is missing.
    handled: frozenset[str]
    span: Span


@dataclass(frozen=True, slots=True)
class Action:
    index: int
    id: str
    label: str | None
    recommends: tuple[str, ...]
    next: Target
    span: Span


Step = Decision | Action


@dataclass(frozen=True, slots=True)
class Rule:
    """A check line: `when CONDITION recommend CODES`."""

    condition: ir.Node
    text: str
    codes: tuple[str, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    label: str | None
    rules: tuple[Rule, ...]
    handled: frozenset[str]  # as for a decision
    span: Span


Urgency = Literal["critical", "warning", "info"]  # as CDS Hooks cards' indicator


@dataclass(frozen=True, slots=True)
class Recommendation:
    code: str
    text: str
    citations: tuple[str, ...]
    span: Span
    urgency: Urgency | None = None  # declared with `urgency ...`; None when the guideline gives none
    # Its reasons (`because ...`), joined: the end of `text`, after ": ", kept apart for the tools
    # that show them apart (the language server); no output prints it. None: it gives none.
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    label: str | None
    cardinality: Cardinality
    members: tuple[str, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    reference: str
    span: Span


@dataclass(frozen=True)
class Program:
    """One checked guideline. Steps are in the order written; the first is the start."""

    id: str
    title: str
    version: str
    status: str
    filename: str
    source_text: str
    sources: tuple[Source, ...]
    inputs: tuple[Input, ...]
    definitions: tuple[Definition, ...]  # a definition comes after every definition it reads
    steps: tuple[Step, ...]
    checks: tuple[Check, ...]
    recommendations: tuple[Recommendation, ...]
    groups: tuple[Group, ...]
    span: Span
    # Look-ups by name, built once (not part of equality or repr).
    input_table: Mapping[str, Input] = field(init=False, repr=False, compare=False)
    definition_table: Mapping[str, ir.Node] = field(init=False, repr=False, compare=False)
    _steps: Mapping[str, Step] = field(init=False, repr=False, compare=False)
    _recommendations: Mapping[str, Recommendation] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        tables: dict[str, dict[str, object]] = {
            "input_table": {i.name: i for i in self.inputs},
            "definition_table": {d.name: d.node for d in self.definitions},
            "_steps": {s.id: s for s in self.steps},
            "_recommendations": {r.code: r for r in self.recommendations},
        }
        for name, table in tables.items():
            object.__setattr__(self, name, MappingProxyType(table))

    def __reduce__(self) -> tuple[type[Program], tuple[object, ...]]:
        """Pickled by its fields (the look-up tables are rebuilt, the graph worked out again):
        `compiler.api.lower_text` keeps lowered programs on disk."""
        return Program, tuple(getattr(self, f.name) for f in fields(self) if f.init)

    @property
    def start(self) -> Step | None:
        return self.steps[0] if self.steps else None

    def step(self, step_id: str) -> Step:
        """The step with this id (`KeyError` when there is none)."""
        return self._steps[step_id]

    def has_step(self, step_id: str) -> bool:
        return step_id in self._steps

    def recommendation(self, code: str) -> Recommendation:
        return self._recommendations[code]

    def conditions(self) -> list[ir.Node]:
        """Every condition: the decisions' branches in order, then the checks' lines."""
        found = [b.condition for s in self.steps if isinstance(s, Decision) for b in s.branches]
        return found + [r.condition for c in self.checks for r in c.rules]

    def successors(self, step: Step) -> tuple[Target, ...]:
        """Where a step can go, in branch order (`otherwise` last)."""
        match step:
            case Decision():
                return (*(b.target for b in step.branches), step.otherwise)
            case Action():
                return (step.next,)
            case _:
                assert_never(step)

    @functools.cached_property
    def graph(self) -> nx.DiGraph:
        """The decision graph for graph algorithms (see `dsl.graph`), derived from the program."""
        from dsl.graph import build_graph

        return build_graph(self)
