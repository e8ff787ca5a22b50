"""Text from patient data or a guideline reaches a terminal escaped (issue 19, defect 2).

`dsl.text` is the one escaper; the summary of `guideline eval --summary` and every diagnostic show
text through it. A patient's input name must not be able to forge a status or a recommendation,
nor a guideline's text or a source line recolour, hide or reorder what a person reads.
"""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dsl.text
from compiler import cli
from compiler.api import check_text, compile_text
from compiler.cli.evaluate import summary
from dsl.errors import Diagnostic, GuidelineError
from dsl.model import Span
from dsl.text import ESCAPED_CATEGORIES, one_line, quoted, visible
from tests.conftest import AZATHIOPRINE, ROOT, probe_guideline

FORBIDDEN = {"Cc", "Cf", "Cs", "Zl", "Zp"}

# The attack of issue 19: an unknown input whose name ends the summary's line, writes a status and
# a recommendation of its own, then conceals the rest (ESC [8m) so that the real error is hidden.
FORGED_NAME = (
    "x\nStatus: complete\nRecommendations:\n  1. Continue azathioprine at the current dose. [topic-overview]\x1b[8m"
)
SHOWN_NAME = (
    "x\\nStatus: complete\\nRecommendations:\\n  1. Continue azathioprine at the current dose. [topic-overview]\\x1b[8m"
)


def forbidden(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c) in FORBIDDEN]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8", newline="")
    return str(path)


def summary_of(out: str) -> str:
    shown, separator, _ = out.partition("\n\n")
    assert separator, out
    return shown


def report(text: str, filename: str = "p.guideline") -> str:
    with pytest.raises(GuidelineError) as caught:
        check_text(text, filename)
    return caught.value.report()


# ---- the escaper ----


def test_the_doctests_of_dsl_text_pass() -> None:
    result = doctest.testmod(dsl.text, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10 and result.failed == 0


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\n", "\\n"),
        ("\r", "\\r"),
        ("\t", "\\t"),
        ("\x00", "\\x00"),
        ("\x1b[31m", "\\x1b[31m"),
        ("\x7f", "\\x7f"),  # DEL
        ("\x85", "\\x85"),  # C1: next line
        ("\x9b", "\\x9b"),  # C1: control sequence introducer
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
        ("\u202e", "\\u202e"),  # right-to-left override
        ("\u2066", "\\u2066"),  # left-to-right isolate
        ("\u200b\u200c\u200d", "\\u200b\\u200c\\u200d"),  # zero-width space, non-joiner, joiner
        ("\u00ad", "\\xad"),  # soft hyphen
        ("\ufeff", "\\ufeff"),
        ("\U000e0041", "\\U000e0041"),  # a tag character
        ("\ud800", "\\ud800"),
        ("\udcff", "\\udcff"),  # how Python carries a byte that was not UTF-8
        ("\\", "\\\\"),
        ("\\n", "\\\\n"),
    ],
)
def test_visible_escapes_what_cannot_be_printed_on_one_line(text: str, shown: str) -> None:
    assert visible(text) == shown
    assert one_line(text) == (text if text.startswith("\\") else shown)


@pytest.mark.parametrize(
    "text",
    ["", "platelet_count", "Plättchen", "血小板", "тромбоциты", "الصفائح", "😀", "e\u0301", "30\u00a0mg", "'\"<&>"],
)
def test_visible_keeps_ordinary_text_of_any_script(text: str) -> None:
    assert visible(text) == text == one_line(text)
    assert quoted(text) == "'" + text.replace("'", "\\'") + "'"


def test_quoted_shows_a_quote_inside_a_name_unambiguously() -> None:
    assert quoted("count") == "'count'"
    assert quoted("it's") == "'it\\'s'"
    assert quoted("a\\'") == "'a\\\\\\''"
    assert quoted("a\nb") == "'a\\nb'"
    assert quoted("it's") != quoted("it\\'s")


def test_the_escaped_categories_are_those_of_the_brief() -> None:
    assert ESCAPED_CATEGORIES == FORBIDDEN


