"""Property tests (hypothesis): bad guideline text and bad inputs end in the project's own errors.

(a) Guideline texts from three sources: strings generated from dsl/grammar.lark itself
    (`hypothesis.extra.lark.from_lark`, raw and with the tokens spaced apart so that more of them
    parse); random guidelines built from the language's constructs (most of them valid); and
    random mutations of the shipped guidelines (lines deleted, duplicated, swapped, truncated or
    joined, names misspelled, stray characters, random unicode). Parsing and checking either
    succeed or raise `GuidelineError` whose every diagnostic points into the text, and whose
    report shows that line; a valid text then compiles, renders to DOT and has its coverage
    measured without an exception, and its conditions are kept exactly as written.
(b) Any JSON value as the inputs of each shipped evaluator: the result is `invalid_input`
    naming exactly the bad inputs with nothing else in it, or a valid result. Never an
    exception, never a recommendation from invalid data.
(c) Random valid guidelines: the compiled evaluator and the reference interpreter agree.

The number of examples is small by default; `GUIDELINE_LONG_RUN=1` raises it (docs/testing.md).
Examples are derandomized (the same on every run) except in the long run.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from hypothesis.extra.lark import from_lark
from lark import Lark
from lark.lexer import PatternStr

from compiler.api import Evaluator, check_text
from compiler.files import read_text
from compiler.flowchart import to_dot
from compiler.python.codegen import generate
from compiler.testing.cases import Case, load_cases
from compiler.testing.coverage import measure
from compiler.testing.interpreter import interpret, validate
from dsl import model as m
from dsl.errors import Diagnostic, GuidelineError, GuidelineSemanticError, GuidelineSyntaxError
from dsl.pipeline import Checked
from dsl.text import one_line
from dsl.validation import Validator
from tests.test_differential import GUIDELINES, checked, comparable, first_differences, patients_of, profile

ROOT = Path(__file__).resolve().parent.parent

LONG_RUN = os.environ.get("GUIDELINE_LONG_RUN") == "1"
CASES = load_cases(str(ROOT / "guideline" / "azathioprine_thrombocytopenia.cases"))
TEXTS = {name: read_text(str(path), "guideline") for name, path in GUIDELINES.items()}


def examples(default: int, long: int) -> Callable[[Any], Any]:
    return settings(
        max_examples=long if LONG_RUN else default,
        deadline=None,
        database=None,
        derandomize=not LONG_RUN,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# ---- what a guideline text must do ----


def assert_positioned(diagnostics: tuple[Diagnostic, ...], text: str, filename: str) -> None:
    """Every diagnostic points at a line and column of the text (lines as the parser counts them:
    split at '\\n' only; just past the last character counts), and its report shows that line."""
    lines = text.split("\n")
    assert diagnostics
    for d in diagnostics:
        s = d.span
        assert s.filename == filename, d
        assert d.code is not None, f"no code in dsl/codes.py for: {d.message}"
        assert 1 <= s.line <= len(lines), d
        assert 1 <= s.column <= len(lines[s.line - 1]) + 1, d
        assert (s.end_line, s.end_column) >= (s.line, s.column), d
        report = d.format(text).split("\n")
        # Shown with control characters escaped (dsl.text.one_line), on one line each.
        assert report[0] == one_line(f"{filename}:{s.line}:{s.column}: {d.severity}: {d.message} [{d.code}]")
        if len(report) > 1:
            assert report[1] == "    " + one_line(lines[s.line - 1].removesuffix("\r").expandtabs(1)), d  # CRLF too


def assert_conditions_as_written(c: Checked, text: str) -> None:
    """Each condition's text (shown in traces and flowcharts) is exactly what its span covers."""
    lines = text.split("\n")

    def written(expr: m.Expr) -> str:
        s = expr.span
        return lines[s.line - 1][s.column - 1 : s.end_column - 1]

    for step in c.guideline.steps:
        if isinstance(step, m.Decision):
            for branch in step.branches:
                assert branch.text == written(branch.condition)
    for check in c.guideline.checks:
        for rule in check.rules:
            assert rule.text == written(rule.condition)


def _count(what: str) -> None:
    """Shown by `pytest --hypothesis-show-statistics`: how many texts were valid, and how many not."""
    if currently_in_test_context():
        event(what)


