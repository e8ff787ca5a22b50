"""Coverage: every shipped guideline's cases cover every step, decision outcome and feasible route;
a gap left by removing a case makes `guideline coverage` fail and comes with a witness that,
pasted back, closes it. Through the command (`cli.main` in this process), as an author runs it."""

from __future__ import annotations

import functools
import re
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from compiler import cli
from compiler.api import check_text, load
from compiler.cli import cases as cli_cases
from compiler.testing.cases import cases_path, load_cases
from compiler.testing.coverage import Coverage, describe_outcome, measure
from compiler.testing.witness import route_of
from dsl import model as m
from dsl.pipeline import Checked
from dsl.verify.routes import UNKNOWN_OUTCOME
from tests.conftest import AZATHIOPRINE, ROOT, probe_guideline

GUIDELINES = sorted((ROOT / "guideline").glob("*.guideline"))
FIGURES = ("steps", "decision outcomes", "feasible routes")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


FIGURE = re.compile(r"^  (steps|decision outcomes|feasible routes) +(\d+)/(\d+) +(\d+\.\d)%")


def figures(out: str) -> dict[str, str]:
    """The percentage printed for each figure of a coverage report."""
    return {match[1]: match[4] for match in map(FIGURE.match, out.splitlines()) if match}


def counts(out: str) -> dict[str, float]:
    """Each figure's exact percentage, from the counts printed."""
    return {match[1]: 100.0 * int(match[2]) / int(match[3]) for match in map(FIGURE.match, out.splitlines()) if match}


def pasted_witnesses(out: str) -> str:
    """Every witness case the report offers, as the author would paste it."""
    lines = out.splitlines()
    cases = []
    for number, line in enumerate(lines):
        if line == "    a patient who takes it, ready to paste into the cases file:":
            block = []
            for row in lines[number + 1 :]:
                if not row.startswith("    "):
                    break
                block.append(row[4:])
            cases.append("\n".join(block))
    return "\n\n".join(cases) + "\n"


def without_case(text: str, case_id: str) -> str:
    """The cases file's text with one `[[case]]` table left out, everything else as written."""
    parts = re.split(r"(?m)^(?=\[\[case\]\]\s*$)", text)
    kept = [
        part for part in parts if not part.startswith("[[case]]") or tomllib.loads(part)["case"][0]["id"] != case_id
    ]
    assert len(kept) == len(parts) - 1, case_id
    return "".join(kept)


@functools.cache
def checked(guideline: Path) -> Checked:
    return check_text(guideline.read_text(encoding="utf-8"), str(guideline))


_checked_once = functools.cache(cli_cases.checked)  # type: ignore[attr-defined]


