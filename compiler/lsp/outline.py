"""The outline (document symbols): every input, definition, step, check, recommendation, group,
source, unit profile, reason and import declared in the document, in the order written, each with the lines of its
block (from its heading to its last line before the next heading, comments and blank lines after
it left out) and its name as the part to select."""

from __future__ import annotations

from lsprotocol import types

from compiler.lsp.complete import TOP
from compiler.lsp.convert import Lines, units
from dsl import model as m
from dsl import reasons
from dsl.text import one_line

KINDS: dict[str, types.SymbolKind] = {
    "input": types.SymbolKind.Variable,
    "definition": types.SymbolKind.Function,
    "decision": types.SymbolKind.Class,
    "action": types.SymbolKind.Event,
    "check": types.SymbolKind.Interface,
    "recommendation": types.SymbolKind.Constant,
    "group": types.SymbolKind.Array,
    "source": types.SymbolKind.Key,
    "import": types.SymbolKind.Module,
    "units": types.SymbolKind.Struct,
    "reason": types.SymbolKind.String,
}


def _ends(lines: Lines) -> dict[int, int]:
    """For each 0-based line that starts a block, the last 0-based code line of that block."""
    starts = [n for n, line in enumerate(lines.lines) if (line.split("#", 1)[0].split() or [""])[0] in TOP]
    ends: dict[int, int] = {}
    for start, following in zip(starts, [*starts[1:], len(lines.lines)], strict=True):
        last = start
        for n in range(start + 1, following):
            if lines.lines[n].split("#", 1)[0].strip():
                last = n
        ends[start] = last
    return ends


def outline(guideline: m.Guideline, text: str) -> list[types.DocumentSymbol]:
    lines = Lines(text)
    ends = _ends(lines)
    found: list[tuple[m.Span, str, str, str | None]] = []  # (name span, kind, name, detail)
    here = guideline.filename
    found += [(i.span, "input", i.name, i.label) for i in guideline.inputs if i.span.filename == here]
    found += [(d.span, "definition", d.name, d.text) for d in guideline.definitions]
    for step in guideline.steps:
        found.append((step.span, "decision" if isinstance(step, m.Decision) else "action", step.id, step.label))
    found += [(c.span, "check", c.id, c.label) for c in guideline.checks]
    declared = reasons.declared(guideline)
    found += [(r.span, "recommendation", r.code, reasons.full_text(r, declared)) for r in guideline.recommendations]
    found += [(g.span, "group", g.name, g.label) for g in guideline.groups]
    found += [(s.span, "source", s.key, s.reference) for s in guideline.sources]
    found += [(p.span, "units", p.name, p.label) for p in guideline.profiles]
    found += [(r.span, "reason", r.name, r.text) for r in guideline.reasons]
    for statement in guideline.imports:
        names = ", ".join(r.name for r in statement.names)
        found.append((statement.library.span, "import", f"from {statement.library.name}", names))
    symbols = []
    for span, kind, name, detail in sorted(found, key=lambda f: (f[0].line, f[0].column)):
        if span.filename != here:
            continue
        row = span.line - 1
        last = ends.get(row, row)
        block = types.Range(
            start=types.Position(line=row, character=0),
            end=types.Position(line=last, character=units(lines.line(last))),
        )
        selection = lines.range(span)
        shown = kind + (f" — {one_line(detail)}" if detail else "")
        symbols.append(
            types.DocumentSymbol(name=name, kind=KINDS[kind], range=block, selection_range=selection, detail=shown)
        )
    return symbols