def exercise(text: str, filename: str = "fuzzed.guideline", cases: list[Case] | None = None) -> Checked | None:
    """Check, compile, render and measure a text; only positioned `GuidelineError`s may escape."""
    try:
        c = check_text(text, filename)
    except GuidelineError as error:
        _count(type(error).__name__)
        assert isinstance(error, (GuidelineSyntaxError, GuidelineSemanticError))
        assert_positioned(error.diagnostics, text, filename)
        assert str(error) == error.report()
        return None
    _count("valid")
    if c.diagnostics:  # warnings
        assert_positioned(c.diagnostics, text, filename)
    assert_conditions_as_written(c, text)
    evaluator = Evaluator(generate(c.program), filename)
    assert to_dot(c.program).startswith("digraph")
    if cases is not None:
        coverage = measure(c, evaluator, cases)
        assert coverage.cases == len(cases)
    return c


# ---- (a) texts from the grammar ----


def _grammar() -> Lark:
    return Lark(resources.files("dsl.syntax").joinpath("grammar.lark").read_text(encoding="utf-8"), parser="lalr")


# `min(`: the look-ahead for the parenthesis is more than hypothesis' regex generator can satisfy.
FUNCTION = {"FUNCTION": st.sampled_from(["min", "max"])}


def _spaced_terminals(grammar: Lark) -> dict[str, st.SearchStrategy[str]]:
    """Every token followed by a space, so that keywords and names do not run together."""
    explicit = {**FUNCTION, "_NL": st.sampled_from(["\n", "\n  ", "\n# note\n\n"])}
    for terminal in grammar.terminals:
        if terminal.name in explicit:
            continue
        if isinstance(terminal.pattern, PatternStr):
            explicit[terminal.name] = st.just(terminal.pattern.value + " ")
        else:
            explicit[terminal.name] = st.from_regex(terminal.pattern.to_regexp(), fullmatch=True).map(lambda s: s + " ")
    return explicit


GRAMMAR = _grammar()
GRAMMAR_TEXTS = st.one_of(
    from_lark(GRAMMAR, explicit=FUNCTION), from_lark(GRAMMAR, explicit=_spaced_terminals(GRAMMAR))
)


@examples(100, 5_000)
@given(GRAMMAR_TEXTS)
def test_texts_from_the_grammar_end_in_positioned_errors(text: str) -> None:
    exercise(text)


# ---- (a) random guidelines built from the language's constructs ----

T = TypeVar("T")
UNITS = {"10*9/L": ["10*9/L", "/uL", "10*3/uL"], "wk": ["wk", "d"], "mg": ["mg", "g"], "": []}