@pytest.fixture
def check_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command checks each guideline once for the whole module, not once a run: it is the
    cases that change between runs, and the verifier takes a while on a real guideline."""
    monkeypatch.setattr(cli_cases, "checked", _checked_once)


@pytest.mark.parametrize("guideline", GUIDELINES, ids=lambda p: p.stem)
def test_shipped_cases_cover_everything(guideline: Path, capsys: pytest.CaptureFixture[str]) -> None:
    coverage = measure(checked(guideline), load(str(guideline)), load_cases(cases_path(str(guideline))))
    assert coverage.passes(), coverage.shortfalls()
    assert coverage.steps[0] == coverage.steps[1]
    assert coverage.outcomes[0] == coverage.outcomes[1]
    if coverage.enumerated:
        assert coverage.routes[0] == coverage.routes[1] and coverage.undecided == 0
    assert coverage.gaps == [] and coverage.defects == []
    code, out, err = run(capsys, "coverage", str(guideline))
    assert (code, err) == (0, "")
    shown = FIGURES if coverage.enumerated else FIGURES[:2]
    assert figures(out) == dict.fromkeys(shown, "100.0")
    assert "Uncovered:" not in out and "Coverage fails" not in out


def test_the_shipped_guidelines_are_found() -> None:
    assert AZATHIOPRINE in GUIDELINES


class Item(NamedTuple):
    """A route or a decision outcome, as the report prints it when no case covers it."""

    key: tuple[object, ...]  # the route's branches, or the (decision, branch index)
    line: str  # "route A -> B -> end", or "outcome " and the outcome's description
    unknown: bool = False  # a decision's unknown outcome


def sole_covers(guideline: Path) -> dict[str, list[Item]]:
    """Each case that is the only one to cover some route or decision outcome, with what it covers."""
    evaluator = load(str(guideline))
    decisions = {s.id for s in checked(guideline).guideline.steps if isinstance(s, m.Decision)}
    by_item: dict[Item, list[str]] = defaultdict(list)
    for case in load_cases(cases_path(str(guideline))):
        result = evaluator.evaluate(case.inputs)
        if result["status"] == "invalid_input":
            continue
        route, outcomes = route_of(result, decisions)
        items = [Item(route, "route " + " -> ".join(result["path"]))] if route else []
        for decision, index in sorted(outcomes):
            line = "outcome " + describe_outcome(checked(guideline).program, decision, index)
            items.append(Item((decision, index), line, index == UNKNOWN_OUTCOME))
        for item in items:
            by_item[item].append(case.id)
    sole: dict[str, list[Item]] = defaultdict(list)
    for item, ids in by_item.items():
        if len(ids) == 1:
            sole[ids[0]].append(item)
    return sole


SOLE = {(guideline, case_id): items for guideline in GUIDELINES for case_id, items in sole_covers(guideline).items()}


def test_some_cases_are_the_only_cover_of_something() -> None:
    assert len([key for key in SOLE if key[0] == AZATHIOPRINE]) >= 10
    # Among them cases that alone take a decision's unknown outcome, on a route other cases take:
    # route coverage stays 100% without them, and the command must fail all the same.
    only_outcomes = [items for items in SOLE.values() if not any(i.line.startswith("route ") for i in items)]
    assert any(item.unknown for items in only_outcomes for item in items)


@pytest.mark.parametrize(("guideline", "case_id"), sorted(SOLE), ids=lambda v: getattr(v, "stem", v))
@pytest.mark.usefixtures("check_once")
def test_removing_a_sole_cover_fails_and_its_witness_restores_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], guideline: Path, case_id: str
) -> None:
    original = Path(cases_path(str(guideline))).read_text(encoding="utf-8")
    cases = tmp_path / "cases.cases"
    cases.write_text(without_case(original, case_id), encoding="utf-8")

    code, out, err = run(capsys, "coverage", str(guideline), "--cases", str(cases))
    assert (code, err) == (1, ""), out
    for item in SOLE[(guideline, case_id)]:
        assert f"\n  {item.line}\n" in out, out
    assert "(no witness could be confirmed)" not in out, out
    assert out.splitlines()[-1].startswith("Coverage fails: ")
    if not any(item.line.startswith("route ") for item in SOLE[(guideline, case_id)]):
        assert figures(out)["feasible routes"] == "100.0"  # failing on the outcomes alone

    with cases.open("a", encoding="utf-8") as handle:
        handle.write("\n" + pasted_witnesses(out))
    code, out, err = run(capsys, "coverage", str(guideline), "--cases", str(cases))
    assert (code, err) == (0, ""), out
    assert figures(out) == dict.fromkeys(FIGURES, "100.0"), out
    assert "Uncovered:" not in out


@pytest.mark.usefixtures("check_once")
def test_a_minimum_applies_to_every_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One case: a few percent of each figure. `--min` passes at or below the lowest figure only."""
    original = Path(cases_path(str(AZATHIOPRINE))).read_text(encoding="utf-8")
    first = re.split(r"(?m)^(?=\[\[case\]\]\s*$)", original)[1]
    only = tmp_path / "one.cases"
    only.write_text(first, encoding="utf-8")
    code, out, _ = run(capsys, "coverage", str(AZATHIOPRINE), "--cases", str(only))
    assert code == 1
    assert "Uncovered:" in out and "[[case]]" in out
    shown = counts(out)
    assert list(shown) == list(FIGURES)
    lowest, highest = min(shown.values()), max(shown.values())
    assert lowest < highest < 100
    assert run(capsys, "coverage", str(AZATHIOPRINE), "--cases", str(only), "--min", repr(lowest))[0] == 0
    assert run(capsys, "coverage", str(AZATHIOPRINE), "--cases", str(only), "--min", "0")[0] == 0
    # At the highest figure, the others fail: each is named, and only they are.
    code, out, _ = run(capsys, "coverage", str(AZATHIOPRINE), "--cases", str(only), "--min", repr(highest))
    assert code == 1
    failing = [name for name, value in shown.items() if value < highest]
    named = out.splitlines()[-1].removeprefix("Coverage fails: ").split("; ")
    assert [reason.split(" ")[0] for reason in named] == [name.split(" ")[0] for name in failing]


