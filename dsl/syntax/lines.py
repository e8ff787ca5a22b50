"""Line records → `Guideline`: each line joins the block the nearest heading line above opened."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from dsl import model as m
from dsl.errors import Diagnostic

Record = tuple[Any, ...]

# Which heading each kind of line belongs under, and how to say so to an author.
HOME = {
    "type": ("input", "an input's type"),
    "range": ("input", "'range'"),
    "default": ("input", "'default'"),
    "loinc": ("input", "'loinc'"),
    "accepts": ("input", "'accepts'"),
    "alias": ("input", "'alias'"),
    "description": ("input", "'description'"),
    "from": ("input", "'from'"),
    "profile": ("input", "'accepts units'"),
    "map": ("input", "'map ... means'"),
    "absent": ("input", "'absent means'"),
    "when": ("decision", "'when ... go to'"),
    "otherwise": ("decision", "'otherwise'"),
    "recommend": ("action", "'recommend'"),
    "then": ("action", "'then'"),
    "check_when": ("check", "'when ... recommend'"),
    "text": ("recommendation", "'text'"),
    "because": ("recommendation", "'because'"),
    "urgency": ("recommendation", "'urgency'"),
    "cardinality": ("group", "a group's cardinality"),
    "includes": ("group", "'includes'"),
}
HEADINGS = {"input", "units", "define", "decision", "action", "check", "recommendation", "group"}
# Lines a block may hold several of, in order.
MANY = ("when", "check_when", "recommend", "loinc", "accepts", "alias", "includes", "from", "profile", "because")
# Lines that also belong under a unit profile (`units NAME`), which holds accepted units and aliases.
PROFILE_LINES = ("accepts", "alias")


@dataclass
class _Block:
    kind: str
    span: m.Span
    ref: m.Ref
    label: str | None
    lines: dict[str, Any] = field(default_factory=dict)
    lists: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, key: str, value: Any) -> None:
        self.lists.setdefault(key, []).append(value)

    def many(self, key: str) -> tuple[Any, ...]:
        return tuple(self.lists.get(key, ()))


class _Assembler:
    def __init__(self, text: str, filename: str) -> None:
        self.text = text
        self.filename = filename
        self.problems: list[Diagnostic] = []
        self.header: dict[str, m.Header] = {}
        self.sources: list[m.Source] = []
        self.imports: list[m.Import] = []
        self.reasons: list[m.Reason] = []
        self.blocks: list[_Block] = []
        self.current: _Block | None = None

    def error(self, span: m.Span, message: str) -> None:
        self.problems.append(Diagnostic(span, message))

    def feed(self, record: Record) -> None:
        kind, span = record[0], record[1]
        if kind in ("guideline", "library", "title", "version", "status"):
            self.current = None
            if kind in self.header:
                first = self.header[kind].span.line
                self.error(span, f"the {self.what()}'s {kind} is already given on line {first}")
            else:
                self.header[kind] = record[2]
        elif kind == "source":
            self.current = None
            self.sources.append(record[2])
        elif kind == "import":
            self.current = None
            self.imports.append(record[2])
        elif kind == "reason":
            self.current = None
            self.reasons.append(record[2])
        elif kind in HEADINGS:
            self.open(kind, record)
        elif kind == "cites":
            self.cites(span, record[2])
        else:
            self.line(kind, span, record)

    def what(self) -> str:
        return "library" if "library" in self.header and "guideline" not in self.header else "guideline"

    def open(self, kind: str, record: Record) -> None:
        span, ref = record[1], record[2]
        if kind == "define":
            block = _Block(kind, span, ref, None)
            block.lines["expr"] = (record[3], record[4])
        else:
            block = _Block(kind, span, ref, record[3] if len(record) > 3 else None)
        self.blocks.append(block)
        self.current = block

    def cites(self, span: m.Span, refs: tuple[m.Ref, ...]) -> None:
        block = self.current
        if block is None or block.kind not in ("define", "recommendation"):
            self.error(span, "'cites' belongs under a 'define' or a 'recommendation'")
            return
        if "cites" in block.lines:
            self.error(span, f"'{block.ref.name}' already has a 'cites' line on line {block.lines['cites'][0].line}")
            return
        block.lines["cites"] = (span, refs)

    def line(self, kind: str, span: m.Span, record: Record) -> None:
        home, words = HOME[kind]
        block = self.current
        if block is not None and block.kind == "units" and kind in PROFILE_LINES:
            block.add(kind, record)
            return
        if block is None or block.kind != home:
            self.error(span, self.misplaced(kind, words, home, block))
            return
        if kind == "map":
            sources = block.lists.get("from")
            if not sources or sources[-1][2].kind != "observation":
                self.error(span, "'map ... means' belongs under a 'from observation' line")
                return
            last = sources[-1]
            maps = (*last[2].maps, record[2])
            sources[-1] = (*last[:2], dataclasses.replace(last[2], maps=maps))
            return
        if kind in MANY:
            if kind == "when" and "otherwise" in block.lines:
                self.error(span, "this branch comes after 'otherwise' and can never be taken")
            if kind == "recommend" and "then" in block.lines:
                self.error(span, "'recommend' comes after 'then': put the recommendations first")
            block.add(kind, record)
            return
        if kind in block.lines:
            earlier = block.lines[kind][1].line
            self.error(span, f"'{block.ref.name}' already has this on line {earlier}")
            return
        block.lines[kind] = record

    @staticmethod
    def misplaced(kind: str, words: str, home: str, block: _Block | None) -> str:
        if kind == "check_when" and block is not None and block.kind == "decision":
            return "in a decision, a branch goes to a step: write 'when CONDITION go to STEP'"
        if kind == "when" and block is not None and block.kind == "check":
            return "in a check, a line adds recommendations: write 'when CONDITION recommend CODE'"
        article = "an" if home[0] in "aeiou" else "a"
        return f"{words} belongs under {article} '{home}' line"

    # ---- freezing ----
    def guideline(self) -> m.Guideline:
        inputs: list[m.Input] = []
        definitions: list[m.Definition] = []
        steps: list[m.Step] = []
        checks: list[m.Check] = []
        recs: list[m.Recommendation] = []
        groups: list[m.Group] = []
        profiles: list[m.UnitProfile] = []
        for block in self.blocks:
            if block.kind == "input":
                inputs.append(self.input(block))
            elif block.kind == "units":
                accepts = tuple(r[2] for r in block.many("accepts"))
                aliases = tuple(r[2] for r in block.many("alias"))
                profiles.append(m.UnitProfile(block.ref.name, block.label, accepts, aliases, block.ref.span))
            elif block.kind == "define":
                expr, text = block.lines["expr"]
                cites = block.lines.get("cites", (None, ()))[1]
                definitions.append(m.Definition(block.ref.name, expr, text, cites, block.ref.span))
            elif block.kind == "decision":
                steps.append(self.decision(block))
            elif block.kind == "action":
                steps.append(self.action(block))
            elif block.kind == "check":
                rules = tuple(m.CheckRule(r[2], r[3], r[4], r[1]) for r in block.many("check_when"))
                if not rules:
                    self.error(block.span, f"check '{block.ref.name}' has no 'when ... recommend' line")
                checks.append(m.Check(block.ref.name, block.label, rules, block.ref.span))
            elif block.kind == "recommendation":
                recs.append(self.recommendation(block))
            else:
                groups.append(self.group(block))
        end = self.text.count("\n") + 1
        return m.Guideline(
            filename=self.filename,
            source_text=self.text,
            id=self.header.get("guideline"),
            library=self.header.get("library"),
            imports=tuple(self.imports),
            title=self.header.get("title"),
            version=self.header.get("version"),
            status=self.header.get("status"),
            sources=tuple(self.sources),
            inputs=tuple(inputs),
            definitions=tuple(definitions),
            steps=tuple(steps),
            checks=tuple(checks),
            recommendations=tuple(recs),
            groups=tuple(groups),
            span=m.Span(self.filename, 1, 1, end, 1),
            profiles=tuple(profiles),
            reasons=tuple(self.reasons),
        )

    def input(self, block: _Block) -> m.Input:
        lines = block.lines
        type_ = lines["type"][2] if "type" in lines else None
        low, high = (lines["range"][2], lines["range"][3]) if "range" in lines else (None, None)
        return m.Input(
            name=block.ref.name,
            label=block.label,
            type=type_,
            low=low,
            high=high,
            default=lines["default"][2] if "default" in lines else None,
            loinc=tuple(r[2] for r in block.many("loinc")),
            accepts=tuple(r[2] for r in block.many("accepts")),
            aliases=tuple(r[2] for r in block.many("alias")),
            description=lines["description"][2] if "description" in lines else None,
            span=block.ref.span,
            sources=tuple(r[2] for r in block.many("from")),
            profiles=tuple(r[2] for r in block.many("profile")),
            absent=lines["absent"][2] if "absent" in lines else None,
        )

    def recommendation(self, block: _Block) -> m.Recommendation:
        text = block.lines.get("text")
        return m.Recommendation(
            block.ref.name,
            text[2] if text else None,
            block.lines.get("cites", (None, ()))[1],
            block.ref.span,
            block.lines["urgency"][2] if "urgency" in block.lines else None,
            reasons=tuple(r[2] for r in block.many("because")),
            text_span=text[3] if text else None,
        )

    def decision(self, block: _Block) -> m.Decision:
        branches = tuple(m.Branch(r[2], r[3], r[4], r[1]) for r in block.many("when"))
        otherwise = block.lines["otherwise"][2] if "otherwise" in block.lines else None
        return m.Decision(block.ref.name, block.label, branches, otherwise, block.ref.span)

    def action(self, block: _Block) -> m.Action:
        recommends = tuple(r[2] for r in block.many("recommend"))
        next_ = block.lines["then"][2] if "then" in block.lines else None
        return m.Action(block.ref.name, block.label, recommends, next_, block.ref.span)

    def group(self, block: _Block) -> m.Group:
        cardinality = block.lines["cardinality"][2] if "cardinality" in block.lines else None
        members = tuple(r[2] for r in block.many("includes"))
        return m.Group(block.ref.name, block.label, cardinality, members, block.ref.span)


def assemble(records: list[Record], text: str, filename: str) -> tuple[m.Guideline, list[Diagnostic]]:
    """Group line records into a `Guideline`; misplaced or repeated lines are reported."""
    assembler = _Assembler(text, filename)
    for record in records:
        assembler.feed(record)
    guideline = assembler.guideline()
    return guideline, assembler.problems
