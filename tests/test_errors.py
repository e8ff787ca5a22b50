"""Every author mistake in tests/errors/ gets its whole expected report, positions included."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.api import check_text
from dsl.errors import GuidelineError
from tests.conftest import TESTS, assert_golden

CORPUS = sorted((TESTS / "errors").glob("*.guideline"))


def report(path: Path) -> str:
    name = f"tests/errors/{path.name}"
    try:
        check_text(path.read_text(encoding="utf-8"), name)
    except GuidelineError as error:
        return error.report() + "\n"
    return "(no errors)\n"


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_mistake_is_reported(path: Path) -> None:
    assert_golden(path.with_suffix(".expected"), report(path))


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_every_mistake_is_an_error(path: Path) -> None:
    assert report(path) != "(no errors)\n"
