"""`guideline fmt` (dsl.syntax.format): one canonical layout, comments kept, idempotent, and
meaning-preserving: the formatted text gives the same program and the same compiled module."""

from __future__ import annotations

import dataclasses
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.api import check_text
from compiler.files import read_text
from compiler.python.codegen import generate
from dsl.errors import GuidelineSyntaxError
from dsl.program import Program
from dsl.syntax.format import format_text
from tests.conftest import EXAMPLE, ROOT, TESTS

SHIPPED = sorted((ROOT / "guideline").glob("*.guideline")) + sorted((ROOT / "guideline" / "common").glob("*.guideline"))
VALID = [*SHIPPED, EXAMPLE, TESTS / "examples" / "groups.guideline", TESTS / "golden" / "hostile.guideline"]
GUIDELINE_COMMAND = [str(Path(sys.executable).with_name("guideline"))]
TOKEN = re.compile(r'"(?:\\.|[^"\\\n])*"|\'[^\'\n]*\'|#.*|\S+')


def _meaning(program: Program) -> str:
    """The program without where it was written: its repr with every span (and the text) left out."""
    bare = dataclasses.replace(program, source_text="", filename="")
    return re.sub(r"Span\([^)]*\)", "Span", repr(bare))


def _module(program: Program) -> str:
    """The compiled module without the lines it names and the hash of the text."""
    source = generate(program)
    source = re.sub(r"#[^\n]*\.guideline:\d+", "#", source)
    return re.sub(r"sha256 [0-9a-f]{64}", "sha256", source)


def _comments(text: str) -> list[str]:
    return [token for line in text.split("\n") for token in TOKEN.findall(line) if token.startswith("#")]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_the_shipped_guidelines_and_libraries_are_formatted(path: Path) -> None:
    text = read_text(str(path))
    assert format_text(text, str(path)) == text, f"{path}: run guideline fmt {path}"


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_formatting_keeps_the_meaning_and_is_idempotent(path: Path) -> None:
    text = read_text(str(path))
    formatted = format_text(text, str(path))
    assert format_text(formatted, str(path)) == formatted
    assert _comments(formatted) == _comments(text)
    if "library" not in text.split("\n", 20)[5] and path.parent.name != "common":
        before, after = check_text(text, str(path)).program, check_text(formatted, str(path)).program
        assert _meaning(after) == _meaning(before)
        assert _module(after) == _module(before)


def test_a_block_s_lines_are_put_in_order_with_their_comments() -> None:
    text = (
        "guideline g\ntitle \"G\"\nversion 1.0.0\nstatus draft\n"
        "input x \"X\"\n  # the description\n  description \"D\"\n   accepts /uL\n  number in 10*9/L  # a count\n"
        "recommendation r\n  cites s\n  text \"T\"\n"
    )
    assert format_text(text) == (
        "guideline g\ntitle \"G\"\nversion 1.0.0\nstatus draft\n\n"
        "input x \"X\"\n  number in 10*9/L  # a count\n  accepts /uL\n  # the description\n  description \"D\"\n\n"
        "recommendation r\n  text \"T\"\n  cites s\n"
    )


def test_a_recommendation_s_reasons_follow_its_text_in_their_order_and_reason_lines_stand_together() -> None:
    text = (
        "guideline g\ntitle \"G\"\nversion 1.0.0\nstatus draft\n"
        "reason a   \"A.\"\n\n\nreason b \"B.\"\n"
        "recommendation r\n  urgency info\n  because b\n  cites s\n  # the second\n    because   a\n  text \"T\"\n"
    )
    formatted = format_text(text)
    assert formatted == (
        "guideline g\ntitle \"G\"\nversion 1.0.0\nstatus draft\n\n"
        "reason a \"A.\"\nreason b \"B.\"\n\n"
        "recommendation r\n  text \"T\"\n  because b\n  # the second\n  because a\n  cites s\n  urgency info\n"
    )
    assert format_text(formatted) == formatted


def test_spacing_inside_a_line() -> None:
    text = 'guideline g\ntitle "G"\nversion 1.0.0\nstatus draft\ndefine d as  min( a ,b )<  -5 or else   x\n'
    assert format_text(text).endswith("\n\ndefine d as min(a, b) < -5 or else x\n")


