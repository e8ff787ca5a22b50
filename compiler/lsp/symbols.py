"""Every name of a guideline: where it is declared and where it is used, with spans.

Built from the model of a checked text (`Report.guideline`), which keeps a span on every name
as written. Names live in kinds that never mix: inputs and definitions share one (an expression
names either), and steps, checks, recommendations, sources (their citation keys), groups, unit
profiles, reasons (`reason NAME`, used by `because NAME`) and libraries each have their own. An
input imported from a library is declared in the library's file (its span is there) and used in
this one, its name in the `import` line included.

A name in an expression that is neither an input nor a definition is a choice value when some
input offers it (`indication is other`); choice values are listed with their input, for hover.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, assert_never

from dsl import model as m
from dsl.errors import source_lines

Kind = Literal[
    "input",
    "definition",
    "step",
    "check",
    "recommendation",
    "source",
    "group",
    "library",
    "choice",
    "profile",
    "reason",
]
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\Z")


def namespace(kind: Kind) -> str:
    """Inputs and definitions share their names; every other kind has its own."""
    return "value" if kind in ("input", "definition") else kind


@dataclass
class Symbol:
    kind: Kind
    name: str
    declaration: m.Span | None  # None: used but declared nowhere (an error the checker reports)
    uses: list[m.Span] = field(default_factory=list)
    owner: str | None = None  # a choice value's input
    seen: set[m.Span] = field(default_factory=set, repr=False)

    @property
    def word(self) -> str:
        """The name as written (a choice value's symbol is named `input.value`)."""
        return self.name.rsplit(".", 1)[-1] if self.kind == "choice" else self.name

    @property
    def spans(self) -> list[m.Span]:
        return ([self.declaration] if self.declaration is not None else []) + self.uses


def expression_children(expr: m.Expr) -> tuple[m.Expr, ...]:
    match expr:
        case m.Number() | m.Boolean() | m.Name():
            return ()
        case m.Not(operand=operand) | m.KnownTest(operand=operand) | m.Negate(operand=operand):
            return (operand,)
        case m.Logical(operands=operands) | m.Fallback(operands=operands):
            return operands
        case m.Compare(left=left, right=right) | m.Arith(left=left, right=right):
            return (left, right)
        case m.Call(args=args):
            return args
        case _:
            assert_never(expr)


def names_in(expr: m.Expr) -> Iterator[m.Name]:
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, m.Name):
            yield node
        stack.extend(reversed(expression_children(node)))


def _choices(expr: m.Expr, choice_of: dict[str, str]) -> dict[int, str]:
    """For each `x is VALUE` of a choice input x: id(the Name VALUE) → x."""
    found: dict[int, str] = {}
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, m.Compare) and node.op in ("=", "!="):
            for side, other in ((node.left, node.right), (node.right, node.left)):
                if isinstance(side, m.Name) and isinstance(other, m.Name) and side.name in choice_of:
                    found[id(other)] = side.name
        stack.extend(expression_children(node))
    return found


