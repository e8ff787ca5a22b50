"""The typed model of a guideline: frozen dataclasses, each carrying the span it was written at."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Span:
    """Where something was written: 1-based line and column, end exclusive."""

    filename: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.filename}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Ref:
    """A name used somewhere, with the place it was used."""

    name: str
    span: Span


# ---- expressions ----


@dataclass(frozen=True, slots=True)
class Number:
    value: float
    unit: str | None  # a UCUM unit written after the number, or None
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Boolean:
    value: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Name:
    """An input, a definition or a choice value; which one is decided by the checker."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Logical:
    op: Literal["and", "or"]
    operands: tuple[Expr, ...]
    span: Span


Comparator = Literal["<", "<=", ">", ">=", "=", "!="]


@dataclass(frozen=True, slots=True)
class Compare:
    op: Comparator
    left: Expr
    right: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class KnownTest:
    operand: Expr
    known: bool  # True for `is known`, False for `is unknown`
    span: Span


@dataclass(frozen=True, slots=True)
class Fallback:
    """`a or else b`: the first operand that is known."""

    operands: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Arith:
    op: Literal["+", "-", "*", "/"]
    left: Expr
    right: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Negate:
    operand: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Call:
    function: Literal["min", "max"]
    args: tuple[Expr, ...]
    span: Span


Expr = Number | Boolean | Name | Not | Logical | Compare | KnownTest | Fallback | Arith | Negate | Call


# ---- declarations ----


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    reference: str
    span: Span


@dataclass(frozen=True, slots=True)
class InputType:
    kind: Literal["number", "boolean", "choice"]
    unit: str | None  # UCUM unit of a number; None for a plain number
    choices: tuple[Ref, ...]
    span: Span
    unit_span: Span | None = None


@dataclass(frozen=True, slots=True)
class Alias:
    spelling: str
    unit: str
    span: Span


@dataclass(frozen=True, slots=True)
class Literal_:
    """A constant written in a declaration (`default 150`, `default no`, `default taking`)."""

    value: float | bool | str
    span: Span


@dataclass(frozen=True, slots=True)
class CodeRef:
    """A code as written after its code system's word: `loinc 777-3`, `icd10 K50.*`."""

    system: str
    code: str
    span: Span


@dataclass(frozen=True, slots=True)
class MapLine:
    """`map CODE means VALUE`, under a `from observation` line."""

    code: CodeRef
    value: Literal_
    span: Span


SourceKind = Literal["observation", "condition", "medication", "reference range", "trend", "months since"]


@dataclass(frozen=True, slots=True)
class FromLine:
    """A `from ...` line of an input: where it comes from in a FHIR record (docs/fhir.md)."""

    kind: SourceKind
    codes: tuple[CodeRef, ...]
    component: tuple[CodeRef, CodeRef] | None
    before_first: tuple[CodeRef, ...] | None
    within: Literal_ | None  # days
    unit: Ref | None  # `in UNIT`: the unit the record holds
    value: Literal_ | None  # `means VALUE`
    of: Ref | None  # the input a derivation reads
    count: Literal_ | None  # a trend's number of values
    text: str  # the line as written
    span: Span
    maps: tuple[MapLine, ...] = ()