def test_a_text_that_does_not_parse_is_refused() -> None:
    with pytest.raises(GuidelineSyntaxError):
        format_text('guideline g\ntitle "G\n')


# ---- generated layouts: noise on valid guidelines, then formatted ----


def _noisy(text: str, rng: random.Random, comments: bool) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        tokens = TOKEN.findall(line)
        if not tokens:
            out.append(" " * rng.randint(0, 3) if line.strip() == "" else line)
            continue
        code = [t for t in tokens if not t.startswith("#")]
        # Re-join the tokens with random runs of spaces and tabs where there was space.
        pieces: list[str] = []
        position = 0
        for token in tokens:
            start = line.index(token, position)
            gap = line[position:start]
            if gap and pieces:
                gap = rng.choice([" ", "  ", "\t", " \t "])
            elif gap:
                gap = rng.choice(["", " ", "    ", "\t"])
            pieces.append(gap + token)
            position = start + len(token)
        noisy = "".join(pieces)
        if comments and code and rng.random() < 0.1 and not tokens[-1].startswith("#"):
            noisy += f"  # note {rng.randint(0, 99)}"
        if comments and rng.random() < 0.1:
            out.append(rng.choice(["", "  "]) + f"# above {rng.randint(0, 99)}")
        if comments and rng.random() < 0.15:  # a blank line can part a comment from its line
            out.append("")
        out.append(noisy)
    return "\n".join(out)


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(VALID), st.integers(0, 2**32 - 1), st.booleans())
def test_any_layout_formats_to_the_same_program(path: Path, seed: int, comments: bool) -> None:
    text = read_text(str(path))
    noisy = _noisy(text, random.Random(seed), comments)
    formatted = format_text(noisy, str(path))
    assert format_text(formatted, str(path)) == formatted  # idempotent
    assert _comments(formatted) == _comments(noisy)  # every comment kept, in order
    if not comments:  # spacing and indentation alone: the layout is the original's
        assert formatted == format_text(text, str(path))
    if path.parent.name != "common":
        original = check_text(text, str(path)).program
        assert _meaning(check_text(formatted, str(path)).program) == _meaning(original)


@settings(max_examples=10, deadline=None, derandomize=True)
@given(st.integers(5, 60), st.integers(0, 2**32 - 1))
def test_synthetic_guidelines_keep_their_program(steps: int, seed: int) -> None:
    from benchmarks.synthetic import synthetic

    text = synthetic(steps)
    noisy = _noisy(text, random.Random(seed), True)
    formatted = format_text(noisy, "synthetic.guideline")
    before = check_text(text, "synthetic.guideline").program
    after = check_text(formatted, "synthetic.guideline").program
    assert _meaning(after) == _meaning(before)
    assert _module(after) == _module(before)


# ---- the command ----


def test_fmt_check_diff_and_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "g.guideline"
    messy = read_text(str(EXAMPLE)).replace("  accepts /uL\n", "      accepts    /uL\n")
    path.write_text(messy, encoding="utf-8")
    check = subprocess.run([*GUIDELINE_COMMAND, "fmt", "--check", str(path)], capture_output=True, text=True)
    assert (check.returncode, check.stderr) == (1, f"{path}: would be reformatted\n")
    diff = subprocess.run([*GUIDELINE_COMMAND, "fmt", "--diff", str(path)], capture_output=True, text=True)
    assert diff.returncode == 1 and "-      accepts    /uL\n+  accepts /uL\n" in diff.stdout
    assert path.read_text(encoding="utf-8") == messy  # neither wrote
    done = subprocess.run([*GUIDELINE_COMMAND, "fmt", str(path)], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, f"{path}: reformatted\n")
    assert path.read_text(encoding="utf-8") == format_text(messy)
    again = subprocess.run([*GUIDELINE_COMMAND, "fmt", "--check", str(path)], capture_output=True, text=True)
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")


def test_fmt_leaves_a_text_with_syntax_errors_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "bad.guideline"
    path.write_text('guideline g\ntitle "G\n', encoding="utf-8")
    done = subprocess.run([*GUIDELINE_COMMAND, "fmt", str(path)], capture_output=True, text=True)
    assert done.returncode == 1 and f"{path}:2:7: error:" in done.stderr
    assert path.read_text(encoding="utf-8") == 'guideline g\ntitle "G\n'