class Table:
    """The symbols of one model, found by kind and name or by position."""

    def __init__(self, guideline: m.Guideline) -> None:
        self.guideline = guideline
        self.filename = guideline.filename
        self.texts = guideline.texts
        self.symbols: dict[tuple[str, str], Symbol] = {}
        self.imported: dict[str, m.Import] = {}  # an imported input's name → its import line
        self.choice_values: set[str] = set()
        self._lines: dict[str, list[str]] = {}
        self._build(guideline)

    # ---- look-ups ----
    def get(self, kind: Kind, name: str) -> Symbol | None:
        return self.symbols.get((namespace(kind), name))

    def of_kind(self, *kinds: Kind) -> list[Symbol]:
        return sorted((s for s in self.symbols.values() if s.kind in kinds), key=lambda s: s.name)

    def at(self, filename: str, line: int, column: int) -> tuple[Symbol, m.Span] | None:
        """The symbol whose declaration or use is at this 1-based place of the file, and that span."""
        for symbol in self.symbols.values():
            for span in symbol.spans:
                if span.filename == filename and span.line == line and span.column <= column <= span.end_column:
                    return symbol, span
        return None

    # ---- building ----
    def _add(self, kind: Kind, name: str, declaration: m.Span | None, owner: str | None = None) -> Symbol:
        key = (namespace(kind), name)
        symbol = self.symbols.get(key)
        if symbol is None:
            symbol = self.symbols[key] = Symbol(kind, name, declaration, owner=owner)
        elif symbol.declaration is None:
            symbol.declaration, symbol.kind = declaration, kind
        elif declaration is not None and declaration != symbol.declaration:
            symbol.uses.append(declaration)  # declared twice: the checker says so; both are its places
        return symbol

    def _use(self, kind: Kind, name: str, span: m.Span, owner: str | None = None) -> None:
        key = (namespace(kind), name)
        symbol = self.symbols.get(key)
        if symbol is None:
            symbol = self.symbols[key] = Symbol(kind, name, None, owner=owner)
        narrowed = self._narrow(name.rsplit(".", 1)[-1], span)
        if narrowed not in symbol.seen and narrowed != symbol.declaration:
            symbol.seen.add(narrowed)
            symbol.uses.append(narrowed)

    def _narrow(self, name: str, span: m.Span) -> m.Span:
        """The name's own span: a name in brackets, `(x)`, carries the brackets' span."""
        text = self.texts.get(span.filename)
        if text is None or span.line != span.end_line:
            return span
        lines = self._lines.get(span.filename)
        if lines is None:
            lines = self._lines[span.filename] = source_lines(text)
        if not 1 <= span.line <= len(lines):
            return span
        written = lines[span.line - 1][span.column - 1 : span.end_column - 1]
        if written == name:
            return span
        found = re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", written)
        if found is None:
            return span
        column = span.column + found.start()
        return m.Span(span.filename, span.line, column, span.line, column + len(name))

    def _library_line(self, name: str) -> m.Span | None:
        """The `library NAME` header line of the library `name` that was read, if it was."""
        for library in self.guideline.libraries:
            if library.filename.replace("\\", "/").rsplit("/", 1)[-1] != f"{name}.guideline":
                continue
            for number, line in enumerate(source_lines(library.text), start=1):
                found = re.match(rf"[ \t]*library[ \t]+({re.escape(name)})(?![A-Za-z0-9_])", line)
                if found is not None:
                    column = found.start(1) + 1
                    return m.Span(library.filename, number, column, number, column + len(name))
        return None

    def _build(self, g: m.Guideline) -> None:
        for statement in g.imports:
            self._add("library", statement.library.name, self._library_line(statement.library.name))
            self._use("library", statement.library.name, statement.library.span)
            for ref in statement.names:
                self.imported[ref.name] = statement
        profiles = {p.name for p in g.profiles}
        inputs = {i.name for i in g.inputs}
        # An imported name that is no input is a unit profile (the resolved model keeps only the
        # guideline's own profiles: an imported one is known by its name in the import line).
        profiles |= {r.name for s in g.imports for r in s.names if r.name not in inputs and r.name not in g.unavailable}
        for profile in g.profiles:  # unit profiles: `units NAME`, its own and those it imports
            self._add("profile", profile.name, profile.span)
        choice_of: dict[str, str] = {}
        for model in g.inputs:
            self._add("input", model.name, model.span)
            if model.type is not None:
                for choice in model.type.choices:
                    self._add("choice", f"{model.name}.{choice.name}", choice.span, owner=model.name)
                    self.choice_values.add(choice.name)
                    choice_of.setdefault(model.name, model.name)
        for statement in g.imports:
            for ref in statement.names:
                self._use("profile" if ref.name in profiles else "input", ref.name, ref.span)
        for model in g.inputs:
            for ref in model.profiles:
                self._use("profile", ref.name, ref.span)
            for line in model.sources:
                if line.of is not None:
                    self._use("input", line.of.name, line.of.span)
        for definition in g.definitions:
            self._add("definition", definition.name, definition.span)
        for source in g.sources:
            self._add("source", source.key, source.span)
        for step in g.steps:
            self._add("step", step.id, step.span)
        for check in g.checks:
            self._add("check", check.id, check.span)
        for rec in g.recommendations:
            self._add("recommendation", rec.code, rec.span)
        for group in g.groups:
            self._add("group", group.name, group.span)
        for reason in g.reasons:
            self._add("reason", reason.name, reason.span)
        values = {name for (space, name) in self.symbols if space == "value"}
        for definition in g.definitions:
            self._expression(definition.expr, values, choice_of)
            for ref in definition.citations:
                self._use("source", ref.name, ref.span)
        for step in g.steps:
            if isinstance(step, m.Decision):
                for branch in step.branches:
                    self._expression(branch.condition, values, choice_of)
                    self._target(branch.target)
                if step.otherwise is not None:
                    self._target(step.otherwise)
            else:
                for ref in step.recommends:
                    self._use("recommendation", ref.name, ref.span)
                if step.next is not None:
                    self._target(step.next)
        for check in g.checks:
            for rule in check.rules:
                self._expression(rule.condition, values, choice_of)
                for ref in rule.codes:
                    self._use("recommendation", ref.name, ref.span)
        for rec in g.recommendations:
            for because in rec.reasons:
                if because.ref is not None:
                    self._use("reason", because.ref.name, because.ref.span)
            for ref in rec.citations:
                self._use("source", ref.name, ref.span)
        for group in g.groups:
            for ref in group.members:
                self._use("recommendation", ref.name, ref.span)

    def _target(self, target: m.Target) -> None:
        if target.step is not None:
            self._use("step", target.step, target.span)

    def _expression(self, expr: m.Expr, values: set[str], choice_of: dict[str, str]) -> None:
        owners = _choices(expr, choice_of)
        for name in names_in(expr):
            owner = owners.get(id(name))
            if owner is not None and name.name not in values:
                key = ("choice", f"{owner}.{name.name}")
                if key in self.symbols:
                    self._use("choice", key[1], name.span, owner=owner)
                continue
            if name.name in values:
                self._use("input", name.name, name.span)
            elif name.name not in self.choice_values:
                self._use("input", name.name, name.span)  # undeclared: found by name all the same
