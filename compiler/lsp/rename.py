"""Rename: every place a name is written, or a clear refusal.

Inputs, definitions, steps, checks, recommendations, groups, reasons and citation keys (sources)
can be renamed; every declaration and use in the document changes at once. A rename is refused, with
the reason, when the new name is not a valid name of its kind, is a word of the language, or is
already taken in its kind (inputs and definitions share one, and a choice value would make a
condition mean something else); when the name is declared nowhere; and for an imported input:
its declaration is in the library, which other guidelines import by name, so it is renamed
there (and in every guideline that imports it), never behind their back. For the same reason a
library's own inputs are not renamed from the library. Choice values and library names are not
renamed (a choice value is part of the evaluator's input contract).
"""

from __future__ import annotations

from compiler.lsp.symbols import KEY, NAME, Symbol, Table, namespace
from dsl import model as m

# Words of the language that cannot stand for a name where the parser would read a keyword.
RESERVED = frozenset(
    "and or not is known unknown yes no end go to then when otherwise recommend min max else of in "
    "number one range default loinc accepts alias means description from map absent cites text urgency "
    "exactly at most least includes input define as decision action check recommendation group source "
    "import library guideline title version status because reason".split()
)
RENAMED = ("input", "definition", "step", "check", "recommendation", "source", "group", "reason")
WHAT = {
    "input": "an input",
    "definition": "a definition",
    "step": "a step",
    "check": "a check",
    "recommendation": "a recommendation",
    "source": "a source",
    "group": "a group",
    "library": "a library",
    "choice": "a choice value",
    "profile": "a unit profile",
    "reason": "a reason",
}


class Refused(Exception):
    """A rename that cannot be made; `str()` says why."""


def renamable(table: Table, symbol: Symbol) -> None:
    """Raise `Refused` when the symbol cannot be renamed from this document."""
    if symbol.kind not in RENAMED:
        raise Refused(f"'{symbol.word}' is {WHAT[symbol.kind]}: only inputs, definitions, steps, checks, "
                      "recommendations, groups, reasons and citation keys are renamed")  # fmt: skip
    if symbol.declaration is None:
        raise Refused(f"'{symbol.name}' is declared nowhere: declare it, or correct the name")
    statement = table.imported.get(symbol.name) if symbol.kind == "input" else None
    if statement is not None:
        raise Refused(
            f"'{symbol.name}' is imported from library '{statement.library.name}' "
            f"({symbol.declaration.filename}): rename it there, and in every guideline that imports it"
        )
    if table.guideline.library is not None:
        raise Refused(
            f"this is the library '{table.guideline.library.value}': guidelines import its inputs by name, "
            "so rename an input here and in every guideline that imports it by hand"
        )
    outside = [s for s in symbol.spans if s.filename != table.filename]
    if outside:
        raise Refused(f"'{symbol.name}' is also written in {outside[0].filename}: rename it there first")


def rename(table: Table, symbol: Symbol, new: str) -> list[m.Span]:
    """The spans to replace with `new`, or `Refused`."""
    renamable(table, symbol)
    pattern = KEY if symbol.kind == "source" else NAME
    if not pattern.match(new):
        rule = (
            "letters, digits, '_', '-' and '.'" if symbol.kind == "source" else
            "letters, digits and '_', not starting with a digit"
        )  # fmt: skip
        raise Refused(f"'{new}' is not a valid name for {WHAT[symbol.kind]}: use {rule}")
    if new in RESERVED:
        raise Refused(f"'{new}' is a word of the language: choose another name")
    if new == symbol.name:
        return list(symbol.spans)
    taken = table.get(symbol.kind, new)
    if taken is not None and (taken.declaration is not None or taken.uses):
        raise Refused(f"'{new}' is already {WHAT[taken.kind]}" + _where(taken))
    if namespace(symbol.kind) == "value" and new in table.choice_values:
        raise Refused(f"'{new}' is already a choice value: a condition naming it would change meaning")
    return list(symbol.spans)


def _where(symbol: Symbol) -> str:
    span = symbol.declaration or (symbol.uses[0] if symbol.uses else None)
    return f", on line {span.line}" if span is not None else ""
