"""A text is parsed in blocks of lines whose records are kept (`dsl.syntax.parser`): the model is
the one the whole text parses to, whatever was parsed before, and a bad line is reported as
before."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark.exceptions import UnexpectedInput

from dsl.errors import GuidelineSyntaxError, source_lines
from dsl.syntax import parser
from dsl.syntax.lines import assemble
from dsl.syntax.parser import parse
from tests.conftest import AZATHIOPRINE, ROOT

TEXTS = sorted(p for folder in ("guideline", "tests") for p in (ROOT / folder).rglob("*.guideline"))


def whole(text: str, filename: str):  # type: ignore[no-untyped-def]
    """The text parsed in one piece, as before blocks: the model, or the syntax errors."""
    if not text.endswith("\n"):
        text += "\n"
    try:
        tree = parser._lark().parse(text)
    except UnexpectedInput:
        return [d.format({filename: text}) for d in parser._line_errors(text, filename)]
    records = parser._ToRecords(source_lines(text), filename)
    guideline, problems = assemble(records.transform(tree), text, filename)
    problems = records.problems + problems
    return [d.format({filename: text}) for d in problems] if problems else guideline


def blocks(text: str, filename: str):  # type: ignore[no-untyped-def]
    try:
        return parse(text, filename)
    except GuidelineSyntaxError as error:
        shown = text if text.endswith("\n") else text + "\n"
        return [d.format({filename: shown}) for d in error.diagnostics]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_text_parses_in_blocks_to_what_it_parses_to_whole(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    parser._KEPT.clear()
    too_complex = parser._too_complex(text, path.name)  # refused before any parsing, either way
    expected = [d.format({path.name: text}) for d in too_complex] if too_complex else whole(text, path.name)
    assert blocks(text, path.name) == expected
    assert blocks(text, path.name) == expected  # again, every block's records kept
    other = "other-" + path.name  # the same lines in another file: every span in that file
    parsed_there = blocks(text, other)
    parser._KEPT.clear()
    assert parsed_there == blocks(text, other)


def test_the_blocks_are_the_text_and_number_its_lines() -> None:
    text = AZATHIOPRINE.read_text(encoding="utf-8")
    found = parser._blocks(text)
    assert "".join(block for _, block in found) == text
    for (first, block), (after, _) in zip(found, found[1:], strict=False):
        assert after == first + block.count("\n")
    assert all(block.count("\n") <= parser.BLOCK_LINES[1] for _, block in found)


LINES = AZATHIOPRINE.read_text(encoding="utf-8").split("\n")


@st.composite
def edited(draw: st.DrawFn) -> str:
    """The shipped guideline with a few lines changed, added or removed (some edits break it)."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 2))
        match draw(st.sampled_from(["number", "insert", "delete", "garble"])):
            case "number":
                lines[at] = "".join("7" if ch.isdigit() else ch for ch in lines[at])
            case "insert":
                lines.insert(at, draw(st.sampled_from(["", "# a note", "define extra as platelets < 3", "  cites"])))
            case "delete":
                del lines[at]
            case _:
                lines[at] = lines[at][: len(lines[at]) // 2]
    return "\n".join(lines)


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(first=edited(), second=edited())
def test_what_was_parsed_before_changes_nothing(first: str, second: str) -> None:
    """A version parsed after another (the diff's old and new, an editor's keystrokes) gives what
    it gives alone: the model, or the same errors."""
    name = str(AZATHIOPRINE)
    parser._KEPT.clear()
    blocks(first, name)
    after = blocks(second, name)
    parser._KEPT.clear()
    assert after == blocks(second, name) == whole(second, name)