class _Writer:
    """Writes a random guideline; declares only the inputs and definitions that something uses."""

    def __init__(self, draw: Callable[[st.SearchStrategy[Any]], Any]) -> None:
        self.draw = draw
        self.inputs: dict[str, dict[str, Any]] = {}
        self.uses: set[str] = set()  # names read by the line being written
        for number in range(draw(st.integers(1, 5))):
            kind = draw(st.sampled_from(["number", "number", "boolean", "choice"]))
            spec: dict[str, Any] = {"kind": kind}
            if kind == "number":
                spec["unit"] = draw(st.sampled_from(sorted(UNITS)))
                if draw(st.booleans()):
                    low = draw(st.integers(-5, 50))
                    spec["range"] = (low, low + draw(st.integers(1, 500)))
            if kind == "choice":
                spec["choices"] = ["a", "b", "c"][: draw(st.integers(2, 3))]
            self.inputs[f"i{number}"] = spec
        self.definitions: dict[str, tuple[str, str, set[str]]] = {}  # name: (type, text, names read)

    def pick(self, options: list[T]) -> T:
        chosen: T = self.draw(st.sampled_from(options))
        return chosen

    def named(self, kind: str, unit: str | None = None) -> list[str]:
        names = [n for n, s in self.inputs.items() if s["kind"] == kind and (unit is None or s.get("unit") == unit)]
        wanted = "boolean" if kind == "boolean" else f"number:{unit}"
        names += [n for n, (t, _, _) in self.definitions.items() if t == wanted]
        return names

    def use(self, name: str) -> str:
        self.uses.add(name)
        return name

    def literal(self, name: str | None = None) -> str:
        low, high = self.inputs[name].get("range", (0, 100)) if name in self.inputs else (0, 100)
        value = self.draw(st.integers(low * 2, high * 2)) / 2
        return f"{value:g}"

    def number(self, unit: str, depth: int) -> str:
        names = self.named("number", unit)
        roll = self.draw(st.integers(0, 9 if depth > 0 else 3))
        if roll <= 1 and names:
            return self.use(self.pick(names))
        if roll == 2 and UNITS[unit]:
            return f"{self.literal()} '{self.pick(UNITS[unit])}'"
        if roll <= 3:
            return self.literal()
        form = self.pick(["min({a}, {b})", "max({a}, {b})", "{a} + {b}", "{a} - {b}", "({a}) * {n}", "({a}) / {n}",
                          "({a} or else {b})", "-({a})"])  # fmt: skip
        # Only the operands the form shows are written, so that only their names count as used.
        a = self.number(unit, depth - 1)
        b = self.number(unit, depth - 1) if "{b}" in form else ""
        return form.format(a=a, b=b, n=self.draw(st.integers(1, 9)))

    def condition(self, depth: int) -> str:
        roll = self.draw(st.integers(0, 12 if depth > 0 else 6))
        numbers = [n for n, s in self.inputs.items() if s["kind"] == "number"]
        choices = [n for n, s in self.inputs.items() if s["kind"] == "choice"]
        booleans = self.named("boolean")
        op = self.pick(["<", "<=", ">", ">=", "="])
        if roll <= 2 and numbers:
            name = self.pick(numbers)
            return f"{self.use(name)} {op} {self.literal(name)}"
        if roll == 3 and numbers:
            unit = self.inputs[self.pick(numbers)]["unit"]
            return f"{self.number(unit, depth)} {op} {self.number(unit, depth)}"
        if roll == 4 and choices:
            name = self.pick(choices)
            return f"{self.use(name)} {self.pick(['is', 'is not', '='])} {self.pick(self.inputs[name]['choices'])}"
        if roll == 5 and booleans:
            return self.pick(["{}", "{} is yes", "{} is no", "not {}"]).format(self.use(self.pick(booleans)))
        if roll == 6 or depth <= 0:
            return f"{self.use(self.pick(list(self.inputs)))} is {self.pick(['known', 'unknown'])}"
        if roll == 12:
            return self.pick(["yes", "no"])
        form = self.pick(["{a} and {b}", "{a} or {b}", "not ({a})", "({a}) or ({b})", "({a}) and not ({b})"])
        a = self.condition(depth - 1)
        b = self.condition(depth - 1) if "{b}" in form else ""
        return form.format(a=a, b=b)

    def line(self, write: Callable[[], str]) -> tuple[str, set[str]]:
        self.uses = set()
        text = write()
        return text, self.uses

    def text(self) -> str:
        draw = self.draw
        for number in range(draw(st.integers(0, 3))):
            if draw(st.booleans()):
                body, read = self.line(lambda: self.condition(2))
                self.definitions[f"d{number}"] = ("boolean", body, read)
            else:
                unit = self.pick(sorted(UNITS))
                body, read = self.line(functools.partial(self.number, unit, 2))
                self.definitions[f"d{number}"] = (f"number:{unit}", body, read)
        steps, checks, used, codes = [], [], set(), []
        count = draw(st.integers(1, 5))
        for index in range(count):
            after = [f"go to s{j}" for j in range(index + 1, count)] + ["end"]
            following = after[0]
            if index < count - 1 and draw(st.booleans()):  # the last step recommends something
                lines = [f'decision s{index} "Step {index}?"']
                for _ in range(draw(st.integers(1, 2))):
                    condition, read = self.line(lambda: self.condition(2))
                    used |= read
                    lines.append(f"  when {condition} {self.pick(after)}")
                lines.append(f"  otherwise {following}")
            else:
                recommended = draw(st.lists(st.sampled_from([f"r{k}" for k in range(5)]), min_size=1, max_size=2))
                codes += recommended
                lines = [f"action s{index}"] + [f"  recommend {code}" for code in recommended] + [f"  then {following}"]
            steps.append("\n".join(lines))
        for index in range(draw(st.integers(0, 2))):
            lines = [f"check k{index}"]
            for _ in range(draw(st.integers(1, 2))):
                condition, read = self.line(lambda: self.condition(1))
                used |= read
                recommended = draw(st.lists(st.sampled_from([f"r{k}" for k in range(5)]), min_size=1, max_size=2))
                codes += recommended
                lines.append(f"  when {condition} recommend {', '.join(recommended)}")
            checks.append("\n".join(lines))
        # Declare only what is used: definitions read by something, inputs read by those.
        todo = list(used)
        while todo:
            name = todo.pop()
            if name in self.definitions:
                for more in self.definitions[name][2] - used:
                    used.add(more)
                    todo.append(more)
        parts = ['guideline generated\ntitle "Generated"\nversion 1.0.0\nstatus draft\nsource src "A source"']
        for name, spec in self.inputs.items():
            if name not in used:
                continue
            declared = [f"input {name}"]
            if spec["kind"] == "number":
                declared.append(f"  number in {spec['unit']}" if spec["unit"] else "  number")
                if "range" in spec:
                    declared.append(f"  range {spec['range'][0]} to {spec['range'][1]}")
                declared += [f"  accepts {unit}" for unit in UNITS[spec["unit"]]][: draw(st.integers(0, 3))]
            elif spec["kind"] == "boolean":
                declared.append("  yes or no")
                if draw(st.integers(0, 3)) == 0:
                    declared.append(f"  default {self.pick(['yes', 'no'])}")
            else:
                declared.append(f"  one of {', '.join(spec['choices'])}")
            parts.append("\n".join(declared))
        parts += [f"define {name} as {body}" for name, (_, body, _) in self.definitions.items() if name in used]
        parts += steps + checks
        for code in dict.fromkeys(sorted(codes)):
            parts.append(f'recommendation {code}\n  text "Do {code}."\n  cites src')
        if codes and draw(st.booleans()):
            members = sorted(set(draw(st.lists(st.sampled_from(sorted(set(codes))), min_size=1, max_size=3))))
            cardinality = self.pick(["at most one", "at least one", "exactly one"])
            parts.append(f'group g "Group"\n  {cardinality}\n' + "\n".join(f"  includes {c}" for c in members))
        return "\n\n".join(parts) + "\n"


