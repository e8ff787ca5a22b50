"""Text → `Guideline`. Lark's trees and tokens never leave this module.

Every item of the language is one line, so when the whole text does not parse, each line is
parsed on its own: one error per bad line, all reported at once. For the same reason a text is
parsed in blocks of lines, each block's records kept for the next text that has it at the same
line (`_block_records`): a second version of a guideline (`guideline diff`, an editor's next
keystroke) parses again only the blocks that changed.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from importlib import resources
from typing import Any

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from dsl import cache
from dsl import model as m
from dsl.errors import Diagnostic, GuidelineSyntaxError, did_you_mean, source_lines
from dsl.syntax.lines import assemble

KEYWORDS_STARTING_A_LINE = (
    "guideline", "library", "import", "title", "version", "status", "source", "input", "number", "yes", "one", "range",
    "default", "loinc", "accepts", "alias", "description", "define", "cites", "decision", "when",
    "otherwise", "action", "recommend", "then", "check", "recommendation", "text", "urgency", "group",
    "from", "map", "absent", "units", "because", "reason",
    "exactly", "at", "includes",
)  # fmt: skip

# What an author calls the grammar's terminals.
TERMINAL_WORDS = {
    "NAME": "a name",
    "KEY": "a key",
    "STRING": 'a text in double quotes ("...")',
    "NUMBER": "a number",
    "VERSION": "a version such as 1.0.0",
    "LOINC": "a LOINC code such as 777-3",
    "UNIT": "a UCUM unit such as 10*9/L",
    "QUANTITY_UNIT": "a unit in single quotes",
    "COMPARATOR": "a comparison (<, <=, >, >=, =)",
    "FUNCTION": "min( or max(",
    "OR_ELSE": "'or else'",
    "PLUS": "'+'",
    "MINUS": "'-'",
    "STAR": "'*'",
    "SLASH": "'/'",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "_NL": "the end of the line",
    "$END": "the end of the file",
}


def _build(tables_name: str, **options: bool) -> Lark:
    grammar = resources.files("dsl.syntax").joinpath("grammar.lark").read_text(encoding="utf-8")
    # Lark keys its cache of parse tables by the grammar and its own version.
    root = cache.directory()
    tables: str | bool = str(root / tables_name) if root is not None else False
    if root is not None:
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError:
            tables = False
    return Lark(grammar, parser="lalr", maybe_placeholders=False, cache=tables, **options)


@functools.lru_cache(maxsize=1)
def _lark() -> Lark:
    return _build("lark-tables.pickle", propagate_positions=True)


# Limits on one line's expression, as a compiler has (CPython: 200 nested parentheses): deeper
# expressions would exhaust the recursion of the later stages, and no author needs them.
MAX_NESTING = 32
MAX_OPERATORS = 100
# Texts, units in quotes and comments are skipped whole; then parentheses and operators.
_EXPRESSION_TOKEN = re.compile(r"\"(?:\\.|[^\"\\\n])*\"|'[^'\n]*'|#.*|[()]|<=|>=|[-+*/<>=]|\b(?:and|or|not)\b")


def _too_complex(text: str, filename: str) -> list[Diagnostic]:
    """A line whose parentheses nest deeper than `MAX_NESTING`, or with more than `MAX_OPERATORS`
    operators: an error at the parenthesis or the operator past the limit."""
    problems: list[Diagnostic] = []
    for number, line in enumerate(source_lines(text), start=1):
        depth = operators = 0
        for match in _EXPRESSION_TOKEN.finditer(line):
            token, column = match.group(), match.start() + 1
            if token[0] in "\"'#":
                continue
            message = None
            if token == "(":
                depth += 1
                if depth > MAX_NESTING:
                    message = f"parentheses nest more than {MAX_NESTING} deep here: split it into definitions"
            elif token == ")":
                depth = max(0, depth - 1)
            else:
                operators += 1
                if operators > MAX_OPERATORS:
                    message = f"this line has more than {MAX_OPERATORS} operators: split it into definitions"
            if message is not None:
                problems.append(Diagnostic(m.Span(filename, number, column, number, column + len(token)), message))
                break
    return problems


def parse(text: str, filename: str = "<guideline>") -> m.Guideline:
    """Parse a guideline text; raise `GuidelineSyntaxError` listing every syntax error."""
    if not text.endswith("\n"):
        text += "\n"
    too_complex = _too_complex(text, filename)
    if too_complex:
        raise GuidelineSyntaxError(too_complex, text)
    records: list[tuple[Any, ...]] = []
    problems: list[Diagnostic] = []
    lines: list[str] | None = None
    try:
        for first, block in _blocks(text):
            key = (first, block)
            with _KEPT_LOCK:
                found = _KEPT.pop(key, None)
            if found is None:
                lines = source_lines(text) if lines is None else lines
                found = (filename, *_block_records(block, first, filename, lines))
            elif found[0] != filename:  # the same lines in another file (the diff's other version)
                found = (filename, *_refiled(found[1:], filename))
            with _KEPT_LOCK:
                _KEPT[key] = found  # the most recently used last
                while len(_KEPT) > KEPT_BLOCKS:
                    _KEPT.popitem(last=False)
            records += found[1]
            problems += found[2]
    except UnexpectedInput:
        raise GuidelineSyntaxError(_line_errors(text, filename), text) from None
    guideline, assembled = assemble(records, text, filename)
    problems += assembled
    if problems:
        raise GuidelineSyntaxError(problems, text)
    return guideline


BLOCK_LINES = (16, 64)  # a block ends at a blank line once it has the first many lines, or at the second
KEPT_BLOCKS = 4096  # blocks whose records are kept in this process, the least recently used dropped
Kept = tuple[str, tuple[tuple[Any, ...], ...], tuple[Diagnostic, ...]]  # the file's name, records, problems
_KEPT: OrderedDict[tuple[int, str], Kept] = OrderedDict()  # by the block's first line and its text
_KEPT_LOCK = threading.Lock()  # the language server parses from more than one thread


def _blocks(text: str) -> list[tuple[int, str]]:
    """The text (ending in a line break) as blocks of whole lines, each with its first line's
    number: a block ends after a blank line once it is long enough, or when it is too long
    (`BLOCK_LINES`), so that an edit changes the block it is in and leaves the others as they
    were (a block's end depends only on the lines before it in the block)."""
    found: list[tuple[int, str]] = []
    start, first, count = 0, 1, 0
    position = 0
    while position < len(text):
        end = text.index("\n", position) + 1
        count += 1
        if count >= BLOCK_LINES[1] or (count >= BLOCK_LINES[0] and not text[position:end].strip()):
            found.append((first, text[start:end]))
            start, first, count = end, first + count, 0
        position = end
    if start < len(text):
        found.append((first, text[start:]))
    return found


def _refiled(value: Any, filename: str) -> Any:
    """`value` (records, their model objects, diagnostics) with every span in `filename`."""
    if isinstance(value, m.Span):
        return dataclasses.replace(value, filename=filename)
    if isinstance(value, tuple):
        return tuple(_refiled(v, filename) for v in value)
    if isinstance(value, list):
        return [_refiled(v, filename) for v in value]
    if isinstance(value, frozenset):
        return frozenset(_refiled(v, filename) for v in value)
    if isinstance(value, dict):
        return {_refiled(k, filename): _refiled(v, filename) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {}
        for f in dataclasses.fields(value):
            before = getattr(value, f.name)
            after = _refiled(before, filename)
            if after is not before:
                changed[f.name] = after
        return dataclasses.replace(value, **changed) if changed else value
    return value


def _block_records(
    block: str, first: int, filename: str, lines: list[str]
) -> tuple[tuple[tuple[Any, ...], ...], tuple[Diagnostic, ...]]:
    """The records of a block of lines starting at line `first` of a text whose lines are `lines`,
    and the problems found in them; raises `UnexpectedInput` when the block does not parse. The
    block is parsed after `first - 1` line breaks (one token for the lexer), so that every
    position is the one it has in the whole text."""
    tree = _lark().parse("\n" * (first - 1) + block)
    to_records = _ToRecords(lines, filename)
    return tuple(to_records.transform(tree)), tuple(to_records.problems)


@dataclass(frozen=True, slots=True)
class CodeLine:
    """One line of a guideline that holds an item, as the formatter needs it: the line's number,
    the kind of its record (as `dsl.syntax.lines` knows them: "input", "type", "when",
    "check_when", ...), its tokens exactly as written with their columns (1-based, end
    exclusive), and the comment written after them, if any."""

    line: int
    kind: str
    tokens: tuple[tuple[str, int, int], ...]
    comment: str | None


@functools.lru_cache(maxsize=1)
def _lark_all_tokens() -> Lark:
    """The same grammar, keeping every token (keywords, commas, parentheses) in the tree."""
    return _build("lark-tables-all-tokens.pickle", keep_all_tokens=True)


def code_lines(text: str, filename: str = "<guideline>") -> tuple[m.Guideline, list[CodeLine]]:
    """The model of a text that parses (else `GuidelineSyntaxError`), and each of its code lines."""
    guideline = parse(text, filename)
    if not text.endswith("\n"):
        text += "\n"
    records = _ToRecords(source_lines(text), filename).transform(_lark().parse(text))
    kinds = {record[1].line: record[0] for record in records}
    by_line: dict[int, list[tuple[str, int, int]]] = {}
    for token in _lark_all_tokens().parse(text).scan_values(lambda v: isinstance(v, Token)):
        if token.type != "_NL" and token.line is not None and token.column is not None:
            end = token.end_column if token.end_column is not None else token.column + len(token)
            by_line.setdefault(token.line, []).append((str(token), token.column, end))
    lines = source_lines(text)
    found: list[CodeLine] = []
    for number in sorted(by_line):
        tokens = sorted(by_line[number], key=lambda t: t[1])
        rest = lines[number - 1][tokens[-1][2] - 1 :].strip()
        found.append(CodeLine(number, kinds[number], tuple(tokens), rest if rest.startswith("#") else None))
    return guideline, found


def _line_errors(text: str, filename: str) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for number, line in enumerate(source_lines(text), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            _lark().parse(line + "\n")
        except UnexpectedInput as error:
            problems.append(_explain(error, line, filename, number))
    if not problems:  # each line parses alone but not together: cannot happen with this grammar
        problems.append(Diagnostic(m.Span(filename, 1, 1, 1, 2), "the text could not be read"))
    return problems


def _explain(error: UnexpectedInput, line: str, filename: str, number: int) -> Diagnostic:
    column = getattr(error, "column", None)
    if not isinstance(column, int) or column < 1:
        column = len(line.rstrip()) + 1
    width = 1
    if isinstance(error, UnexpectedCharacters):
        message = _explain_character(line, column)
    elif isinstance(error, (UnexpectedToken, UnexpectedEOF)):
        token = getattr(error, "token", None)
        expected = set(getattr(error, "expected", ()) or ())
        if isinstance(token, Token) and token.type not in ("_NL", "$END"):
            width = max(1, len(str(token)))
        message = _explain_token(line, column, token, expected)
        if message.endswith("found 'go to'"):  # point at 'go', read as a name, not at 'to'
            go = line.rfind("go", 0, column - 1) + 1
            column, width = go, column + width - go
    else:  # pragma: no cover - lark raises only the three above
        message = "this line could not be read"
    span = m.Span(filename, number, column, number, column + width)
    return Diagnostic(span, message)


def _explain_character(line: str, column: int) -> str:
    char = line[column - 1] if column - 1 < len(line) else ""
    if char == '"':
        return 'this text is not closed: end it with " on the same line'
    if char == "'":
        return "this unit is not closed: end it with ' on the same line"
    before = line[: column - 1].split()
    if before and before[0] in ("when", "define") or "(" in line[: column - 1]:
        return f"'{char}' cannot be used in a condition"
    return f"unexpected character '{char}'"


def _explain_token(line: str, column: int, token: Token | None, expected: set[str]) -> str:
    words = line[: column - 1].split()
    found = _describe(token)
    if not words:
        first = str(token) if token is not None else ""
        return f"'{first}' does not start a line{did_you_mean(first, KEYWORDS_STARTING_A_LINE)}"
    previous = words[-1]
    if words[0] in ("range", "default") and token is not None and token.type == "QUANTITY_UNIT":
        return f"'{words[0]}' is written in the input's own unit ('number in ...'), without one: remove {token}"
    if previous == "go" and str(token) == "to" and len(words) >= 2:
        # `go` was read as a name because the condition or value before it is missing.
        what = "a condition" if words[:-1] == ["when"] else "a value"
        return f"expected {what} after '{words[-2]}', found 'go to'"
    if {"NAME", "NUMBER"} <= expected:
        what = "a condition" if words == ["when"] else "a value"
        return f"expected {what} after '{previous}', found {found}"
    if previous == "to" and words[-2:-1] == ["go"]:
        return f"expected the name of a step after 'go to', found {found}"
    if len(expected) > 5 and token is not None and token.type not in ("_NL", "$END"):
        hint = ""
        if re.fullmatch(r"-?[0-9.]+", previous) and re.fullmatch(
            r"[A-Za-z0-9*/.^%\[\]{}-]*[A-Za-z%][A-Za-z0-9*/.^%\[\]{}-]*", str(token)
        ):
            hint = f": a unit after a number goes in single quotes, as in {previous} '{token}'"
        return f"{found} cannot follow '{previous}' here{hint}"
    if token is not None and token.type in ("_NL", "$END"):
        return f"this line ends too early: expected {_expected_words(expected)} after '{previous}'"
    return f"expected {_expected_words(expected)} after '{previous}', found {found}"


def _describe(token: Token | None) -> str:
    if token is None or token.type in ("_NL", "$END"):
        return "the end of the line"
    return f"'{token}'"


def _expected_words(expected: set[str]) -> str:
    words = sorted({TERMINAL_WORDS.get(t, f"'{t.lower()}'") for t in expected})
    if len(words) > 6:
        words = words[:6] + ["..."]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}


def _unquote(token: Token, filename: str, problems: list[Diagnostic]) -> str:
    def replace(match: re.Match[str]) -> str:
        escaped = match.group(1)
        if escaped in _ESCAPES:
            return _ESCAPES[escaped]
        column = (token.column or 1) + 1 + match.start()  # the text starts after its opening quote
        line = token.line or 1
        span = m.Span(filename, line, column, line, column + 2)
        problems.append(Diagnostic(span, f"unknown escape '\\{escaped}' in a text: write \\\\ for a backslash"))
        return escaped

    return re.sub(r"\\(.)", replace, str(token)[1:-1])


class _ToRecords(Transformer[Token, list[tuple[Any, ...]]]):
    """Turns each line into a record `(kind, span, *values)` for the assembler.

    Every rule method takes `(meta, children)`. They are called directly rather than through
    lark's `v_args(meta=True)`, whose wrapper is rebuilt on every call and doubled parse time.
    """

    def _call_userfunc(self, tree: Any, new_children: Any = None) -> Any:
        children = new_children if new_children is not None else tree.children
        method = getattr(self, tree.data, None)
        if method is None:  # every rule of the grammar has a method; a new rule without one fails loudly
            raise NotImplementedError(f"no method for the grammar rule '{tree.data}'")
        return method(tree.meta, children)

    def __init__(self, lines: list[str], filename: str) -> None:
        super().__init__()
        self.lines = lines  # the whole text's (`source_lines`)
        self.filename = filename
        self.problems: list[Diagnostic] = []

    # ---- helpers ----
    def span(self, meta: Any) -> m.Span:
        return m.Span(self.filename, meta.line, meta.column, meta.end_line, meta.end_column)

    def tspan(self, token: Token) -> m.Span:
        line = token.line or 1
        return m.Span(self.filename, line, token.column or 1, token.end_line or line, token.end_column or 1)

    def ref(self, token: Token) -> m.Ref:
        return m.Ref(str(token), self.tspan(token))

    def string(self, token: Token) -> str:
        return _unquote(token, self.filename, self.problems)

    def written(self, expr: m.Expr) -> str:
        """An expression exactly as the author wrote it (expressions never span lines)."""
        span = expr.span
        return self.lines[span.line - 1][span.column - 1 : span.end_column - 1]

    def strings(self, children: list[Any]) -> list[str]:
        return [self.string(c) for c in children if isinstance(c, Token) and c.type == "STRING"]

    # ---- the file ----
    def start(self, meta: Any, children: list[Any]) -> list[tuple[Any, ...]]:
        return [c for c in children if isinstance(c, tuple)]

    # ---- header ----
    def guideline_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("guideline", self.span(meta), m.Header(str(c[0]), self.tspan(c[0])))

    def title_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("title", self.span(meta), m.Header(self.string(c[0]), self.tspan(c[0])))

    def version_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("version", self.span(meta), m.Header(str(c[0]), self.tspan(c[0])))

    def status_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("status", self.span(meta), m.Header(str(c[0]), self.tspan(c[0])))

    def source_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("source", self.span(meta), m.Source(str(c[0]), self.string(c[1]), self.tspan(c[0])))

    def library_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("library", self.span(meta), m.Header(str(c[0]), self.tspan(c[0])))

    def import_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        names = tuple(self.ref(t) for t in c[:-1])
        return ("import", self.span(meta), m.Import(names, self.ref(c[-1]), self.span(meta)))

    # ---- inputs ----
    def input_head(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        label = self.strings(c[1:])
        return ("input", self.span(meta), self.ref(c[0]), label[0] if label else None)

    def number_type(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("type", self.span(meta), m.InputType("number", str(c[0]), (), self.span(meta), self.tspan(c[0])))

    def plain_number_type(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("type", self.span(meta), m.InputType("number", None, (), self.span(meta)))

    def boolean_type(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("type", self.span(meta), m.InputType("boolean", None, (), self.span(meta)))

    def choice_type(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        choices = tuple(self.ref(t) for t in c if isinstance(t, Token) and t.type == "NAME")
        return ("type", self.span(meta), m.InputType("choice", None, choices, self.span(meta)))

    def signed_number(self, meta: Any, c: list[Any]) -> m.Literal_:
        text = "".join(str(t) for t in c)
        return m.Literal_(float(text), self.span(meta))

    def range(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("range", self.span(meta), c[0], c[1])

    def default(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        value = c[0]
        if isinstance(value, m.Boolean):
            value = m.Literal_(value.value, value.span)
        elif isinstance(value, m.Name):
            value = m.Literal_(value.name, value.span)
        return ("default", self.span(meta), value)

    def literal(self, meta: Any, c: list[Any]) -> Any:
        return c[0]

    def loinc(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("loinc", self.span(meta), self.ref(c[0]))

    def accepts(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("accepts", self.span(meta), self.ref(c[0]))

    def accepts_profile(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("profile", self.span(meta), self.ref(c[0]))

    def units_head(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        label = self.strings(c[1:])
        return ("units", self.span(meta), self.ref(c[0]), label[0] if label else None)

    def alias(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("alias", self.span(meta), m.Alias(str(c[0]), str(c[1]), self.tspan(c[0])))

    def description(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("description", self.span(meta), self.string(c[0]))

    # ---- where an input comes from in a FHIR record ----
    def line_text(self, meta: Any) -> str:
        line: str = self.lines[meta.line - 1]
        return line[meta.column - 1 : meta.end_column - 1]

    def value(self, value: Any) -> m.Literal_:
        if isinstance(value, m.Boolean):
            return m.Literal_(value.value, value.span)
        if isinstance(value, m.Name):
            return m.Literal_(value.name, value.span)
        return value  # type: ignore[no-any-return]

    def source(self, meta: Any, kind: m.SourceKind, **parts: Any) -> tuple[Any, ...]:
        fields: dict[str, Any] = {
            "codes": (), "component": None, "before_first": None, "within": None, "unit": None,
            "value": None, "of": None, "count": None,
        }  # fmt: skip
        fields.update(parts)
        return ("from", self.span(meta), m.FromLine(kind, text=self.line_text(meta), span=self.span(meta), **fields))

    def from_record(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        resource, parts = c[0]
        return self.source(meta, resource, **parts)

    def record_source(self, meta: Any, c: list[Any]) -> tuple[str, dict[str, Any]]:
        # The codes come as a tuple of `CodeRef`s; every other part as (field, value).
        parts = dict(("codes", part) if isinstance(part[0], m.CodeRef) else part for part in c[1:])
        return str(c[0]), parts

    def codes(self, meta: Any, c: list[Any]) -> tuple[m.CodeRef, ...]:
        found: list[m.CodeRef] = [c[0]]
        system = c[0].system
        for token in c[1:]:
            if token.type == "SYSTEM":
                system = str(token)
            else:
                found.append(m.CodeRef(system, str(token), self.tspan(token)))
        return tuple(found)

    def code(self, meta: Any, c: list[Any]) -> m.CodeRef:
        return m.CodeRef(str(c[0]), str(c[1]), self.tspan(c[1]))

    def component(self, meta: Any, c: list[Any]) -> tuple[str, Any]:
        return "component", (c[0], c[1])

    def before_first(self, meta: Any, c: list[Any]) -> tuple[str, Any]:
        return "before_first", c[0]

    def within(self, meta: Any, c: list[Any]) -> tuple[str, Any]:
        return "within", m.Literal_(float(c[0]), self.tspan(c[0]))

    def recorded_unit(self, meta: Any, c: list[Any]) -> tuple[str, Any]:
        return "unit", self.ref(c[0])

    def means(self, meta: Any, c: list[Any]) -> tuple[str, Any]:
        return "value", self.value(c[0])

    def from_reference_range(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return self.source(meta, "reference range", of=self.ref(c[0]))

    def from_trend(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        count = m.Literal_(float(c[1]), self.tspan(c[1]))
        within = m.Literal_(float(c[2]), self.tspan(c[2]))
        return self.source(meta, "trend", of=self.ref(c[0]), count=count, within=within)

    def from_months_since(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return self.source(meta, "months since", codes=c[0])

    def map_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("map", self.span(meta), m.MapLine(c[0], self.value(c[1]), self.span(meta)))

    def absent(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("absent", self.span(meta), self.ref(c[0]))

    # ---- definitions ----
    def define_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("define", self.span(meta), self.ref(c[0]), c[1], self.written(c[1]))

    def cites_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("cites", self.span(meta), tuple(self.ref(t) for t in c))

    # ---- steps ----
    def decision_head(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        label = self.strings(c[1:])
        return ("decision", self.span(meta), self.ref(c[0]), label[0] if label else None)

    def when_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("when", self.span(meta), c[0], self.written(c[0]), c[1])

    def otherwise_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("otherwise", self.span(meta), c[0])

    def action_head(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        label = self.strings(c[1:])
        return ("action", self.span(meta), self.ref(c[0]), label[0] if label else None)

    def recommend_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("recommend", self.span(meta), self.ref(c[0]))

    def then_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("then", self.span(meta), c[0])

    def go_to(self, meta: Any, c: list[Any]) -> m.Target:
        return m.Target(str(c[0]), self.tspan(c[0]))

    def end(self, meta: Any, c: list[Any]) -> m.Target:
        return m.Target(None, self.span(meta))

    # ---- checks ----
    def check_head(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        label = self.strings(c[1:])
        return ("check", self.span(meta), self.ref(c[0]), label[0] if label else None)

    def check_when_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        codes = tuple(self.ref(t) for t in c[1:])
        return ("check_when", self.span(meta), c[0], self.written(c[0]), codes)

    # ---- recommendations and groups ----
    def recommendation_head(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("recommendation", self.span(meta), self.ref(c[0]))

    def text_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("text", self.span(meta), self.string(c[0]), self.tspan(c[0]))

    def because_text(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("because", self.span(meta), m.Because(self.string(c[0]), None, self.tspan(c[0])))

    def because_name(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("because", self.span(meta), m.Because(None, self.ref(c[0]), self.tspan(c[0])))

    def reason_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        reason = m.Reason(str(c[0]), self.string(c[1]), self.tspan(c[0]), self.tspan(c[1]))
        return ("reason", self.span(meta), reason)

    def urgency_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("urgency", self.span(meta), self.ref(c[0]))

    def group_head(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        label = self.strings(c[1:])
        return ("group", self.span(meta), self.ref(c[0]), label[0] if label else None)

    def exactly_one(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("cardinality", self.span(meta), "exactly one")

    def at_most_one(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("cardinality", self.span(meta), "at most one")

    def at_least_one(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("cardinality", self.span(meta), "at least one")

    def includes_line(self, meta: Any, c: list[Any]) -> tuple[Any, ...]:
        return ("includes", self.span(meta), self.ref(c[0]))

    # ---- expressions ----
    # An aliased `?rule` is not inlined by lark when it has one child: collapse it here.
    def or_(self, meta: Any, c: list[Any]) -> m.Expr:
        return c[0] if len(c) == 1 else m.Logical("or", tuple(c), self.span(meta))

    def and_(self, meta: Any, c: list[Any]) -> m.Expr:
        return c[0] if len(c) == 1 else m.Logical("and", tuple(c), self.span(meta))

    def not_(self, meta: Any, c: list[Any]) -> m.Expr:
        return m.Not(c[0], self.span(meta))

    def compare(self, meta: Any, c: list[Any]) -> m.Expr:
        return m.Compare(str(c[1]), c[0], c[2], self.span(meta))  # type: ignore[arg-type]

    def is_(self, meta: Any, c: list[Any]) -> m.Expr:
        return m.Compare("=", c[0], c[1], self.span(meta))

    def is_not(self, meta: Any, c: list[Any]) -> m.Expr:
        return m.Compare("!=", c[0], c[1], self.span(meta))

    def is_known(self, meta: Any, c: list[Any]) -> m.Expr:
        return m.KnownTest(c[0], True, self.span(meta))

    def is_unknown(self, meta: Any, c: list[Any]) -> m.Expr:
        return m.KnownTest(c[0], False, self.span(meta))

    def fallback(self, meta: Any, c: list[Any]) -> m.Expr:
        operands = tuple(x for x in c if not isinstance(x, Token))
        return operands[0] if len(operands) == 1 else m.Fallback(operands, self.span(meta))

    def arith(self, meta: Any, c: list[Any]) -> m.Expr:
        result = c[0]
        for op, right in zip(c[1::2], c[2::2], strict=True):
            start, end = result.span, right.span
            span = m.Span(self.filename, start.line, start.column, end.end_line, end.end_column)
            result = m.Arith(str(op), result, right, span)  # type: ignore[arg-type]
        return result  # type: ignore[no-any-return]

    def negate(self, meta: Any, c: list[Any]) -> m.Expr:
        return m.Negate(c[1], self.span(meta))

    def parenthesized(self, meta: Any, c: list[Any]) -> m.Expr:
        # Keep the brackets inside the span so the written condition text includes them.
        return dataclasses.replace(c[1], span=self.span(meta))  # type: ignore[no-any-return]

    def number(self, meta: Any, c: list[Any]) -> m.Expr:
        unit = str(c[1])[1:-1] if len(c) > 1 else None
        return m.Number(float(c[0]), unit, str(c[0]), self.span(meta))

    def yes(self, meta: Any, c: list[Any]) -> m.Expr:
        return m.Boolean(True, self.span(meta))

    def no(self, meta: Any, c: list[Any]) -> m.Expr:
        return m.Boolean(False, self.span(meta))

    def name(self, meta: Any, c: list[Any]) -> m.Expr:
        return m.Name(str(c[0]), self.tspan(c[0]))

    def call(self, meta: Any, c: list[Any]) -> m.Expr:
        return m.Call(str(c[0]), tuple(c[1:]), self.span(meta))  # type: ignore[arg-type]
