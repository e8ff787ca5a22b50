"""Input validation in SQL: `dsl.validation`'s rules and problem texts, for one row's cells.

Per input, two CTEs' worth of columns: the cell as the row mapping reads it (`cell`: whether it
is present, the candidate value, the unit), then the validated value and the problem text
(`check`), NULL when there is none. The texts are `dsl.validation`'s word for word: constant parts
are worked out here in Python with the same functions, and the parts that depend on the row are
computed in SQL by the same rules (`_quoted`, `_shortened`, `_decimal`, `_amount`, `_closest`),
which use only what both engines compute exactly: replacements, lengths and substrings of code
points, IEEE products, integer casts, correctly rounded parsing, ASCII `LOWER` and `LEVENSHTEIN`.
A row with a problem gets no recommendation; its other columns are still computed, and nothing
in them can fail (every parse is a `TRY_CAST`, every division by a value is guarded).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from compiler.sql import nodes as n
from compiler.sql.columns import FALSE_SPELLINGS, NUMBER, TRUE_SPELLINGS, WHITESPACE, ColumnKind
from dsl.program import Input
from dsl.validation import format_bound
from dsl.validation import quoted as quote_text
from dsl.validation import shortened as shorten_text

_TENS = (1.0, 10.0, 100.0, 1000.0, 10000.0, 100000.0, 1000000.0)
_SHORT = 60


@dataclass(frozen=True)
class Cell:
    """How one input's cell reads: `present` (not unknown), `candidate` (the value in the input's
    kind, NULL when the cell holds something else) and `unit` (a non-empty unit cell, or None
    when there is no unit column)."""

    present: exp.Expr
    candidate: exp.Expr
    unit: exp.Expr | None


def trimmed(raw: exp.Expr) -> exp.Expr:
    """The text without `WHITESPACE` around it (spelled with CHR: no control character in the SQL)."""
    characters = n.concat(*(n.text(c) if c == " " else n.function("CHR", n.integer(ord(c))) for c in WHITESPACE))
    return exp.Trim(this=raw, expression=characters)


def full_match(value: exp.Expr, pattern: str) -> exp.Expr:
    """`value` matches `pattern` as a whole (no `$`: Java's also matches before a final line break)."""
    return exp.EQ(
        this=exp.RegexpExtract(this=value, expression=n.text("^" + pattern), group=n.integer(0)), expression=value
    )


def cell(spec: Input, kind: ColumnKind | None, raw: exp.Expr | None, unit: exp.Expr | None) -> Cell:
    if raw is None or kind is None:
        return Cell(n.false(), n.null(), None)
    if kind == "text":
        present = n.and_(n.is_known(raw), exp.NEQ(this=trimmed(raw), expression=n.text("")))
    else:
        present = n.is_known(raw)
    candidate: exp.Expr
    if spec.kind == "number":
        if kind == "number":
            candidate = exp.cast(raw, n.DOUBLE)
        elif kind == "text":
            candidate = n.case(
                [(full_match(trimmed(raw), NUMBER), exp.TryCast(this=trimmed(raw), to=n.DOUBLE, safe=True))]
            )
        else:
            candidate = exp.cast(n.null(), n.DOUBLE)
    elif spec.kind == "boolean":
        if kind == "boolean":
            candidate = raw
        elif kind == "text":
            spelled = trimmed(raw)
            candidate = n.case(
                [
                    (exp.In(this=spelled, expressions=[n.text(s) for s in TRUE_SPELLINGS]), n.true()),
                    (exp.In(this=spelled, expressions=[n.text(s) for s in FALSE_SPELLINGS]), n.false()),
                ]
            )
        else:
            candidate = exp.cast(n.null(), exp.DataType.build("BOOLEAN"))
    elif kind == "text":
        candidate = n.case([(exp.In(this=raw, expressions=[n.text(c) for c in spec.choices]), raw)])
    else:
        candidate = exp.cast(n.null(), n.TEXT)
    given = None
    if unit is not None and spec.kind == "number":
        given = n.case([(exp.NEQ(this=trimmed(unit), expression=n.text("")), unit)])
    return Cell(present, candidate, given)


@dataclass(frozen=True)
class Numbers:
    """A number input's columns between the cell and the check: the number converted to the
    declared unit, and the `decimals` of the bare and of the converted number (NULL unless a
    problem text shows them)."""

    converted: exp.Expr
    bare: tuple[exp.Expr, exp.Expr]  # decimals, padded digits
    shown: tuple[exp.Expr, exp.Expr]


def conversion(spec: Input, c: Cell) -> exp.Expr:
    """The number in the input's declared unit (`dsl.validation`: times the numerator, over the
    denominator), the number itself without a unit cell."""
    conversions = [(s, num, den) for s, num, den in spec.units if (num, den) != (1, 1)]
    if c.unit is None or not conversions:
        return c.candidate
    ifs = [
        exp.If(
            this=n.text(s),
            true=exp.Div(this=exp.Mul(this=n.paren(c.candidate), expression=n.number(num)), expression=n.number(den)),
        )
        for s, num, den in conversions
    ]
    return exp.Case(this=c.unit, ifs=ifs, default=c.candidate)


def shown_decimals(spec: Input, c: Cell, converted: exp.Expr) -> tuple[exp.Expr, exp.Expr]:
    """The `decimals` columns, computed only on the rows whose problem text shows the number. A
    number within its range (or, without one, finite) shows none: that test comes first, so that
    most rows skip the others (NaN fails it: both engines order NaN above every number)."""
    outside: exp.Expr = n.false()
    usual: exp.Expr = exp.LTE(this=exp.Abs(this=converted), expression=n.number(n.MAX_DOUBLE))
    if spec.low is not None and spec.high is not None:
        outside = n.or_(
            exp.LT(this=converted, expression=n.number(spec.low)),
            exp.GT(this=converted, expression=n.number(spec.high)),
        )
        usual = n.and_(
            exp.GTE(this=converted, expression=n.number(spec.low)),
            exp.LTE(this=converted, expression=n.number(spec.high)),
        )
    finite = n.and_(
        n.not_(exp.IsNan(this=c.candidate)), exp.LTE(this=exp.Abs(this=c.candidate), expression=n.number(n.MAX_DOUBLE))
    )
    large = exp.GT(this=exp.Abs(this=converted), expression=n.number(n.MAX_DOUBLE))
    bare = n.case([(usual, n.null()), (n.and_(finite, n.or_(outside, large)), decimals(c.candidate))])
    return bare, n.case([(usual, n.null()), (n.and_(finite, outside), decimals(converted))])


@dataclass(frozen=True)
class Checked:
    value: exp.Expr  # in the input's declared unit; the default when unknown
    problem: exp.Expr  # NULL when the cell is fine


def check(spec: Input, kind: ColumnKind | None, raw: exp.Expr, c: Cell, numbers: Numbers | None) -> Checked:
    """The validated value and the problem, reading the `cell` columns (`c`) and the raw cell."""
    default = _constant(spec.default) if spec.default is not None else None
    if kind is None:
        return Checked(default if default is not None else _typed_null(spec), n.null())
    if spec.kind == "number":
        assert numbers is not None
        value, problems = _number(spec, kind, raw, c, numbers)
    else:
        value, problems = c.candidate, _other(spec, kind, raw, c)
    problem = n.case([(n.not_(c.present), n.null()), (_usual(spec, kind, c, numbers), n.null()), *problems])
    if default is not None:
        value = n.case([(n.not_(c.present), default)], value)
    return Checked(value, problem)


def _usual(spec: Input, kind: ColumnKind, c: Cell, numbers: Numbers | None) -> exp.Expr:
    """A cheap test true only of a valid cell, so that most rows skip the full checks. Both
    engines order NaN above infinity, so NaN fails `<= high` and `< MAX_DOUBLE`."""
    if spec.kind != "number":
        return n.is_known(c.candidate) if kind == "text" or kind == spec.kind else n.false()
    if kind == "boolean":
        return n.false()
    assert numbers is not None
    x = numbers.converted if c.unit is not None else c.candidate
    if spec.low is not None and spec.high is not None:
        within = n.and_(exp.GTE(this=x, expression=n.number(spec.low)), exp.LTE(this=x, expression=n.number(spec.high)))
    else:
        within = n.and_(
            exp.GT(this=x, expression=n.number(-n.MAX_DOUBLE)), exp.LT(this=x, expression=n.number(n.MAX_DOUBLE))
        )
    return n.and_(n.is_null(c.unit), within) if c.unit is not None else within


def _typed_null(spec: Input) -> exp.Expr:
    kind = {"number": n.DOUBLE, "boolean": exp.DataType.build("BOOLEAN"), "choice": n.TEXT}[spec.kind]
    return exp.cast(n.null(), kind)


def _constant(value: float | bool | str) -> exp.Expr:
    if isinstance(value, bool):
        return n.boolean(value)
    if isinstance(value, str):
        return n.text(value)
    return n.number(value)


Problems = list[tuple[exp.Expr, exp.Expr]]


def _number(spec: Input, kind: ColumnKind, raw: exp.Expr, c: Cell, numbers: Numbers) -> tuple[exp.Expr, Problems]:
    unit = spec.unit
    factors = {spelling: (num, den) for spelling, num, den in spec.units}
    number = c.candidate
    converted = numbers.converted
    conversions = [s for s, f in factors.items() if f != (1, 1)]
    problems: Problems = []
    if c.unit is not None:
        if not factors:
            bare = f"expected a bare number{' in ' + unit if unit else ''}, got an object"
            problems.append((n.is_known(c.unit), n.text(bare)))
        else:
            accepted = exp.In(this=c.unit, expressions=[n.text(s) for s in factors])
            listed = ", ".join(factors)
            message = n.concat(n.text("unit "), quoted(c.unit), n.text(f" is not accepted (accepted units: {listed})"))
            problems.append((n.and_(n.is_known(c.unit), n.not_true(accepted)), message))
    if kind == "boolean":
        problems.append((n.is_true(raw), n.text("expected a number, got true")))
        problems.append((n.true(), n.text("expected a number, got false")))
    if kind == "text":
        problems.append(
            (n.is_null(number), n.concat(n.text("expected a number, got the text "), quoted(shortened(raw))))
        )
    problems.append((exp.IsNan(this=number), n.text("expected a number, got NaN")))
    problems.append(
        (exp.GT(this=number, expression=n.number(n.MAX_DOUBLE)), n.text("expected a finite number, got infinity"))
    )
    problems.append(
        (exp.LT(this=number, expression=n.number(-n.MAX_DOUBLE)), n.text("expected a finite number, got -infinity"))
    )
    if c.unit is not None and conversions:
        too_large = n.concat(amount(number, c.unit, numbers.bare), n.text(f" is too large once converted to {unit}"))
        problems.append((exp.GT(this=exp.Abs(this=converted), expression=n.number(n.MAX_DOUBLE)), too_large))
    if spec.low is not None and spec.high is not None:
        inside = n.and_(
            exp.GTE(this=converted, expression=n.number(spec.low)),
            exp.LTE(this=converted, expression=n.number(spec.high)),
        )
        shown = amount(converted, n.text(unit) if unit else None, numbers.shown)
        if c.unit is not None:
            with_unit = n.concat(amount(number, c.unit, numbers.bare), n.text(" ("), shown, n.text(")"))
            shown = n.case([(n.is_known(c.unit), with_unit)], shown)
        bounds = (
            f" is outside the range {format_bound(spec.low)} to {format_bound(spec.high)}{' ' + unit if unit else ''}"
        )
        problems.append((n.not_(inside), n.concat(shown, n.text(bounds))))
    return converted, problems


def _other(spec: Input, kind: ColumnKind, raw: exp.Expr, c: Cell) -> Problems:
    if spec.kind == "boolean":
        expected = "expected true or false, got "
        if kind == "boolean":
            return []
        if kind == "number":
            return [(n.true(), n.text(expected + "a number"))]
        return [(n.is_null(c.candidate), n.concat(n.text(expected + "the text "), quoted(shortened(raw))))]
    listed = ", ".join(spec.choices)
    if kind == "number":
        return [(n.true(), n.text(f"expected one of {listed}; got a number"))]
    if kind == "boolean":
        return [
            (n.is_true(raw), n.text(f"expected one of {listed}; got true")),
            (n.true(), n.text(f"expected one of {listed}; got false")),
        ]
    message = n.concat(quoted(shortened(raw)), n.text(f" is not one of {listed}"), suggestion(raw, spec.choices))
    return [(n.is_null(c.candidate), message)]


# ---- the row-dependent parts of the texts ----


def quoted(value: exp.Expr) -> exp.Expr:
    """`_quoted`: between single quotes, a backslash or quote in it escaped with a backslash."""
    escaped = n.function(
        "REPLACE", n.function("REPLACE", value, n.text("\\"), n.text("\\\\")), n.text("'"), n.text("\\'")
    )
    return n.concat(n.text("'"), escaped, n.text("'"))


def shortened(value: exp.Expr) -> exp.Expr:
    """`_shortened`: at most 60 code points, else the first 57 and `...`."""
    assert shorten_text("x" * (_SHORT + 1)) == "x" * (_SHORT - 3) + "..."
    cut = n.concat(n.function("SUBSTRING", value, n.integer(1), n.integer(_SHORT - 3)), n.text("..."))
    return n.case([(exp.LTE(this=n.function("LENGTH", value), expression=n.integer(_SHORT)), value)], cut)


def decimals(value: exp.Expr) -> exp.Expr:
    """`_decimal`'s k: the fewest decimals (0 to 6) that write the number exactly, NULL when none do."""
    exact = []
    for k, ten in enumerate(_TENS):
        scaled = exp.Mul(this=n.paren(value), expression=n.number(ten)) if k else value
        whole = exp.TryCast(this=scaled, to=exp.DataType.build("BIGINT"), safe=True)
        back = exp.Div(this=n.paren(scaled), expression=n.number(ten)) if k else scaled
        condition = n.and_(
            exp.LT(this=exp.Abs(this=scaled), expression=n.number(1e16)),
            exp.EQ(this=exp.cast(whole, n.DOUBLE), expression=scaled),
            exp.EQ(this=back, expression=value),
        )
        exact.append((condition, n.integer(k)))
    return n.case(exact)


def padded_digits(value: exp.Expr, k: exp.Expr) -> exp.Expr:
    """The digits of `|value| * 10**k`, at least k + 1 of them (zeros in front): a column."""
    ten = exp.Case(this=k, ifs=[exp.If(this=n.integer(j), true=n.number(t)) for j, t in enumerate(_TENS)])
    scaled = exp.Mul(this=n.paren(value), expression=ten)
    digits = exp.cast(exp.Abs(this=exp.TryCast(this=scaled, to=exp.DataType.build("BIGINT"), safe=True)), n.TEXT)
    # LPAD cuts a longer text: it pads, here, a text shorter than k + 1 only.
    longer = n.function("LPAD", digits, exp.Add(this=k, expression=n.integer(1)), n.text("0"))
    return n.case(
        [(n.is_null(k), n.null()), (exp.LTE(this=n.function("LENGTH", digits), expression=k), longer)], digits
    )


def decimal_text(value: exp.Expr, k: exp.Expr, padded: exp.Expr) -> exp.Expr:
    """`_decimal`'s text: the sign, the digits with the point k from the right (columns)."""
    cut = exp.Sub(this=n.function("LENGTH", padded), expression=k)
    fraction = n.concat(n.text("."), n.function("SUBSTRING", padded, exp.Add(this=cut, expression=n.integer(1))))
    return n.concat(
        n.case([(exp.LT(this=value, expression=n.number(0.0)), n.text("-"))], n.text("")),
        n.function("SUBSTRING", padded, n.integer(1), cut),
        n.case([(exp.GT(this=k, expression=n.integer(0)), fraction)], n.text("")),
    )


def amount(value: exp.Expr, unit: exp.Expr | None, shown_as: tuple[exp.Expr, exp.Expr]) -> exp.Expr:
    """`_amount`: the number and its unit, or words (`... in UNIT`) when it has no short decimal;
    `shown_as` are the columns of its `decimals` and `padded_digits`."""
    k = shown_as[0]
    shown = decimal_text(value, k, shown_as[1])
    words = n.case(
        [
            (exp.GTE(this=value, expression=n.number(1e16)), n.text("a number of 10^16 or more")),
            (exp.LTE(this=value, expression=n.number(-1e16)), n.text("a number of -10^16 or less")),
        ],
        n.text("a number with more than six decimals"),
    )
    if unit is None:
        return n.case([(n.is_known(k), shown)], words)
    return n.case([(n.is_known(k), n.concat(shown, n.text(" "), unit))], n.concat(words, n.text(" in "), unit))


def suggestion(value: exp.Expr, candidates: tuple[str, ...]) -> exp.Expr:
    """`_closest`'s " (did you mean 'x'?)", or an empty text."""
    usable = [c for c in candidates if all(" " <= ch <= "~" for ch in c)]
    distance = [exp.Levenshtein(this=n.function("LOWER", value), expression=n.text(c.lower())) for c in usable]
    within = [exp.LTE(this=d, expression=n.integer(len(c) // 3)) for d, c in zip(distance, usable, strict=True)]
    whens = []
    for j, candidate in enumerate(usable):
        beats = [
            n.or_(n.not_(within[k]), (exp.GT if k < j else exp.GTE)(this=distance[k], expression=distance[j]))
            for k in range(len(usable))
            if k != j
        ]
        whens.append((n.and_(within[j], *beats), n.text(f" (did you mean {quote_text(candidate)}?)")))
    if not whens:
        return n.text("")
    printable = full_match(value, "[ -~]*")
    return n.case([(n.not_(printable), n.text(""))], n.case(whens, n.text("")))