@dataclass(frozen=True, slots=True)
class UnitProfile:
    """`units NAME "label"`: accepted units and aliases declared once, for the inputs that say
    `accepts units NAME` (a count's spellings, for every count)."""

    name: str
    label: str | None
    accepts: tuple[Ref, ...]
    aliases: tuple[Alias, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Input:
    name: str
    label: str | None
    type: InputType | None  # None when the author left the type line out (reported by the checker)
    low: Literal_ | None
    high: Literal_ | None
    default: Literal_ | None
    loinc: tuple[Ref, ...]
    accepts: tuple[Ref, ...]
    aliases: tuple[Alias, ...]
    description: str | None
    span: Span
    sources: tuple[FromLine, ...] = ()  # its `from` lines, with their `map` lines
    absent: Ref | None = None  # `absent means no|unknown`
    profiles: tuple[Ref, ...] = ()  # `accepts units NAME`: the profiles whose units it accepts


@dataclass(frozen=True, slots=True)
class Definition:
    name: str
    expr: Expr
    text: str
    citations: tuple[Ref, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Target:
    step: str | None  # None: the pathway ends here
    span: Span


@dataclass(frozen=True, slots=True)
class Branch:
    condition: Expr
    text: str  # the condition exactly as written
    target: Target
    span: Span


@dataclass(frozen=True, slots=True)
class Decision:
    id: str
    label: str | None
    branches: tuple[Branch, ...]
    otherwise: Target | None
    span: Span


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    label: str | None
    recommends: tuple[Ref, ...]
    next: Target | None
    span: Span


Step = Decision | Action


@dataclass(frozen=True, slots=True)
class CheckRule:
    condition: Expr
    text: str
    codes: tuple[Ref, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    label: str | None
    rules: tuple[CheckRule, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Reason:
    """`reason NAME "sentence"`: a reason several recommendations give, declared once and named."""

    name: str
    text: str
    span: Span  # the name's
    text_span: Span | None = None  # the sentence's, in quotes


@dataclass(frozen=True, slots=True)
class Because:
    """A `because` line of a recommendation: its reason written there (`because "..."`, `text`)
    or named (`because NAME`, `ref`); exactly one of the two is set."""

    text: str | None
    ref: Ref | None
    span: Span  # the sentence in quotes, or the name


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A recommendation as written: its text, then its reasons (`dsl.reasons` composes the full
    text, `TEXT: REASON REASON`, that every backend shows)."""

    code: str
    text: str | None
    citations: tuple[Ref, ...]
    span: Span
    urgency: Ref | None = None  # `urgency critical|warning|info`, for alert cards
    reasons: tuple[Because, ...] = ()  # its `because` lines, in order
    text_span: Span | None = None  # the text in quotes


Cardinality = Literal["exactly one", "at most one", "at least one"]


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    label: str | None
    cardinality: Cardinality | None
    members: tuple[Ref, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Header:
    """A header line (`guideline`, `title`, `version`, `status`) and its value."""

    value: str
    span: Span


@dataclass(frozen=True, slots=True)
class Import:
    """`import a, b from library`: inputs declared once, in `common/library.guideline`."""

    names: tuple[Ref, ...]
    library: Ref
    span: Span


@dataclass(frozen=True, slots=True)
class LibraryText:
    """A library read while resolving imports: its file name and text, for showing its lines."""

    filename: str
    text: str


@dataclass(frozen=True, slots=True)
class Guideline:
    """A guideline, or a library of inputs (`library` instead of the `guideline` header line).

    Once its imports are resolved (`dsl.imports`), `inputs` holds the imported inputs too, each
    with its span in the library's file, in the place of the `import` line."""

    filename: str
    source_text: str
    id: Header | None
    title: Header | None
    version: Header | None
    status: Header | None
    sources: tuple[Source, ...]
    inputs: tuple[Input, ...]
    definitions: tuple[Definition, ...]
    steps: tuple[Step, ...]
    checks: tuple[Check, ...]
    recommendations: tuple[Recommendation, ...]
    groups: tuple[Group, ...]
    span: Span
    library: Header | None = None  # the `library NAME` header line of a library
    imports: tuple[Import, ...] = ()
    libraries: tuple[LibraryText, ...] = ()  # the libraries read for its imports
    unavailable: frozenset[str] = frozenset()  # imported names whose library could not be used
    profiles: tuple[UnitProfile, ...] = ()  # unit profiles: its own, then (once resolved) those it imports
    reasons: tuple[Reason, ...] = ()  # `reason NAME "..."`: reasons declared once, for `because NAME`

    @property
    def texts(self) -> dict[str, str]:
        """Each file's text by file name: the guideline's and its libraries' (for carets)."""
        found = {library.filename: library.text for library in self.libraries}
        found[self.filename] = self.source_text
        return found

    @property
    def start(self) -> Step | None:
        """The pathway starts at the first step written."""
        return self.steps[0] if self.steps else None
