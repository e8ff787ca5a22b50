"""Shared fixtures and the golden-file helper (`UPDATE_GOLDEN=1 pytest` rewrites goldens on purpose)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from compiler.api import Evaluator, load

# Compiled evaluators are cached on disk; the tests keep theirs apart from the user's.
os.environ.setdefault("GUIDELINE_CACHE_DIR", tempfile.mkdtemp(prefix="guideline-test-cache-"))

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
EXAMPLE = TESTS / "examples" / "all_features.guideline"
AZATHIOPRINE = ROOT / "guideline" / "azathioprine_thrombocytopenia.guideline"
SHARED = ROOT.parent / "shared"


def assert_golden(path: Path, actual: str) -> None:
    """Compare a whole output with its golden file; rewrite it when UPDATE_GOLDEN=1."""
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"{path} does not exist: run UPDATE_GOLDEN=1 pytest to create it")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path} differs (UPDATE_GOLDEN=1 rewrites it)"


@pytest.fixture(scope="session")
def example() -> Evaluator:
    """The small guideline that uses every construct of the language, compiled once."""
    return load(str(EXAMPLE))


@pytest.fixture(scope="session")
def azathioprine() -> Evaluator:
    return load(str(AZATHIOPRINE))
