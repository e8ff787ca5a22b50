"""Source → graph summary and source → generated module, compared whole with golden files."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.api import check_text
from compiler.python.codegen import generate
from dsl.graph import summary_text
from tests.conftest import EXAMPLE, TESTS, assert_golden

GOLDEN = TESTS / "golden"
SOURCES = [EXAMPLE, EXAMPLE.with_name("groups.guideline"), GOLDEN / "hostile.guideline"]


def checked(path: Path):  # type: ignore[no-untyped-def]
    return check_text(path.read_text(encoding="utf-8"), path.name)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_graph_summary(path: Path) -> None:
    assert_golden(GOLDEN / f"{path.stem}.graph.txt", summary_text(checked(path).program.graph))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_generated_module(path: Path) -> None:
    assert_golden(GOLDEN / f"{path.stem}.py.txt", generate(checked(path).program))