@pytest.mark.parametrize("value", ["nan", "-1", "101", "abc", "inf", "", "100.5"])
def test_min_must_be_a_percentage(capsys: pytest.CaptureFixture[str], value: str) -> None:
    code, out, err = run(capsys, "coverage", str(AZATHIOPRINE), "--min", value)
    assert (code, out) == (2, "")
    assert err == (
        f"guideline: error: argument --min: expected a percentage from 0 to 100, not {value!r}"
        " (see guideline coverage --help)\n"
    )


def test_the_cases_file_is_read_before_the_guideline_is_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import compiler.api
    import dsl.checks

    calls: list[str] = []
    real = dsl.checks.check_all

    def counted(guideline: m.Guideline, *earlier: Any) -> dsl.checks.Report:
        calls.append(guideline.filename)
        return real(guideline, *earlier)

    monkeypatch.setattr(dsl.checks, "check_all", counted)
    monkeypatch.setattr(compiler.api, "_CHECKED", {})  # nothing checked earlier in this process
    missing = tmp_path / "missing.cases"
    code, out, err = run(capsys, "coverage", str(AZATHIOPRINE), "--cases", str(missing))
    assert (code, out, err) == (2, "", f"guideline: {missing}: no such file\n")
    code, out, err = run(capsys, "coverage", str(AZATHIOPRINE), "--svg", str(tmp_path / "chart.gif"))
    assert (code, out) == (2, "") and err.startswith(f"guideline: {tmp_path / 'chart.gif'}: cannot tell the format")
    assert calls == []
    assert run(capsys, "coverage", str(AZATHIOPRINE))[0] == 0
    assert calls == [str(AZATHIOPRINE)]  # checked once, and the evaluator generated from that check


# A decision over the sum of ten inputs: the solver's budget runs out before it finds a patient
# for the first branch or rules one out, so that route is undecided.
UNDECIDED_INPUTS = "\n".join(f'input x{i} "X{i}"\n  number\n  range 0 to 1000' for i in range(1, 11))
UNDECIDED = probe_guideline(
    UNDECIDED_INPUTS, f"  when {' + '.join(f'x{i}' for i in range(1, 11))} > 9990 go to a\n  otherwise go to b"
)


def _case(case_id: str, value: int, code: str) -> str:
    inputs = "\n".join(f"x{i} = {value}" for i in range(1, 11))
    return f'[[case]]\nid = "{case_id}"\nstatus = "complete"\ncodes = ["{code}"]\n[case.inputs]\n{inputs}\n'