@st.composite
def written_guidelines(draw: Callable[[st.SearchStrategy[Any]], Any]) -> str:
    return _Writer(draw).text()


@examples(25, 2_000)
@given(written_guidelines(), st.integers(0, 2**32))
def test_written_guidelines_check_compile_and_agree_with_the_interpreter(text: str, seed: int) -> None:
    c = exercise(text, "generated.guideline", [])
    if c is None:
        return
    tally, differences = first_differences(c, patients_of(profile(c), 40, str(seed)))
    assert not differences, f"{text}\n" + "\n".join(differences)


def test_most_written_guidelines_are_valid() -> None:
    """The writer is meant to produce mostly valid guidelines, or (c) would test little."""
    valid = []

    @settings(max_examples=30, deadline=None, database=None, derandomize=True)
    @given(written_guidelines())
    def count(text: str) -> None:
        try:
            check_text(text, "generated.guideline")
            valid.append(True)
        except GuidelineError:
            valid.append(False)

    count()
    assert sum(valid) >= len(valid) // 2


# ---- (a) mutations of the shipped guidelines ----

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
STRAY = list("\"'()#,.<>=+-*/\\:;{}[]`~!?@$%^&|") + ["\t", " ", "\n", "\x00", "\ufeff", "é", "∞", "😀"]


