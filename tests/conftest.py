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
# The clinical specifications and their public vignettes, copied from the project's shared folder
# (docs/specification/README.md): the tests read nothing outside the repository.
SPECIFICATION = ROOT / "docs" / "specification"


def probe_guideline(inputs: str, branches: str) -> str:
    """A small guideline for one decision `d`: the given inputs, then the decision's branch lines,
    which may go to the actions `a` (code `ra`) and `b` (code `rb`)."""
    return (
        'guideline probe\ntitle "Probe"\nversion 1.0.0\nstatus draft\nsource s "S"\n'
        f'{inputs}\ndecision d "D?"\n{branches}\n'
        'action a "A"\n  recommend ra\n  then end\naction b "B"\n  recommend rb\n  then end\n'
        'recommendation ra\n  text "A."\n  cites s\nrecommendation rb\n  text "B."\n  cites s\n'
    )


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
