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
    assert head.startswith("p.guideline:19:10: error: ") and head.endswith(f"'{escaped}' [G0103]")
    assert (line, caret) == (f"      cites s{escaped}", "             ^" + "~" * (len(escaped) - 1))


def test_an_escape_the_grammar_does_not_know_is_refused() -> None:
    # `\u001b` is not an escape of the language (only \" \\ \n \t are): it is an error, not an ESC.
    text = probe_guideline('input x "X"\n  yes or no', "  when x go to a\n  otherwise go to b")
    shown = report(text.replace('text "A."', 'text "a\\u001bb"'))
    assert (
        shown.splitlines()[0]
        == "p.guideline:18:10: error: unknown escape '\\u' in a text: write \\\\ for a backslash [G0106]"
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
    assert head.startswith("p.guideline:6:19: error: ") and head.endswith(", found 'extra' [G0103]")
    assert line == '    input x "X \\x1b[8m\\u202e" extra'
    assert caret == " " * line.index("extra") + "^~~~~"
    assert caret_under(shown) == "extra"
    assert forbidden(shown.replace("\n", "")) == []


def test_the_caret_covers_an_escaped_character_it_points_at() -> None:
    text = probe_guideline('input x "X"\n  yes or no', "  when x \x1b go to a\n  otherwise go to b")
    shown = report(text)
    assert shown.splitlines()[0] == "p.guideline:9:10: error: '\\x1b' cannot follow 'x' here [G0103]"
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


def test_the_caret_of_an_unknown_escape_is_under_its_backslash() -> None:
    text = probe_guideline('input x "X"\n  yes or no', "  when x go to a\n  otherwise go to b")
    assert caret_under(report(text.replace('text "A."', 'text "Stop \\q now."'))) == "\\q"


def test_a_file_name_with_control_characters() -> None:
    text = probe_guideline('input x "X"\n  yes or no', "  when y go to a\n  otherwise go to b")
    shown = report(text, "evil\n\x1b[2K\u202e.guideline").splitlines()
    assert len(shown) % 3 == 0
    heads = shown[::3]
    assert all(head.startswith("evil\\n\\x1b[2K\\u202e.guideline:") for head in heads)
    assert "evil\\n\\x1b[2K\\u202e.guideline:9:8: error: 'y' is not an input or a definition [G0201]" in heads


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


# ---- `guideline graph` ----

# HOSTILE, with a form feed, a line separator and a next-line control in an action's label, and a
# check whose label and rule hold control characters.
GRAPH_HOSTILE = HOSTILE.replace('action b "B"', 'action b "B\fnext\u2028line\x85"') + (
    'check c "Check\f\x1b[8m\u202e"\n  when x\fis\fno recommend ra\n'
)


def test_the_graph_summary_shows_labels_conditions_and_checks_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "graph", write(tmp_path / "g.guideline", GRAPH_HOSTILE))
    assert (code, err) == (0, "")
    assert forbidden(out.replace("\n", "")) == []
    assert out.splitlines() == [
        "probe 1.0.0: 1 decision, 2 actions, 4 edges, 2 paths from 'd' to the end",
        "d (decision, line 8): D?\\u202e\\u2028",
        "    x\\x0cis yes -> a",
        "    otherwise -> b",
        "a (action, line 11): A\\x85",
        "    recommends ra",
        "    then -> end",
        "b (action, line 14): B\\x0cnext\\u2028line\\x85",
        "    recommends rb",
        "    then -> end",
        "check c: Check\\x0c\\x1b[8m\\u202e",
        "    when x\\x0cis\\x0cno",
    ]


def test_a_line_break_in_a_label_does_not_start_a_line_of_the_graph_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = probe_guideline('input x "X"\n  yes or no', "  when x go to a\n  otherwise go to b")
    forged = text.replace('action a "A"', 'action a "A\\nb (action, line 1): forged \\\\ step"')
    code, out, _ = run(capsys, "graph", write(tmp_path / "g.guideline", forged))
    assert code == 0
    assert "a (action, line 11): A\\nb (action, line 1): forged \\\\ step" in out.splitlines()
    assert not [line for line in out.splitlines() if line.startswith("b (action, line 1)")]


# ---- `guideline test` ----

# Two inputs and two decisions: `d` reads `n`, then `e` reads `n` again (route d -> e -> a is
# infeasible, a defect but not an error), with form feeds in the conditions and a label.
TWO_DECISIONS = probe_guideline(
    'input n "N"\n  number\n  range 0 to 10',
    '  when n\f> 5 go to e\n  otherwise go to e\ndecision e "E\f?"\n  when n\f< 3 go to a\n  otherwise go to b',
)