@pytest.mark.usefixtures("check_once")
def test_an_undecided_route_is_neither_covered_nor_excluded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    guideline = tmp_path / "probe.guideline"
    guideline.write_text(UNDECIDED, encoding="utf-8")
    unknown = '[[case]]\nid = "unknown"\nstatus = "needs_data"\nneeds = ["x1"]\n[case.inputs]\n' + "\n".join(
        f"x{i} = 0" for i in range(2, 11)
    )
    cases = tmp_path / "probe.cases"
    cases.write_text(_case("low", 0, "rb") + unknown + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "coverage", str(guideline), "--min", "50")
    assert code == 1
    assert "  feasible routes        1/2       50.0%  (1 undecided by the verifier, counted as uncovered)\n" in out
    assert "  route d -> a -> end\n    (undecided: the verifier could neither find a patient" in out
    assert out.splitlines()[-1] == "Coverage fails: 1 route undecided by the verifier and taken by no case"

    # A case that takes the route settles it: covered, and nothing is left undecided.
    cases.write_text(cases.read_text(encoding="utf-8") + _case("high", 1000, "ra"), encoding="utf-8")
    code, out, _ = run(capsys, "coverage", str(guideline))
    assert code == 0, out
    assert figures(out) == dict.fromkeys(FIGURES, "100.0")


# Twelve yes-or-no decisions in a row: 4096 routes, past the limit up to which they are verified
# one by one. Coverage is then judged on steps and decision outcomes, every one of them required.
MANY = "\n".join(
    ["guideline many", 'title "Many"', "version 1.0.0", "status draft", 'source s "S"']
    + [f'input x{i} "X{i}"\n  yes or no' for i in range(1, 13)]
    + [
        f'decision d{i} "D{i}?"\n  when x{i} is yes go to {target}\n  otherwise go to {target}'
        for i, target in ((i, f"d{i + 1}" if i < 12 else "done") for i in range(1, 13))
    ]
    + ['action done "Done"\n  recommend r\n  then end', 'recommendation r\n  text "R."\n  cites s']
)


def _many_case(case_id: str, inputs: dict[str, bool], needs: str | None) -> str:
    status = f'status = "needs_data"\nneeds = ["{needs}"]' if needs else 'status = "complete"\ncodes = ["r"]'
    rows = "\n".join(f"{name} = {'true' if value else 'false'}" for name, value in inputs.items())
    return f'[[case]]\nid = "{case_id}"\n{status}\n[case.inputs]\n{rows}\n'


@pytest.mark.usefixtures("check_once")
def test_past_the_route_limit_steps_and_outcomes_decide(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    guideline = tmp_path / "many.guideline"
    guideline.write_text(MANY + "\n", encoding="utf-8")
    names = [f"x{i}" for i in range(1, 13)]
    both = _many_case("yes", dict.fromkeys(names, True), None) + _many_case("no", dict.fromkeys(names, False), None)
    cases = tmp_path / "many.cases"
    cases.write_text(both, encoding="utf-8")
    code, out, _ = run(capsys, "coverage", str(guideline))
    assert code == 1
    assert "  routes                 2 of 4096 counted (too many to verify one by one" in out
    assert out.splitlines()[-1] == "Coverage fails: decision outcomes 66.7% (24/36) below 100%"

    # Each decision's unknown outcome: every outcome is covered, and 2 routes of 4096 are enough.
    unknown = [_many_case(f"unknown-{n}", dict.fromkeys(names[: n - 1], True), names[n - 1]) for n in range(1, 13)]
    cases.write_text(both + "".join(unknown), encoding="utf-8")
    code, out, _ = run(capsys, "coverage", str(guideline))
    assert code == 0, out
    assert figures(out) == {"steps": "100.0", "decision outcomes": "100.0"}


@pytest.mark.parametrize(
    ("pair", "text"),
    [
        ((0, 0), "100.0%"),
        ((26, 26), "100.0%"),
        ((43, 44), "97.7%"),
        ((2, 3), "66.7%"),
        ((1, 8), "12.5%"),
        ((2499, 2500), "99.9%"),
        ((1, 100000), "0.0%"),
    ],
)
def test_a_figure_short_of_all_never_reads_100(pair: tuple[int, int], text: str) -> None:
    assert Coverage(1, 1, pair, pair, pair, True).shown(pair) == text