@st.composite
def mutated_guidelines(draw: Callable[[st.SearchStrategy[Any]], Any]) -> tuple[str, str]:
    name = draw(st.sampled_from(sorted(TEXTS)))
    lines = TEXTS[name].split("\n")
    for _ in range(draw(st.integers(1, 3))):
        # Recounted each time: an earlier deletion or join shortens the text.
        code = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]
        i = draw(st.sampled_from(code)) if draw(st.integers(0, 9)) else draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        operation = draw(st.sampled_from(
            ["delete", "duplicate", "swap", "truncate", "join", "misspell", "stray", "unicode", "number"]
        ))  # fmt: skip
        if operation == "delete":
            del lines[i]
        elif operation == "duplicate":
            lines.insert(i, line)
        elif operation == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == "truncate":
            lines[i] = line[: draw(st.integers(0, max(0, len(line) - 1)))]
        elif operation == "join" and i + 1 < len(lines):
            lines[i : i + 2] = [line + draw(st.sampled_from(["", " "])) + lines[i + 1]]
        elif operation == "misspell" and NAME.search(line):
            words = list(NAME.finditer(line))
            word = words[draw(st.integers(0, len(words) - 1))]
            k = draw(st.integers(0, len(word.group()) - 1))
            wrong = draw(st.sampled_from([
                word.group()[:k] + word.group()[k + 1 :], word.group()[:k] + "x" + word.group()[k:],
                word.group() + "s", word.group().upper(), word.group()[:k] + "_" + word.group()[k:],
            ]))  # fmt: skip
            lines[i] = line[: word.start()] + wrong + line[word.end() :]
        elif operation == "number":
            number = draw(st.sampled_from(["0", "-1", "1e9", "99999999999999999999", "1.", ""]))
            lines[i] = re.sub(r"\d+", number, line, count=1)
        else:
            k = draw(st.integers(0, len(line)))
            inserted = draw(st.sampled_from(STRAY)) if operation == "stray" else draw(st.text(min_size=1, max_size=4))
            lines[i] = line[:k] + inserted + line[k:]
    return name, "\n".join(lines)


@examples(40, 5_000)
@given(mutated_guidelines())
def test_mutated_guidelines_end_in_positioned_errors(mutated: tuple[str, str]) -> None:
    name, text = mutated
    exercise(text, str(GUIDELINES[name]), CASES if name == "azathioprine" else [])


def test_shipped_guidelines_pass_exercise() -> None:
    """The unmutated texts go through every stage (and the azathioprine cases through coverage)."""
    for name, text in TEXTS.items():
        assert exercise(text, str(GUIDELINES[name]), CASES if name == "azathioprine" else []) is not None


# ---- (b) any JSON value as inputs ----

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
HUGE = st.integers(min_value=2**1023, max_value=10**400) | st.integers(min_value=-(10**400), max_value=-(2**1023))
SPECIAL = st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324, -0.0, 2**53 + 1, "", "é", "\x00"])


def input_values(name: str) -> st.SearchStrategy[Any]:
    c = checked(name)
    units = sorted(
        {u for spec in c.program.input_table.values() for u, _, _ in spec.units} | {"%", "wk", "mo", "10*9/l", "K/UL"}
    )
    unit_objects = st.fixed_dictionaries(
        {"value": JSON | HUGE | SPECIAL | st.floats(-1e4, 1e4), "unit": st.sampled_from(units) | JSON}
    )
    odd_objects = st.dictionaries(
        st.sampled_from(["value", "unit", "Value", "extra"]), JSON | st.sampled_from(units), max_size=3
    )
    valid = st.sampled_from(
        sorted({v for spec in c.program.input_table.values() for v in (*spec.choices, True, False)}, key=repr)
    )
    return (
        JSON | HUGE | SPECIAL | unit_objects | odd_objects | valid | st.floats(-3000, 3000) | st.integers(-3000, 3000)
    )


def inputs_of(name: str) -> st.SearchStrategy[Any]:
    names = sorted(checked(name).program.input_table)
    keys = (
        st.sampled_from(names)
        | st.text(max_size=8)
        | st.sampled_from([n + "s" for n in names] + [n.upper() for n in names])
    )
    objects = st.dictionaries(keys, input_values(name), max_size=len(names) + 2)
    return objects | JSON


