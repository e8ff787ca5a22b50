"""The diff corpus (tests/diff/pairs.py): for each pair of the base and one edit, the contract
changes, the version verdict and the regions written by hand, and the whole report against its
golden file. Every region of the corpus is decided: a witness that both compiled evaluators
really treat differently."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.diff import compare
from compiler.diff.report import as_text
from tests.conftest import assert_golden
from tests.diff.pairs import PAIRS, Pair

HERE = Path(__file__).resolve().parent / "diff"
BASE = HERE / "base.guideline"
TEXT = BASE.read_text(encoding="utf-8")


def edited(pair: Pair) -> str:
    text = TEXT
    for old, new in pair.edits:
        assert text.count(old) == 1, f"{pair.name}: {old!r} must occur once in the base"
        text = text.replace(old, new)
    if pair.version != "1.0.0":
        text = text.replace("version 1.0.0", f"version {pair.version}")
    return text


def test_the_corpus_is_large_and_named_once() -> None:
    names = [p.name for p in PAIRS]
    assert len(names) >= 30 and len(set(names)) == len(names)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
def test_pair(pair: Pair) -> None:
    diff = compare(TEXT, "base.guideline", edited(pair), f"{pair.name}.guideline")
    assert {(c.kind, c.name, c.breaking) for c in diff.contract} == pair.contract
    assert diff.version.ok == pair.version_ok, diff.version.problem
    assert diff.complete
    descriptions = [" and ".join(r.description) for r in diff.regions]
    if not pair.changed:
        assert descriptions == []
    else:
        assert descriptions, "a behaviour change must show as a region"
        missing = [d for d in pair.regions if d not in descriptions]
        assert not missing, f"not reported: {missing}; reported: {descriptions}"
    for region in diff.regions:
        assert region.confirmed and not region.undecided, region
    text = as_text(diff)
    assert ("no behaviour change" in text) == (not pair.changed)
    assert_golden(HERE / "golden" / f"{pair.name}.txt", text)
