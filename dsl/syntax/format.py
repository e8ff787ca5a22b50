"""`format_text`: one canonical layout for a guideline, its comments kept where they were.

The language is line oriented, so the layout is a matter of lines:

- **Indentation.** Header lines (`guideline`, `library`, `title`, `version`, `status`), `source`,
  `import` and `reason` lines and block headings (`input`, `define`, `decision`, `action`, `check`,
  `recommendation`, `group`) start at the margin; the lines of a block are indented by two spaces.
- **Spacing inside a line.** One space between tokens; none before a comma or a closing
  parenthesis, none after an opening one; tokens written together stay together (`-5`, `min(`).
  Texts in quotes and units are kept exactly as written. A comment after the code is kept, two
  spaces after it.
- **Order inside a block.** An input's lines come in the order type, `range`, `default`,
  `loinc`, `accepts units`, `accepts`, `alias`, `description`, its `from` lines (each with its
  `map` lines), then `absent`; a recommendation's `text`, its `because` lines, `cites`,
  `urgency`; a group's cardinality, then its members. Lines of one kind keep their order (it can
  mean something: the accepted units, the branches of a decision, a recommendation's reasons),
  and so do the lines of decisions, actions and checks.
- **Blank lines.** None inside a block or between header lines, consecutive `source` lines,
  consecutive `import` lines or consecutive `reason` lines; one before every other block; two
  before a section banner (a comment group whose first line is a rule such as `# -----`). A
  comment group written apart from the line below it (a blank line between) stays apart, by one
  blank line; blank runs inside a comment group become one. The text ends with one line break.
- **Comments** stay with the line they stand above, and move with it when a block's lines are
  put in order. Their text is kept; only their indentation follows the line below them.

Lines are never wrapped: the language has no continuation lines, so a long condition stays one
line. `format_text(format_text(x)) == format_text(x)`, and the formatted text gives the same
program as the original (tests/test_format.py proves both on generated guidelines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dsl.errors import source_lines
from dsl.syntax.parser import CodeLine, code_lines

HEADER = ("guideline", "library", "title", "version", "status")
GROUPED = ("source", "import", "reason")  # consecutive lines of these kinds stand together
HEADINGS = frozenset(
    (*HEADER, *GROUPED, "input", "units", "define", "decision", "action", "check", "recommendation", "group")
)
INDENT = "  "
# The order of a block's lines, by the kind of their record (`dsl.syntax.lines`); kinds not listed
# keep their place after the listed ones.
ORDER: dict[str, tuple[str, ...]] = {
    "input": ("type", "range", "default", "loinc", "profile", "accepts", "alias", "description", "from", "absent"),
    "units": ("accepts", "alias"),
    "recommendation": ("text", "because", "cites", "urgency"),
    "group": ("cardinality", "includes"),
}
BANNER = re.compile(r"#\s*([-=*#~_])\1{2,}")
NO_SPACE_BEFORE = frozenset((",", ")"))
NO_SPACE_AFTER = frozenset(("(",))
FUNCTIONS = frozenset(("min", "max"))
OR_ELSE = re.compile(r"or[ \t]+else")
# Words after which a minus negates: the keywords that come before a value.
OPERATOR_WORDS = frozenset(("as", "when", "and", "or", "not", "is", "to", "range", "default", "else", "of"))


@dataclass
class _Unit:
    """A code line, the comments above it, and whether a blank line stood between them."""

    line: CodeLine
    comments: list[str | None] = field(default_factory=list)  # None: a blank line inside the group
    apart: bool = False  # the comments were separated from the line by a blank line
    blank_before: bool = False  # a blank line stood before the comments (or the line)
    maps: list[_Unit] = field(default_factory=list)  # `map` lines under a `from` line


@dataclass
class _Block:
    heading: _Unit
    lines: list[_Unit] = field(default_factory=list)


def _code(line: CodeLine) -> str:
    out: list[str] = []
    written: list[str] = []  # the tokens so far
    for text, _, _ in line.tokens:
        if OR_ELSE.fullmatch(text):
            text = "or else"
        if written and not _together(written, text):
            out.append(" ")
        out.append(text)
        written.append(text)
    if line.comment is not None:
        out.append("  " + line.comment)
    return "".join(out)


def _together(written: list[str], text: str) -> bool:
    """No space between two tokens: after `(`, before `,` and `)`, between `min`/`max` and its
    parenthesis, and after a minus that negates (one that follows no value)."""
    before = written[-1]
    if before in NO_SPACE_AFTER or text in NO_SPACE_BEFORE:
        return True
    if text == "(" and before in FUNCTIONS:
        return True
    if before == "-":
        return not (len(written) >= 2 and _is_value(written[-2]))
    return False


def _is_value(token: str) -> bool:
    """A token after which a minus subtracts: a name, a number, a closing parenthesis, a unit."""
    return token == ")" or token[0] == "'" or (token[0].isalnum() or token[0] == "_") and token not in OPERATOR_WORDS


def _units(text: str, lines: list[CodeLine]) -> tuple[list[_Unit], list[str | None], bool]:
    """The code lines with the comments above each; then the comments after the last line."""
    source = source_lines(text)
    by_number = {line.line: line for line in lines}
    units: list[_Unit] = []
    comments: list[str | None] = []
    blank_before = apart = False
    for number, raw in enumerate(source, start=1):
        stripped = raw.strip()
        if number in by_number:
            while comments and comments[-1] is None:
                comments.pop()
            units.append(_Unit(by_number[number], comments, apart and bool(comments), blank_before))
            comments, blank_before, apart = [], False, False
        elif not stripped:
            if comments:
                apart = True
                if comments[-1] is not None:
                    comments.append(None)
            else:
                blank_before = True
        else:  # a comment line
            apart = False
            comments.append(stripped)
    while comments and comments[-1] is None:
        comments.pop()
    return units, comments, blank_before


def _blocks(units: list[_Unit]) -> list[_Block]:
    blocks: list[_Block] = []
    for unit in units:
        kind = unit.line.kind
        if kind in HEADINGS or not blocks:
            blocks.append(_Block(unit))
        elif kind == "map" and blocks[-1].lines and blocks[-1].lines[-1].line.kind == "from":
            blocks[-1].lines[-1].maps.append(unit)
        else:
            blocks[-1].lines.append(unit)
    for block in blocks:
        order = ORDER.get(block.heading.line.kind)
        if order is not None:
            rank = {kind: position for position, kind in enumerate(order)}
            block.lines.sort(key=lambda u: rank.get(u.line.kind, len(order)))  # stable: same kinds keep their order
    return blocks


def _comment_lines(comments: list[str | None], indent: str) -> list[str]:
    return [indent + comment if comment is not None else "" for comment in comments]


def _separator(previous: _Block | None, block: _Block) -> int:
    """Blank lines before a block (before the comments above its heading)."""
    if previous is None:
        return 0
    heading = block.heading
    first_comment = next((c for c in heading.comments if c is not None), None)
    if first_comment is not None and BANNER.match(first_comment):
        return 2
    kind, before = heading.line.kind, previous.heading.line.kind
    if not heading.comments and not previous.lines:
        if kind in HEADER and before in HEADER:
            return 0
        if kind in GROUPED and before == kind:
            return 0
    return 1


def _emit_unit(out: list[str], unit: _Unit, indent: str) -> None:
    comments: list[str | None] = unit.comments if not indent else [c for c in unit.comments if c is not None]
    out += _comment_lines(comments, indent)
    if unit.apart:
        out.append("")
    out.append(indent + _code(unit.line))
    for mapped in unit.maps:
        _emit_unit(out, mapped, indent)


def format_text(text: str, filename: str = "<guideline>") -> str:
    """The text in the canonical layout; raises `GuidelineSyntaxError` when it does not parse."""
    _, lines = code_lines(text, filename)
    units, trailing, _ = _units(text, lines)
    out: list[str] = []
    previous: _Block | None = None
    for block in _blocks(units):
        out += [""] * _separator(previous, block)
        _emit_unit(out, block.heading, "")
        for unit in block.lines:
            unit.apart = False  # no blank line inside a block
            _emit_unit(out, unit, INDENT)
        previous = block
    if trailing:
        if out:
            first = next(c for c in trailing if c is not None)
            out += [""] * (2 if BANNER.match(first) else 1)
        out += _comment_lines(trailing, "")
    if not lines and not trailing:
        return ""
    return "\n".join(out) + "\n"
