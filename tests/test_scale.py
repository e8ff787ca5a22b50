"""Definitions thousands deep, end to end through the commands (issue 12, item 8): every stage
handles them (exit 0), and a chain past the language's limit is an author's error at its line
(exit 1), never a crash. The times are in benchmarks/RESULTS.md, not asserted here."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.shapes import chain, write
from compiler import cli
from dsl.semantics import MAX_DEPTH


@pytest.fixture(scope="module")
def deep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write("chain", 3_000, tmp_path_factory.mktemp("deep"))


@pytest.mark.parametrize(
    "command",
    [["check"], ["verify"], ["compile", "-o", "{tmp}/deep.py"], ["coverage"], ["render", "-o", "{tmp}/deep.dot"]],
    ids=lambda c: c[0],
)
def test_every_stage_takes_a_chain_thousands_deep(
    deep: Path, command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [command[0], str(deep), *(a.format(tmp=tmp_path) for a in command[1:])]
    assert cli.main(argv) == 0, capsys.readouterr().err
    assert "Traceback" not in capsys.readouterr().err


def test_a_chain_past_the_limit_is_an_authors_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "too_deep.guideline"
    path.write_text(chain(MAX_DEPTH + 1), encoding="utf-8")
    assert cli.main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines[0].startswith(f"{path}:") and ": error: 'd10000' is built on 10,000 definitions" in lines[0]
    assert lines[-1] == f"{path}: 1 error"


def test_a_ladder_thousands_of_decisions_long_compiles_and_evaluates(tmp_path: Path) -> None:
    """Steps reached from one branch are written in place only so deep (`INLINE_DEPTH`): a ladder
    of 3,000 decisions compiles (it used to exhaust the recursion limit at 10,000) and its far end
    is reached as the interpreter reaches it."""
    from compiler.api import Evaluator, check_text
    from compiler.python.codegen import INLINE_DEPTH, generate
    from compiler.testing.interpreter import interpret

    path = write("ladder", 3_000, tmp_path)
    program = check_text(path.read_text(encoding="utf-8"), str(path)).program
    source = generate(program)
    assert source.count("\ndef _s") > 3_000 // INLINE_DEPTH  # some steps got functions of their own
    evaluate = Evaluator(source, str(path)).evaluate
    for inputs in ({"x": 0}, {"x": 2_998.5}, {"x": 3_000}, {"x": 3_001}, {}):
        assert evaluate(inputs) == interpret(program, inputs), inputs