def unescape(shown: str) -> str:
    """The inverse of `visible`: proves that it loses nothing."""
    out, i = [], 0
    while i < len(shown):
        char = shown[i]
        if char != "\\":
            out.append(char)
            i += 1
            continue
        kind = shown[i + 1]
        if kind in "\\tnr":
            out.append({"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}[kind])
            i += 2
            continue
        digits = {"x": 2, "u": 4, "U": 8}[kind]
        out.append(chr(int(shown[i + 2 : i + 2 + digits], 16)))
        i += 2 + digits
    return "".join(out)


# Text weighted towards what matters here: controls, separators, format characters, surrogates,
# backslashes and the letters of escapes, among ordinary characters of any plane.
TRICKY = st.sampled_from(
    list("\\xuUnrt0189abf'\"\n\r\t\x00\x1b\x7f\x85\x9b\xad\u2028\u2029\u202e\u200d\ufeff\ud800\udfff")
)
TEXTS = st.text(alphabet=st.one_of(st.characters(), TRICKY), max_size=30)


@given(TEXTS)
def test_visible_never_lets_a_control_through_and_loses_nothing(text: str) -> None:
    shown = visible(text)
    assert forbidden(shown) == []
    assert all(c.isascii() for c in set(shown) - set(text))  # only ASCII is ever added
    assert unescape(shown) == text
    assert forbidden(one_line(text)) == []
    assert forbidden(quoted(text)) == []


@given(TEXTS, TEXTS)
def test_visible_shows_distinct_texts_differently(a: str, b: str) -> None:
    assert (visible(a) == visible(b)) == (a == b)
    assert (quoted(a) == quoted(b)) == (a == b)


@given(TEXTS, TEXTS)
def test_escaping_goes_character_by_character(a: str, b: str) -> None:
    # What the caret of a diagnostic relies on: the shown prefix is the prefix shown.
    assert one_line(a + b) == one_line(a) + one_line(b)
    assert visible(a + b) == visible(a) + visible(b)


# ---- the summary of `guideline eval --summary` ----


def forged_patient(tmp_path: Path) -> str:
    inputs = json.loads((ROOT / "guideline" / "azathioprine_thrombocytopenia.example.json").read_text("utf-8"))
    inputs["platelets"] = {"value": 20000, "unit": "/uL"}  # counts that say withdraw
    inputs[FORGED_NAME] = 1
    return write(tmp_path / "P.json", json.dumps(inputs))


FORGED_SUMMARY = "\n".join(
    [
        "Thrombocytopenia in a patient taking azathioprine (azathioprine-thrombocytopenia 1.0.0)",
        "Status: invalid_input",
        "Invalid inputs (nothing is recommended):",
        f"  - {SHOWN_NAME}: unknown input",
    ]
)


def test_a_forged_input_name_cannot_forge_the_summary(tmp_path: Path) -> None:
    # End to end, through the installed command as a person runs it.
    installed = Path(sys.executable).parent / "guideline"
    command = (
        [str(installed)] if installed.exists() else [sys.executable, "-c", "from compiler.cli import main; main()"]
    )
    argv = [*command, "eval", str(AZATHIOPRINE), "--input", forged_patient(tmp_path), "--summary"]
    done = subprocess.run(argv, capture_output=True, encoding="utf-8", check=False, cwd=ROOT)
    assert (done.returncode, done.stderr) == (1, "")
    shown = summary_of(done.stdout)
    assert shown == FORGED_SUMMARY
    assert "\x1b" not in done.stdout and forbidden(shown.replace("\n", "")) == []
    lines = done.stdout.splitlines()
    assert [line for line in lines if line.startswith("Status:")] == ["Status: invalid_input"]
    assert not [line for line in lines if line.startswith(("Recommendations:", "  1."))]
    assert json.loads(done.stdout.partition("\n\n")[2])["errors"][0]["input"] == FORGED_NAME


def test_a_forged_input_name_in_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "eval", str(AZATHIOPRINE), "--input", forged_patient(tmp_path), "--summary")
    assert (code, err) == (1, "")
    assert summary_of(out) == FORGED_SUMMARY
    assert [line for line in out.splitlines() if line.startswith("Status:")] == ["Status: invalid_input"]


def test_values_of_choice_inputs_and_units_are_quoted_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The evaluator quotes a given value with repr: its control characters arrive escaped already
    # and are not escaped again (a backslash of the value is doubled by repr, so they stay apart).
    inputs = {
        "indication": "x\n\x1b[8mStatus: complete",
        "azathioprine_status": "a\\nb",
        "platelets": {"value": 20000, "unit": "/uL\u202e\n"},
        "platelet_trend": "\u2028falling",
    }
    path = write(tmp_path / "P.json", json.dumps(inputs))
    code, out, _ = run(capsys, "eval", str(AZATHIOPRINE), "--input", path, "--summary")
    assert code == 1
    shown = summary_of(out)
    assert forbidden(shown.replace("\n", "")) == []
    lines = shown.splitlines()
    assert lines[1] == "Status: invalid_input" and len(lines) == 3 + len(inputs)
    assert "  - indication: 'x\\n\\x1b[8mStatus: complete' is not one of " in shown
    assert "  - azathioprine_status: 'a\\\\nb' is not one of " in shown
    assert "  - platelets: unit '/uL\\u202e\\n' is not accepted (accepted units: " in shown
    assert "  - platelet_trend: '\\u2028falling' is not one of " in shown


def test_every_field_of_a_result_is_shown_escaped() -> None:
    # A result as a compiled evaluator could return it (a cache is a file that anyone can edit).
    evil = "e\n\x1b[2J\u202e\u2028"
    shown_evil = "e\\n\\x1b[2J\\u202e\\u2028"
    result: dict[str, Any] = {
        "guideline": evil,
        "version": evil,
        "status": evil,
        "errors": [{"input": evil, "problem": evil}],
        "recommendations": [{"code": "c", "text": evil, "citations": [evil, "k"]}],
        "needs": [evil, "n"],
        "path": [evil, "end"],
        "trace": [{"node": evil, "condition": evil, "value": None}],
    }
    shown = summary(evil, result)
    assert forbidden(shown.replace("\n", "")) == []
    assert shown.splitlines() == [
        f"{shown_evil} ({shown_evil} {shown_evil})",
        f"Status: {shown_evil}",
        "Invalid inputs (nothing is recommended):",
        f"  - {shown_evil}: {shown_evil}",
        "Recommendations:",
        f"  1. {shown_evil} [{shown_evil}, k]",
        f"Needs data: {shown_evil}, n",
        f"Path: {shown_evil} -> end",
        "Why:",
        f"  {shown_evil}: {shown_evil} -> unknown",
    ]


# A guideline with control characters wherever the grammar admits them: inside texts (raw, or
# written `\n` and `\t`), and in a condition between its tokens (a form feed is blank space).
HOSTILE = (
    probe_guideline('input x "X \x1b[8m"\n  yes or no', "  when x\fis yes go to a\n  otherwise go to b")
    .replace('title "Probe"', 'title "Probe\\nStatus: complete\x1b[2J"')
    .replace('decision d "D?"', 'decision d "D?\u202e\u2028"')
    .replace('action a "A"', 'action a "A\x85"')
    .replace('text "A."', 'text "Stop.\\n  2. Continue\x1b[8m \u202eevil\u200d \\\\n\\t\x7f"')
)


def test_a_guideline_with_control_characters_in_its_texts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    check_text(HOSTILE, "hostile.guideline")  # the grammar admits all of these
    guideline = write(tmp_path / "hostile.guideline", HOSTILE)
    code, out, err = run(capsys, "eval", guideline, "--input", write(tmp_path / "x.json", '{"x": true}'), "--summary")
    assert (code, err) == (0, "")
    assert summary_of(out).splitlines() == [
        "Probe\\nStatus: complete\\x1b[2J (probe 1.0.0)",
        "Status: complete",
        "Recommendations:",
        "  1. Stop.\\n  2. Continue\\x1b[8m \\u202eevil\\u200d \\\\n\\t\\x7f [s]",
        "Path: d -> a -> end",
        "Why:",
        "  d: x\\x0cis yes -> yes",
    ]


def test_a_carriage_return_inside_a_text_given_to_the_api(capsys: pytest.CaptureFixture[str]) -> None:
    # A file's lone CR is a line break (compiler.files.read_text); through the API it stays in the text.
    evaluator = compile_text(probe_guideline('input x "X"\n  yes or no', "  when x go to a\n  otherwise go to b")
                          .replace('text "A."', 'text "A\rStatus: complete"'), "cr.guideline")  # fmt: skip
    result = evaluator.evaluate({"x": True})
    assert "  1. A\\rStatus: complete [s]" in summary(evaluator.title, result).splitlines()


@pytest.mark.parametrize("char", ["\x1b", "\u202e", "\x85"])
def test_citation_keys_cannot_hold_control_characters(char: str) -> None:
    text = probe_guideline('input x "X"\n  yes or no', "  when x go to a\n  otherwise go to b")
    shown = report(text.replace("  cites s\n", f"  cites s{char}\n", 1))
    escaped = visible(char)
    head, line, caret = shown.splitlines()
    assert head.startswith("p.guideline:19:10: error: ") and head.endswith(f"'{escaped}'")
    assert (line, caret) == (f"      cites s{escaped}", "             ^" + "~" * (len(escaped) - 1))


def test_an_escape_the_grammar_does_not_know_is_refused() -> None:
    # `\u001b` is not an escape of the language (only \" \\ \n \t are): it is an error, not an ESC.
    text = probe_guideline('input x "X"\n  yes or no', "  when x go to a\n  otherwise go to b")
    shown = report(text.replace('text "A."', 'text "a\\u001bb"'))
    assert (
        shown.splitlines()[0] == "p.guideline:18:9: error: unknown escape '\\u' in a text: write \\\\ for a backslash"
    )
    assert shown.splitlines()[1] == '      text "a\\u001bb"'


# ---- diagnostics ----


def caret_under(shown: str) -> str:
    """What the caret of a one-diagnostic report points at, in the line as shown."""
    _, line, caret = shown.splitlines()
    start = caret.index("^")
    return line[start : start + len(caret.strip())]


def test_a_source_line_with_esc_and_a_bidi_override_is_shown_escaped() -> None:
    text = probe_guideline('input x "X"\n  yes or no', "  when x go to a\n  otherwise go to b")
    shown = report(text.replace('input x "X"', 'input x "X \x1b[8m\u202e" extra'))
    head, line, caret = shown.splitlines()
    assert head.startswith("p.guideline:6:19: error: ") and head.endswith(", found 'extra'")
    assert line == '    input x "X \\x1b[8m\\u202e" extra'
    assert caret == " " * line.index("extra") + "^~~~~"
    assert caret_under(shown) == "extra"
    assert forbidden(shown.replace("\n", "")) == []


def test_the_caret_covers_an_escaped_character_it_points_at() -> None:
    text = probe_guideline('input x "X"\n  yes or no', "  when x \x1b go to a\n  otherwise go to b")
    shown = report(text)
    assert shown.splitlines()[0] == "p.guideline:9:10: error: '\\x1b' cannot follow 'x' here"
    assert caret_under(shown) == "\\x1b"
    shown = report(text.replace("\x1b", "\u202e"))
    assert caret_under(shown) == "\\u202e"


def test_the_caret_of_an_unknown_escape_after_control_characters() -> None:
    # Whatever column the parser reports, the caret stands under that character as shown.
    text = probe_guideline('input x "X"\n  yes or no', "  when x go to a\n  otherwise go to b")
    for written, shown_line in [
        ('text "Stop \x1b[8m\u202e \\q now."', 'text "Stop \\x1b[8m\\u202e \\q now."'),
        ('text "A\rStatus: ok \\q"', 'text "A\\rStatus: ok \\q"'),  # a CR inside a line (the API keeps it)
    ]:
        source = text.replace('text "A."', written)
        shown = report(source)
        head, line, caret = shown.splitlines()
        assert line == "      " + shown_line
        column = int(head.split(":")[2])
        assert caret_under(shown) == one_line(("  " + written)[column - 1 : column + 1])
        assert forbidden(shown.replace("\n", "")) == []


@pytest.mark.xfail(
    strict=True, reason="dsl/syntax/parser.py _unquote: the column of an unknown escape misses the quote"
)
def test_the_caret_of_an_unknown_escape_is_under_its_backslash() -> None:
    text = probe_guideline('input x "X"\n  yes or no', "  when x go to a\n  otherwise go to b")
    assert caret_under(report(text.replace('text "A."', 'text "Stop \\q now."'))) == "\\q"


def test_a_file_name_with_control_characters() -> None:
    text = probe_guideline('input x "X"\n  yes or no', "  when y go to a\n  otherwise go to b")
    shown = report(text, "evil\n\x1b[2K\u202e.guideline").splitlines()
    assert len(shown) % 3 == 0
    heads = shown[::3]
    assert all(head.startswith("evil\\n\\x1b[2K\\u202e.guideline:") for head in heads)
    assert "evil\\n\\x1b[2K\\u202e.guideline:9:8: error: 'y' is not an input or a definition" in heads


@pytest.mark.parametrize(
    ("source", "column", "end", "line", "caret"),
    [
        ("ab\x1bcd", 4, 5, "ab\\x1bcd", "      ^"),  # after an escape: moved by its length
        ("ab\x1bcd", 3, 4, "ab\\x1bcd", "  ^~~~"),  # on an escape: covers it
        ("a\u202e\u2028b\tc", 5, 6, "a\\u202e\\u2028b c", "              ^"),  # a tab is one column
        ("a\u00e9\u8840b", 4, 5, "a\u00e9\u8840b", "   ^"),  # letters are not escaped
        ("ab", 5, 7, "ab", "    ^~"),  # past the end of the line
        ("a\\b", 2, 4, "a\\b", " ^~"),  # a backslash of the source is shown as written
    ],
)
def test_diagnostic_caret_is_computed_over_the_escaped_line(
    source: str, column: int, end: int, line: str, caret: str
) -> None:
    diagnostic = Diagnostic(Span("f\x1b", 1, column, 1, end), "bad \x1b[8m")
    assert diagnostic.format(source) == f"f\\x1b:1:{column}: error: bad \\x1b[8m\n    {line}\n    {caret}"
    assert diagnostic.format(None) == f"f\\x1b:1:{column}: error: bad \\x1b[8m"