HOSTILE_CASES = r"""
[[case]]
id = "c\nFAIL forged: x"
description = "d\u001b[8m\u2028e\\n"
status = "needs_data"
codes = ["ra\u202e", "rb"]
needs = ["q\u0085"]
errors = ["n\n\u001b"]
[case.inputs]
n = 1
"q\n\u001b[2J" = 1

[[case]]
id = "ok"
description = "a description\u2029with a paragraph separator"
status = "needs_data"
[case.inputs]
n = 1
"""


def test_a_failing_case_is_reported_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    guideline = write(tmp_path / "g.guideline", TWO_DECISIONS)
    cases = write(tmp_path / "g.cases", HOSTILE_CASES)
    code, out, err = run(capsys, "test", guideline, "--cases", cases)
    assert (code, err) == (1, "")
    assert forbidden(out.replace("\n", "")) == []
    lines = out.splitlines()
    assert [line for line in lines if line.startswith("FAIL")] == [
        "FAIL c\\nFAIL forged: x: d\\x1b[8m\\u2028e\\\\n",
        "FAIL ok: a description\\u2029with a paragraph separator",
    ]
    assert lines[2:9] == [
        "    status  needs_data                                       != invalid_input",
        "    codes   ra\\u202e, rb                                     != -",
        "    needs   q\\x85                                            != -",
        "    errors  n\\n\\x1b                                          != q\\n\\x1b[2J",
        "    missing ra\\u202e, rb",
        "    extra   -",
        "    path    (none)",
    ]
    assert lines[-3:] == ["    extra   ra", "    path    d -> e -> a -> end", f"{cases}: 0 passed, 2 failed"]


def test_a_huge_integer_in_a_cases_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    guideline = write(tmp_path / "g.guideline", TWO_DECISIONS)
    limit = sys.get_int_max_str_digits()
    huge = write(tmp_path / "huge.cases", f'[[case]]\nid = "a"\nstatus = "complete"\n[case.inputs]\nn = {"9" * 5000}\n')
    deep = write(
        tmp_path / "deep.cases", '[[case]]\nid = "a"\nstatus = "complete"\n[case.inputs]\nn = ' + "[" * 100_000 + "\n"
    )
    for command in ("test", "coverage"):
        code, out, err = run(capsys, command, guideline, "--cases", huge)
        assert (code, out) == (2, "")
        assert err == f"guideline: {huge}: not usable: an integer has more than {limit} digits\n"
        code, out, err = run(capsys, command, guideline, "--cases", deep)
        assert (code, out) == (2, "")
        assert err == f"guideline: {deep}: not usable: arrays or tables nested too deeply\n"


def test_messages_about_a_cases_file_show_its_names_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    guideline = write(tmp_path / "g.guideline", TWO_DECISIONS)
    cases = write(tmp_path / "g.cases", '[[case]]\nid = "a"\nstatus = "complete"\n"x\\u001b[8m\\u202e" = 1\n')
    code, _, err = run(capsys, "test", guideline, "--cases", cases)
    assert code == 2
    assert err == f"guideline: {cases}: case 'a': unknown field(s) 'x\\x1b[8m\\u202e'\n"
    write(tmp_path / "g.cases", '[[case]]\nid = "a\\u001b\\u2028"\nstatus = "done"\n')
    code, _, err = run(capsys, "test", guideline, "--cases", cases)
    assert err.startswith(f"guideline: {cases}: case 'a\\x1b\\u2028': status must be one of ")
    write(tmp_path / "g.cases", '[[case]]\nid = "a"\n\x1b = 1\n')
    code, _, err = run(capsys, "test", guideline, "--cases", cases)
    assert err == f"guideline: {cases}: not valid TOML: Invalid statement (at line 3, column 1)\n"
    assert forbidden(err.replace("\n", "")) == []


# ---- `guideline coverage` and `guideline verify` ----


def evil_files(tmp_path: Path, cases: str) -> str:
    """TWO_DECISIONS and its cases, in files whose name holds a line break, ESC and U+202E."""
    base = tmp_path / "evil\x1b[2K\n\u202e"
    write(base.with_name(base.name + ".cases"), cases)
    return write(base.with_name(base.name + ".guideline"), TWO_DECISIONS)


SHOWN_FILE = "evil\\x1b[2K\\n\\u202e.guideline"