@pytest.mark.parametrize("name", sorted(GUIDELINES))
def test_any_json_input_gives_a_result_never_an_exception(name: str) -> None:
    c = checked(name)
    evaluate = Evaluator(generate(c.program), name).evaluate

    @examples(150, 20_000)
    @given(inputs_of(name))
    def run(inputs: Any) -> None:
        result = evaluate(inputs)
        json.dumps(result, allow_nan=False)  # plain JSON: no NaN, no objects
        assert list(result) == ["guideline", "version", "status", "recommendations", "needs", "errors", "path", "trace"]
        _, bad = validate(Validator(c.program.input_table), inputs)
        named = [e["input"] for e in result["errors"]]
        assert named == [e["input"] for e in bad], "the inputs named as bad differ from the reference interpreter's"
        if result["status"] == "invalid_input":
            assert named and len(set(named)) == len(named)
            assert [result["recommendations"], result["needs"], result["path"], result["trace"]] == [[], [], [], []]
        else:
            assert result["errors"] == [] and result["status"] in ("complete", "needs_data")
            assert comparable(result) == comparable(interpret(c.program, inputs))

    run()


# ---- bugs the properties found: minimal reproductions ----

GROUPS = TEXTS["groups"]


def test_other_line_breaks_keep_conditions_as_written() -> None:
    """Only '\\n' ends a line: a U+2028 inside a text once shifted every condition's text by a line."""
    text = GROUPS.replace('title "Groups and cardinalities"', 'title "Groups\u2028and cardinalities"')
    c = check_text(text, "groups.guideline")
    (triage,) = [s for s in c.guideline.steps if s.id == "triage"]
    assert isinstance(triage, m.Decision)
    assert [b.text for b in triage.branches] == ["score <= 3", "treated is no"]


def test_other_line_breaks_show_the_right_source_line() -> None:
    """A form feed is whitespace to the grammar; reports once showed the line before the mistake."""
    text = GROUPS.replace("# The rest", "\x0c# The rest").replace("when score <= 3", "when scor <= 3")
    with pytest.raises(GuidelineError) as caught:
        check_text(text, "groups.guideline")
    assert caught.value.report().split("\n")[:2] == [
        "groups.guideline:19:8: error: 'scor' is not an input or a definition (did you mean 'score'?) [G0201]",
        "      when scor <= 3 go to mild",
    ]


def test_other_line_breaks_keep_syntax_error_lines() -> None:
    """A U+2028 inside a text once made the syntax report invent errors and shift line numbers."""
    text = GROUPS.replace('title "Groups and cardinalities"', 'title "Groups\u2028and cardinalities"')
    text = text.replace("when score <= 3 go to mild", "when score <= go to mild")
    with pytest.raises(GuidelineError) as caught:
        check_text(text, "groups.guideline")
    assert [(d.span.line, d.span.column) for d in caught.value.diagnostics] == [(19, 17)]


def test_a_value_converted_to_infinity_is_an_input_error() -> None:
    """A value that a unit conversion makes infinite is an input error (spec section 1); it was
    once accepted and recommended on."""
    text = GROUPS.replace(
        'input score "Severity score"\n  number\n  range 0 to 10',
        'input score "Severity score"\n  number in /uL\n  accepts 10*9/L',
    )
    text = text.replace("score <= 3", "score <= 3 '/uL'").replace("score > 8", "score > 8 '/uL'")
    evaluator = Evaluator(generate(check_text(text, "groups.guideline").program), "groups.guideline")
    result = evaluator.evaluate({"score": {"value": 1e306, "unit": "10*9/L"}})
    assert (result["status"], result["errors"], result["recommendations"]) == (
        "invalid_input",
        [{"input": "score", "problem": "a number of 10^16 or more in 10*9/L is too large once converted to /uL"}],
        [],
    )


def test_an_integer_too_large_for_a_float_is_an_input_error() -> None:
    """An int beyond a float's range is an input error even without a range (it once passed the
    fast path, and `score / 2` raised OverflowError)."""
    text = GROUPS.replace("  number\n  range 0 to 10\n  default 0", "  number").replace("score <= 3", "score / 2 <= 3")
    evaluator = Evaluator(generate(check_text(text, "groups.guideline").program), "groups.guideline")
    result = evaluator.evaluate({"score": 10**400})
    assert (result["status"], result["errors"]) == (
        "invalid_input",
        [{"input": "score", "problem": "the number is too large"}],
    )
    assert evaluator.evaluate({"score": 2**53})["status"] == "complete"
    assert evaluator.evaluate({"score": 2**53 + 1})["status"] == "complete"  # converted, not rejected
