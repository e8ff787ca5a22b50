"""A recommendation's reason (`because`, `reason NAME`): the full text every backend shows is
`TEXT: REASON REASON`, composed once when the model is lowered, and the shipped guidelines'
texts are exactly what they were when each was written in one string."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from compiler.api import check_text, report_text
from compiler.files import read_text
from compiler.python.codegen import generate
from dsl import reasons
from dsl.imports import library_problems
from dsl.program import Program
from dsl.syntax.parser import parse
from tests.conftest import ROOT, TESTS, assert_golden

SHIPPED = sorted((ROOT / "guideline").glob("*.guideline"))

HEAD = """guideline mini
title "Mini"
version 1.0.0
status draft

source label "Drug label"

input count "Platelet count"
  number in 10*9/L
  range 0 to 2000

decision first "Low count?"
  when count < 50 go to stop
  when count < 100 go to reduce
  otherwise go to keep

action stop "Stop"
  recommend stop_drug
  then end

action reduce "Reduce"
  recommend reduce_dose
  then end

action keep "Keep"
  recommend keep_drug
  then end
"""

WITH_REASONS = (
    HEAD
    + """
reason low "the platelet count is low."

recommendation stop_drug
  text "Stop the drug"
  because low
  because "Below 50 x10^9/L it is severe."
  cites label

recommendation reduce_dose
  text "Reduce the dose"
  because low
  cites label

recommendation keep_drug
  text "Keep the drug."
  cites label
"""
)

IN_ONE_STRING = (
    HEAD
    + """
recommendation stop_drug
  text "Stop the drug: the platelet count is low. Below 50 x10^9/L it is severe."
  cites label

recommendation reduce_dose
  text "Reduce the dose: the platelet count is low."
  cites label

recommendation keep_drug
  text "Keep the drug."
  cites label
"""
)


def program(text: str) -> Program:
    checked = check_text(text, "mini.guideline")
    assert checked.program is not None
    return checked.program


def test_the_full_text_is_the_text_then_its_reasons_in_order() -> None:
    found = {r.code: (r.text, r.reason) for r in program(WITH_REASONS).recommendations}
    stop = "the platelet count is low. Below 50 x10^9/L it is severe."
    assert found == {
        "stop_drug": (f"Stop the drug: {stop}", stop),
        "reduce_dose": ("Reduce the dose: the platelet count is low.", "the platelet count is low."),
        "keep_drug": ("Keep the drug.", None),
    }


def test_the_model_keeps_the_text_and_each_reason_apart() -> None:
    g = parse(WITH_REASONS, "mini.guideline")
    (low,) = g.reasons
    assert (low.name, low.text, low.span.line) == ("low", "the platelet count is low.", 29)
    stop = g.recommendations[0]
    assert stop.text == "Stop the drug"
    assert [(b.ref.name if b.ref else None, b.text) for b in stop.reasons] == [
        ("low", None),
        (None, "Below 50 x10^9/L it is severe."),
    ]
    assert reasons.reason_of(g.recommendations[2], reasons.declared(g)) is None


def test_compose() -> None:
    assert reasons.compose("Keep the drug.", None) == "Keep the drug."
    assert reasons.compose("Stop", "it is low.") == "Stop: it is low."


def _bare(source: str) -> str:
    """A compiled module without the lines it names and the hash of its text."""
    return re.sub(r"sha256 [0-9a-f]{64}", "sha256", re.sub(r"#[^\n]*\.guideline:\d+", "#", source))


def test_reasons_give_the_same_program_and_module_as_one_string() -> None:
    split, whole = program(WITH_REASONS), program(IN_ONE_STRING)
    assert [(r.code, r.text) for r in split.recommendations] == [(r.code, r.text) for r in whole.recommendations]
    assert _bare(generate(split)) == _bare(generate(whole))


def test_a_library_declares_no_reason() -> None:
    library = parse('library counts\ntitle "Counts"\nversion 1.0.0\nreason low "it is low."\n', "counts.guideline")
    messages = [d.message for d in library_problems(library)]
    assert messages == ["a library declares inputs only: move the reason 'low' into a guideline"]


def test_an_unused_reason_is_not_reported_when_a_misspelling_meant_it() -> None:
    text = WITH_REASONS.replace(
        "  because low\n  cites label\n\nrecommendation keep", "  because lwo\n  cites label\n\nrecommendation keep"
    )
    text = text.replace("  because low\n  because", '  because "the platelet count is low."\n  because')
    messages = [d.message for d in report_text(text, "mini.guideline").diagnostics]
    assert messages == ["'lwo' is not a reason (did you mean 'low'?)"]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_the_shipped_guidelines_texts_are_their_golden_texts(path: Path) -> None:
    """Every full text, compared whole with the texts the guideline gave when each recommendation
    was written in one string (tests/golden/texts/)."""
    checked = check_text(read_text(str(path)), str(path))
    assert checked.program is not None
    texts = {r.code: r.text for r in checked.program.recommendations}
    shown = json.dumps(texts, indent=1, ensure_ascii=False) + "\n"
    assert_golden(TESTS / "golden" / "texts" / f"{path.stem}.json", shown)


def test_the_shipped_guidelines_give_reasons() -> None:
    """The feature is used where a text reads `ACTION: REASON` (so the golden test above is not
    vacuous)."""
    for path in SHIPPED:
        g = parse(read_text(str(path)), str(path))
        assert any(r.reasons for r in g.recommendations), path