def test_the_coverage_report_is_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = '[[case]]\nid = "low"\nstatus = "complete"\ncodes = ["ra"]\n[case.inputs]\nn = 1\n'
    guideline = evil_files(tmp_path, cases)
    code, out, _ = run(capsys, "coverage", guideline)
    assert code == 1
    assert forbidden(out.replace("\n", "")) == []
    lines = out.splitlines()
    assert lines[0] == f"Coverage of {tmp_path}/{SHOWN_FILE} by 1 cases (1 evaluated, 0 with invalid input)"
    assert "  outcome d line 10: n\\x0c> 5" in lines
    assert "  route d -> e -> b -> end" in lines
    assert lines[lines.index("Defects of the guideline (not coverage gaps):") + 1] == (
        "  no patient can take d -> e -> a -> end: line 10: 'n\\x0c> 5' is true; line 13: 'n\\x0c< 3' is true"
    )


def test_the_explanation_of_verify_is_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    guideline = evil_files(tmp_path, "")
    code, out, _ = run(capsys, "verify", guideline)
    assert code == 0
    assert forbidden(out.replace("\n", "")) == []
    lines = out.splitlines()
    assert lines[:3] == [
        f"{tmp_path}/{SHOWN_FILE}: 4 routes, 3 a patient can take",
        "    1. [INFEASIBLE] d -> e -> a -> end",
        "       contradiction: line 10: 'n\\x0c> 5' is true; line 13: 'n\\x0c< 3' is true",
    ]


def test_the_explanation_shows_branches_overlaps_and_witnesses_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A shadowed branch is an error, yet `verify` explains it: every part of the explanation.
    text = probe_guideline(
        'input x "X"\n  yes or no\ninput n "N"\n  number\n  range 0 to 10',
        "  when x\fis yes go to a\n  when x\fis yes\fand n > 5 go to b\n  otherwise go to b",
    )
    code, out, _ = run(capsys, "verify", write(tmp_path / "g.guideline", text))
    assert code == 1
    assert forbidden(out.replace("\n", "")) == []
    lines = out.splitlines()
    assert lines[lines.index("Branches that can never be taken:") + 1] == "  d line 13: x\\x0cis yes\\x0cand n > 5"
    assert "  d line 12: x\\x0cis yes  and  d line 13: x\\x0cis yes\\x0cand n > 5" in lines
    assert "       e.g. x=True" in lines


# ---- JSON ----

# One of every kind a terminal acts on that json.dumps(ensure_ascii=False) leaves as it is.
RAW_IN_JSON = "\u202e\u200d\u2028\u2029\x7f\x85\x9b\xad\ufeff\U000e0041"


def test_json_output_escapes_what_a_terminal_would_act_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = {
        f"x\n\x1b[8m{RAW_IN_JSON}": 1,
        "indication": f"arthritis{RAW_IN_JSON}",
        "platelets": {"value": 20000, "unit": "/uL\u202e"},
        "Plättchen 血小板 😀": 2,
    }
    path = write(tmp_path / "P.json", json.dumps(inputs))
    code, out, err = run(capsys, "eval", str(AZATHIOPRINE), "--input", path)
    assert (code, err) == (1, "")
    assert forbidden(out.replace("\n", "")) == []
    assert "\\u202e\\u200d\\u2028\\u2029\\u007f\\u0085\\u009b\\u00ad\\ufeff\\udb40\\udc41" in out
    assert "Plättchen 血小板 😀" in out  # letters of any script stay readable
    result = json.loads(out)
    names = {error["input"] for error in result["errors"]}
    assert {f"x\n\x1b[8m{RAW_IN_JSON}", "Plättchen 血小板 😀", "indication", "platelets"} <= names


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1", "ascii", "cp1252", None, "no-such-encoding"])
@given(value=st.dictionaries(TEXTS, st.lists(st.one_of(TEXTS, st.integers(), st.none()), max_size=3), max_size=3))
def test_json_text_is_the_same_value_with_nothing_raw(encoding: str | None, value: dict[str, Any]) -> None:
    from compiler.cli.common import json_text

    text = json_text(value, encoding)
    assert json.loads(text) == value
    assert forbidden(text.replace("\n", "")) == []
    if encoding not in (None, "no-such-encoding"):
        text.encode(encoding)  # whatever the encoding cannot hold is escaped


# ---- flowchart notes ----

SVG_NS = "{http://www.w3.org/2000/svg}"


def note_lines(svg: Path) -> list[str]:
    """The lines of the chart's own label (title, facts, the overlay's note), as drawn."""
    import xml.etree.ElementTree as ET

    graph = ET.fromstring(svg.read_bytes()).find(f"{SVG_NS}g")
    assert graph is not None
    return [text.text or "" for text in graph.findall(f"{SVG_NS}text")]


