"""Completion: what may come next at the cursor, from the line as typed and the names the last
model that parsed declares.

The context is read from the text before the cursor on its line (the language is one item per
line) and from the heading of the block the line is in (the nearest `input`, `define`,
`decision`, ... line above it):

- at the start of a line: the keywords that may start a line there (the block's own lines, and
  every heading);
- after `go to`: step ids; after `recommend` or `includes` (and after a comma in a check's
  `recommend` list): recommendation codes; after `cites` (and its commas): citation keys; after
  `because`: the reasons declared (`reason NAME`); after `accepts units`: unit profiles;
- after `NAME is` / `NAME is not`: the input's choices (`yes`/`no` for a yes/no input), and
  `known`/`unknown`;
- after `number in`, `accepts`, `alias`, `alias X means`, `in` of a `from` line: units;
- after `from` in an `import` line: the libraries beside the guideline (`dsl.libraries`);
- after `import` (and its commas): the inputs those libraries declare are not known without
  reading them, so the names already imported elsewhere are offered;
- inside a condition (`when`, `define NAME as`): inputs, definitions and expression keywords;
- after `urgency`, `status`, `absent means`: their fixed values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsprotocol import types

from compiler.lsp.symbols import Table
from dsl import model as m

HEADINGS = ("input", "define", "decision", "action", "check", "recommendation", "group", "units")
TOP = ("guideline", "library", "title", "version", "status", "source", "import", "reason", *HEADINGS)
PROPERTIES: dict[str, tuple[str, ...]] = {
    "input": (
        "number in", "number", "yes or no", "one of", "range", "default", "loinc", "accepts", "accepts units", "alias",
        "description", "from observation", "from condition", "from medication", "from reference range of",
        "from trend of", "from months since first medication", "map", "absent means",
    ),
    "define": ("cites",),
    "decision": ("when", "otherwise go to"),
    "action": ("recommend", "then go to", "then end"),
    "check": ("when",),
    "recommendation": ("text", "because", "cites", "urgency"),
    "group": ("exactly one", "at most one", "at least one", "includes"),
    "units": ("accepts", "alias"),
}  # fmt: skip
EXPRESSION = ("and", "or", "not", "is", "is not", "is known", "is unknown", "or else", "min", "max", "yes", "no")
URGENCIES = ("critical", "warning", "info")
STATUSES = ("draft", "active", "retired")
# Units a clinical guideline commonly declares (UCUM), offered with those the text already uses.
UNITS = (
    "10*9/L", "10*3/uL", "10*12/L", "/uL", "/mm3", "g/dL", "g/L", "mg/dL", "mmol/L", "umol/L", "mg", "mg/kg",
    "kg", "g", "cm", "m2", "%", "mm[Hg]", "/min", "Cel", "mL/min", "mL/min/{1.73_m2}", "U/L", "[iU]/L", "a", "mo",
    "wk", "d", "h", "min", "s",
)  # fmt: skip
WORD = re.compile(r"[A-Za-z0-9_.\-*/^%\[\]{}]*\Z")


@dataclass(frozen=True)
class Offer:
    label: str
    kind: types.CompletionItemKind
    detail: str | None = None


def block_of(lines: list[str], row: int) -> tuple[str | None, str]:
    """The heading of the block the 0-based line `row` is in, and the name it declares (None:
    the header, or no block)."""
    for index in range(row - 1, -1, -1):
        words = lines[index].split("#", 1)[0].split()
        if not words:
            continue
        if words[0] in HEADINGS:
            return words[0], words[1] if len(words) > 1 else ""
        if words[0] in TOP:
            return None, ""
    return None, ""


def _keywords(words: tuple[str, ...], detail: str) -> list[Offer]:
    return [Offer(w, types.CompletionItemKind.Keyword, detail) for w in words]


def _units(table: Table | None) -> list[Offer]:
    used: set[str] = set(UNITS)
    if table is not None:
        for i in table.guideline.inputs:
            if i.type is not None and i.type.unit:
                used.add(i.type.unit)
            used.update(r.name for r in i.accepts)
            used.update(a.spelling for a in i.aliases)
        for profile in table.guideline.profiles:
            used.update(r.name for r in profile.accepts)
            used.update(a.spelling for a in profile.aliases)
    return [Offer(u, types.CompletionItemKind.Unit, "unit") for u in sorted(used)]


def _names(table: Table | None, *kinds: str) -> list[Offer]:
    if table is None:
        return []
    kind_of = {
        "input": types.CompletionItemKind.Variable,
        "definition": types.CompletionItemKind.Function,
        "step": types.CompletionItemKind.Class,
        "recommendation": types.CompletionItemKind.Constant,
        "source": types.CompletionItemKind.Reference,
        "profile": types.CompletionItemKind.Unit,
        "reason": types.CompletionItemKind.Text,
    }
    return [
        Offer(s.name, kind_of.get(s.kind, types.CompletionItemKind.Text), s.kind)
        for s in table.of_kind(*kinds)  # type: ignore[arg-type]
        if s.declaration is not None or s.kind == "profile"  # an imported profile: only its name is known
    ]


def _values_of(table: Table | None, name: str) -> list[Offer]:
    found: list[Offer] = []
    model: m.Input | None = None
    if table is not None:
        model = next((i for i in table.guideline.inputs if i.name == name), None)
    if model is not None and model.type is not None:
        if model.type.kind == "choice":
            found = [Offer(c.name, types.CompletionItemKind.EnumMember, f"value of {name}") for c in model.type.choices]
        elif model.type.kind == "boolean":
            found = _keywords(("yes", "no"), f"value of {name}")
    return found + _keywords(("known", "unknown", "not"), "test")


def offers(lines: list[str], row: int, column: int, table: Table | None, libraries: list[str]) -> list[Offer]:
    """What may be written at 0-based (row, column) of the text, given as lines."""
    line = lines[row] if row < len(lines) else ""
    before = line[:column]
    if "#" in before.split('"')[0] or before.count('"') % 2 == 1:
        return []  # in a comment or a text
    partial = WORD.search(before)
    start = before[: partial.start()] if partial is not None else before
    words = start.split()
    block, declared = block_of(lines, row)
    if not words:
        own = PROPERTIES.get(block, ()) if block is not None else ()
        return _keywords(own, f"in {block}") + _keywords(TOP, "starts a block")
    first, last = words[0], words[-1]
    if start.rstrip().endswith("go to") or (last == "go" and first in ("when", "otherwise", "then")):
        return _names(table, "step") if last == "to" else _keywords(("to",), "go to")
    if first == "import":
        if last == "from":
            return [Offer(n, types.CompletionItemKind.Module, "library") for n in libraries]
        if last == "import" or last.endswith(","):
            return [Offer(n, types.CompletionItemKind.Variable, "imported input") for n in _imported(table)]
        return _keywords(("from",), "import")
    if last in ("cites",) or (first == "cites" and last.endswith(",")):
        return _names(table, "source")
    if last in ("recommend", "includes") or (first == "when" and "recommend" in words and last.endswith(",")):
        return _names(table, "recommendation")
    if first == "urgency" and len(words) == 1:
        return _keywords(URGENCIES, "urgency")
    if first == "status" and len(words) == 1:
        return _keywords(STATUSES, "status")
    if words[-2:] == ["absent", "means"]:
        return _keywords(("no", "unknown"), "absent means")
    if words == ["accepts", "units"]:
        return _names(table, "profile")
    if words == ["because"]:
        return _names(table, "reason")
    if words in (["number", "in"], ["accepts"], ["alias"]) or (first in ("alias", "from") and last in ("means", "in")):
        if not (first == "from" and last == "means"):
            return _units(table)
    if block == "input" and (last == "default" or (first in ("from", "map") and last == "means")):
        values = _values_of(table, declared)
        return [o for o in values if o.kind == types.CompletionItemKind.EnumMember or o.label in ("yes", "no")]
    if first == "from" and last == "of":
        return _names(table, "input")
    if last in ("is", "not") and len(words) >= 2:
        subject = words[-2] if last == "is" else words[-3] if len(words) >= 3 and words[-2] == "is" else ""
        if subject:
            return _values_of(table, subject)
    if first == "when" or (first == "define" and "as" in words):
        return _names(table, "input", "definition") + _keywords(EXPRESSION, "expression")
    return []


def _imported(table: Table | None) -> list[str]:
    return sorted(table.imported) if table is not None else []


def items(found: list[Offer]) -> list[types.CompletionItem]:
    return [
        types.CompletionItem(label=o.label, kind=o.kind, detail=o.detail, sort_text=f"{n:05d}")
        for n, o in enumerate(found)
    ]
