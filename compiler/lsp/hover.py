"""What hovering over a name shows, as Markdown: the facts of its declaration.

An input: its type, unit, range, default, LOINC codes, accepted units and aliases, its FHIR
binding lines (`from ...`, as written) and, when imported, its library. A definition: its
expression and citations. A recommendation: its text and its reasons apart, citations and urgency.
A reason: its sentence and the recommendations that give it. A unit profile: its units and aliases. A step: its label
and where it goes. A source: its reference. Everything the author wrote is escaped for Markdown
(`markdown`) and shown on one line (`dsl.text.one_line`), so no text can inject markup or
control characters into the editor.
"""

from __future__ import annotations

import re

from compiler.lsp.symbols import Symbol, Table
from dsl import model as m
from dsl import reasons
from dsl.errors import source_lines
from dsl.text import one_line

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def markdown(text: str) -> str:
    """Author text for Markdown: on one line, every character Markdown reads escaped."""
    return _SPECIAL.sub(r"\\\1", one_line(text))


def code(text: str) -> str:
    """Text in a Markdown code span (long enough a fence for any backticks inside)."""
    shown = one_line(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", shown)), default=0) + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


class Facts:
    """The hover text of each symbol of a table."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.g = table.guideline
        self.sources = {s.key: s.reference for s in self.g.sources}
        self.reasons = reasons.declared(self.g)

    def written(self, span: m.Span) -> str:
        """The text a one-line span covers, as written."""
        text = self.table.texts.get(span.filename)
        if text is None or span.line != span.end_line:
            return ""
        lines = source_lines(text)
        return lines[span.line - 1][span.column - 1 : span.end_column - 1] if span.line <= len(lines) else ""

    def hover(self, symbol: Symbol) -> str | None:
        g = self.g
        match symbol.kind:
            case "input":
                found = next((i for i in g.inputs if i.name == symbol.name), None)
                return self.input(found) if found is not None else None
            case "definition":
                definition = next((d for d in g.definitions if d.name == symbol.name), None)
                return self.definition(definition) if definition is not None else None
            case "recommendation":
                rec = next((r for r in g.recommendations if r.code == symbol.name), None)
                return self.recommendation(rec) if rec is not None else None
            case "step":
                step = next((s for s in g.steps if s.id == symbol.name), None)
                return self.step(step) if step is not None else None
            case "check":
                check = next((c for c in g.checks if c.id == symbol.name), None)
                return self.check(check) if check is not None else None
            case "source":
                if symbol.name not in self.sources:
                    return None
                return f"**source** {code(symbol.name)}\n\n{markdown(self.sources[symbol.name])}"
            case "group":
                group = next((x for x in g.groups if x.name == symbol.name), None)
                return self.group(group) if group is not None else None
            case "library":
                return self.library(symbol)
            case "reason":
                reason = self.reasons.get(symbol.name)
                return self.reason(reason) if reason is not None else None
            case "profile":
                profile = next((x for x in g.profiles if x.name == symbol.name), None)
                return self.profile(profile) if profile is not None else None
            case "choice":
                owner = next((i for i in g.inputs if i.name == symbol.owner), None)
                if owner is None or owner.type is None:
                    return None
                values = ", ".join(c.name for c in owner.type.choices)
                return f"**value** {code(symbol.word)} of input {code(owner.name)}\n\none of {code(values)}"
        return None

    def input(self, i: m.Input) -> str:
        head = f"**input** {code(i.name)}" + (f" — {markdown(i.label)}" if i.label else "")
        facts: list[str] = []
        t = i.type
        if t is None:
            facts.append("type: not given")
        elif t.kind == "number":
            facts.append(f"number in {code(t.unit)}" if t.unit else "number")
        elif t.kind == "boolean":
            facts.append("yes or no")
        else:
            facts.append("one of " + code(", ".join(c.name for c in t.choices)))
        if i.low is not None and i.high is not None:
            facts.append(f"range {code(self.written(i.low.span))} to {code(self.written(i.high.span))}")
        if i.default is not None:
            facts.append(f"default {code(self.written(i.default.span) or str(i.default.value))}")
        if i.loinc:
            facts.append("LOINC " + ", ".join(code(r.name) for r in i.loinc))
        if i.accepts:
            facts.append("accepts " + ", ".join(code(r.name) for r in i.accepts))
        if i.aliases:
            facts.append("aliases " + ", ".join(f"{code(a.spelling)} means {code(a.unit)}" for a in i.aliases))
        if i.absent is not None:
            facts.append(f"absent means {code(i.absent.name)}")
        parts = [head, "\n".join(f"- {fact}" for fact in facts)]
        if i.sources:
            lines = [f"- {code('from ' + s.text.removeprefix('from').strip())}" for s in i.sources]
            lines += [f"  - {code(self.written(x.span))}" for s in i.sources for x in s.maps]
            parts.append("FHIR:\n" + "\n".join(lines))
        statement = self.table.imported.get(i.name)
        if statement is not None:
            parts.append(f"imported from library {code(statement.library.name)} ({markdown(i.span.filename)})")
        if i.description:
            parts.append(markdown(i.description))
        return "\n\n".join(parts)

    def citations(self, refs: tuple[m.Ref, ...]) -> str:
        shown = []
        for ref in refs:
            reference = self.sources.get(ref.name)
            shown.append(f"- {code(ref.name)}" + (f": {markdown(reference)}" if reference else " (no such source)"))
        return "cites:\n" + "\n".join(shown)

    def definition(self, d: m.Definition) -> str:
        parts = [f"**definition** {code(d.name)}", code(f"{d.name} = {d.text}")]
        if d.citations:
            parts.append(self.citations(d.citations))
        return "\n\n".join(parts)

    def recommendation(self, r: m.Recommendation) -> str:
        head = f"**recommendation** {code(r.code)}"
        if r.urgency is not None:
            head += f" — urgency {code(r.urgency.name)}"
        parts = [head, markdown(r.text) if r.text else "(no text)"]
        if r.reasons:
            parts.append("because:\n" + "\n".join(f"- {self.because(b)}" for b in r.reasons))
        if r.citations:
            parts.append(self.citations(r.citations))
        return "\n\n".join(parts)

    def because(self, b: m.Because) -> str:
        if b.ref is None:
            return markdown(b.text or "")
        found = self.reasons.get(b.ref.name)
        return f"{code(b.ref.name)}: " + (markdown(found.text) if found is not None else "(no such reason)")

    def reason(self, r: m.Reason) -> str:
        given = [x.code for x in self.g.recommendations if any(b.ref and b.ref.name == r.name for b in x.reasons)]
        parts = [f"**reason** {code(r.name)}", markdown(r.text)]
        parts.append("given by " + (", ".join(code(c) for c in given) if given else "no recommendation"))
        return "\n\n".join(parts)

    def step(self, s: m.Step) -> str:
        kind = "decision" if isinstance(s, m.Decision) else "action"
        head = f"**{kind}** {code(s.id)}" + (f" — {markdown(s.label)}" if s.label else "")
        lines: list[str] = []
        if isinstance(s, m.Decision):
            for branch in s.branches:
                lines.append(f"- when {code(branch.text)} → {self.target(branch.target)}")
            if s.otherwise is not None:
                lines.append(f"- otherwise → {self.target(s.otherwise)}")
        else:
            lines += [f"- recommend {code(r.name)}" for r in s.recommends]
            if s.next is not None:
                lines.append(f"- then → {self.target(s.next)}")
        return "\n\n".join([head, "\n".join(lines)] if lines else [head])

    @staticmethod
    def target(t: m.Target) -> str:
        return code(t.step) if t.step is not None else "end"

    def check(self, c: m.Check) -> str:
        head = f"**check** {code(c.id)}" + (f" — {markdown(c.label)}" if c.label else "")
        rules = [f"- when {code(r.text)} recommend " + ", ".join(code(x.name) for x in r.codes) for r in c.rules]
        return "\n\n".join([head, "\n".join(rules)])

    def group(self, group: m.Group) -> str:
        head = f"**group** {code(group.name)}" + (f" — {markdown(group.label)}" if group.label else "")
        lines = [group.cardinality or "(no cardinality)"] + [code(r.name) for r in group.members]
        return "\n\n".join([head, ", ".join(lines)])

    def profile(self, p: m.UnitProfile) -> str:
        head = f"**units** {code(p.name)}" + (f" — {markdown(p.label)}" if p.label else "")
        facts = ["accepts " + ", ".join(code(r.name) for r in p.accepts)] if p.accepts else []
        if p.aliases:
            facts.append("aliases " + ", ".join(f"{code(a.spelling)} means {code(a.unit)}" for a in p.aliases))
        statement = self.table.imported.get(p.name)
        if statement is not None:
            facts.append(f"imported from library {code(statement.library.name)} ({markdown(p.span.filename)})")
        return "\n\n".join([head, "\n".join(f"- {fact}" for fact in facts)])

    def library(self, symbol: Symbol) -> str:
        names = sorted(n for n, s in self.table.imported.items() if s.library.name == symbol.name)
        where = markdown(symbol.declaration.filename) if symbol.declaration is not None else "not found"
        return f"**library** {code(symbol.name)} ({where})\n\nimported here: " + ", ".join(code(n) for n in names)