def render(tmp_path: Path, guideline: str, patient: dict[str, Any]) -> tuple[Path, str]:
    source = write(tmp_path / "g.guideline", guideline)
    inputs = write(tmp_path / "P.json", json.dumps(patient))
    out = tmp_path / "out.svg"
    installed = Path(sys.executable).parent / "guideline"
    command = (
        [str(installed)] if installed.exists() else [sys.executable, "-c", "from compiler.cli import main; main()"]
    )
    done = subprocess.run(
        [*command, "render", source, "--highlight", inputs, "-o", str(out)],
        capture_output=True,
        encoding="utf-8",
        check=False,
        cwd=ROOT,
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return out, out.read_text(encoding="utf-8")


SVG_PROBE = probe_guideline('input x "X"\n  yes or no', "  when x go to a\n  otherwise go to b")


def test_the_note_of_an_invalid_patient_is_escaped(tmp_path: Path) -> None:
    patient = {"x\nStatus: complete\x1b[8m\u202e\u2028\x85": 1, "x": "yes\u202e"}
    out, svg = render(tmp_path, SVG_PROBE, patient)
    assert forbidden(svg.replace("\n", "")) == []  # the guideline's own texts are ordinary
    lines = note_lines(out)
    assert "x\\nStatus: complete\\x1b[8m\\u202e\\u2028\\x85: unknown input" in lines
    assert "x: expected true or false, got the text 'yes\\u202e'" in lines
    assert not [line for line in lines if line.startswith("Status")]


def test_the_note_of_a_complete_evaluation_is_escaped(tmp_path: Path) -> None:
    # The recommendation's text is drawn raw in its action's box too (compiler/flowchart/chart.py):
    # only the note, which the overlay builds, is checked here.
    hostile = SVG_PROBE.replace('text "A."', 'text "Stop.\\n  2. Continue\x1b[8m \u202eevil\u200d \\\\n\x7f"')
    out, _ = render(tmp_path, hostile, {"x": True})
    lines = note_lines(out)
    assert "Result: complete, 1 recommendation:" in lines
    assert "• \u00a0Stop.\\n \u00a02. Continue\\x1b[8m \\u202eevil\\u200d \\\\n\\x7f (ra)" in lines
    assert forbidden("".join(lines)) == []


def test_the_note_of_an_evaluation_that_stopped_is_escaped(tmp_path: Path) -> None:
    hostile = SVG_PROBE.replace('decision d "D?"', 'decision d "D?\\nMissing: nothing\x1b[8m"')
    out, _ = render(tmp_path, hostile, {})
    lines = note_lines(out)
    assert forbidden("".join(lines)) == []
    assert [line for line in lines if line.startswith("Missing")] == ["Missing: x."]
    assert any("D?\\nMissing: nothing\\x1b[8m" in line for line in lines), lines


def test_every_text_of_a_highlight_overlay_is_escaped() -> None:
    # A result as a compiled evaluator could return it (a cache is a file that anyone can edit).
    from compiler.flowchart import highlight_overlay

    evil = "e\n\x1b[2J\u202e\u2028"
    shown = "e\\n\\x1b[2J\\u202e\\u2028"
    program = check_text(SVG_PROBE, "p.guideline").program
    invalid = highlight_overlay(program, {"status": "invalid_input", "errors": [{"input": evil, "problem": evil}]})
    assert invalid.note == (f"{shown}: {shown}",)
    result = {
        "status": "needs_data",
        "path": ["d"],
        "needs": [evil],
        "recommendations": [{"code": evil, "text": evil}],
        "trace": [],
    }
    stopped = highlight_overlay(program, result)
    assert stopped.needs == (shown,) and stopped.listed == (f"{shown} ({shown})",)
    assert stopped.note[0] == f"Missing: {shown}."
    result["status"] = evil
    assert highlight_overlay(program, result).note_title == f"Result: {shown}, 1 recommendation:"


def test_file_names_in_usage_errors_and_written_lines_are_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file name that the user passes can hold anything: usage errors and "written" lines
    show its control characters escaped, never raw."""

    missing = tmp_path / "p\x1b[31m\u202e.guideline"
    assert cli.main(["check", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\u202e" not in err and "p\\x1b[31m\\u202e.guideline: no such file" in err
    out_path = tmp_path / "out\x1b[2K.py"
    assert cli.main(["compile", str(AZATHIOPRINE), "-o", str(out_path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "out\\x1b[2K.py: written (" in out
