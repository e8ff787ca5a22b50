"""The in-process API and its cache of compiled evaluators."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from compiler import api
from tests.conftest import AZATHIOPRINE, EXAMPLE, ROOT, SPECIFICATION, TESTS

VIGNETTE = json.loads((SPECIFICATION / "vignettes.json").read_text(encoding="utf-8"))[1]["inputs"]


def fresh(monkeypatch: pytest.MonkeyPatch, directory: Path) -> None:
    monkeypatch.setenv("GUIDELINE_CACHE_DIR", str(directory))
    api._compiled.cache_clear()


def test_a_cached_evaluator_gives_the_same_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh(monkeypatch, tmp_path)
    compiled = api.load(str(AZATHIOPRINE))
    assert len(list(tmp_path.glob("*.py"))) == 1
    api._compiled.cache_clear()
    cached = api.load(str(AZATHIOPRINE))
    assert cached.source == compiled.source
    assert cached.evaluate(VIGNETTE) == compiled.evaluate(VIGNETTE)


def test_an_edited_guideline_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh(monkeypatch, tmp_path)
    text = EXAMPLE.read_text(encoding="utf-8")
    first = api.compile_text(text, "all_features.guideline")
    second = api.compile_text(text.replace('"Reduce the dose by half."', '"Halve the dose."'), "all_features.guideline")
    assert first.source != second.source
    assert len(list(tmp_path.glob("*.py"))) == 2


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x", encoding="utf-8")
    fresh(monkeypatch, blocker / "cache")
    assert api.load(str(EXAMPLE)).evaluate({})["status"] == "needs_data"


def test_a_guideline_with_errors_is_never_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dsl.errors import GuidelineError

    fresh(monkeypatch, tmp_path)
    with pytest.raises(GuidelineError):
        api.compile_text(EXAMPLE.read_text(encoding="utf-8").replace("go to general", "go to genral"), "x.guideline")
    assert list(tmp_path.glob("*.py")) == []


def test_eval_from_the_cache_imports_no_heavy_library(tmp_path: Path) -> None:
    script = (
        "import json, sys\n"
        "from compiler import cli\n"
        f"sys.argv = ['guideline', 'eval', {str(AZATHIOPRINE)!r}, '--input', {str(tmp_path / 'p.json')!r}]\n"
        "code = cli.main(sys.argv[1:])\n"
        "heavy = sorted(m for m in ('lark', 'networkx', 'ucumvert', 'pint', 'graphviz') if m in sys.modules)\n"
        "print(json.dumps(heavy), file=sys.stderr)\n"
    )
    (tmp_path / "p.json").write_text(json.dumps(VIGNETTE), encoding="utf-8")
    env = {"GUIDELINE_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env) for _ in range(2)]
    assert json.loads(runs[0].stderr.strip().splitlines()[-1]) != []  # the first run compiles
    assert json.loads(runs[1].stderr.strip().splitlines()[-1]) == []  # the second only loads
    assert runs[0].stdout == runs[1].stdout


def test_check_with_known_units_needs_no_ucum_registry(tmp_path: Path) -> None:
    script = (
        "import json, sys\n"
        "from compiler import cli\n"
        f"code = cli.main(['check', {str(AZATHIOPRINE)!r}])\n"
        "print(json.dumps([code, 'ucumvert' in sys.modules]), file=sys.stderr)\n"
    )
    env = {"GUIDELINE_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env) for _ in range(2)]
    assert json.loads(runs[0].stderr.strip().splitlines()[-1]) == [0, True]
    assert json.loads(runs[1].stderr.strip().splitlines()[-1]) == [0, False]


def test_a_damaged_unit_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dsl import units

    monkeypatch.setenv("GUIDELINE_CACHE_DIR", str(tmp_path))
    units._facts.cache_clear()
    (tmp_path / f"ucum-facts-{units._installed('ucumvert')}.json").write_text("{not json", encoding="utf-8")
    try:
        assert units.factor("/uL", "10*9/L") == Fraction(1, 1000)
        with pytest.raises(units.UnitError):
            units.validate("not a unit")
    finally:
        units._facts.cache_clear()


def test_definitions_too_deep_to_analyse_are_an_error_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Definitions built on each other beyond the recursion limit give a positioned error (the
    front door's headroom lowered to 400 frames, so that a short chain reaches it)."""
    from dsl import limits
    from dsl.errors import GuidelineSemanticError

    text = (TESTS / "errors" / "division_by_zero.guideline").read_text(encoding="utf-8")
    chain = "\n".join(["define d0 as count"] + [f"define d{i} as d{i - 1} + 1" for i in range(1, 120)])
    text = text.replace("define low as count / 0 < 50", chain + "\ndefine low as d119 < 150")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(400)
    try:
        with monkeypatch.context() as patched:
            patched.setattr(limits, "RECURSION_LIMIT", 400)
            with pytest.raises(GuidelineSemanticError) as caught:
                api.check_text(text, "deep.guideline")
    finally:
        sys.setrecursionlimit(limit)
    assert caught.value.report().split("\n")[0] == (
        "deep.guideline:1:1: error: the definitions build on each other too deeply to analyse: "
        "shorten the chain [G0901]"
    )
    assert api.check_text(text, "deep.guideline").guideline.definitions[-1].name == "low"  # at the usual limit


def test_the_fingerprint_covers_subpackages_and_package_data(tmp_path: Path) -> None:
    """Changing any source file of a subpackage, or the grammar, changes the key of every cache."""
    import shutil

    for package in ("dsl", "compiler"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    before = api.fingerprint(tmp_path, ("dsl", "compiler"))
    assert api.fingerprint(tmp_path, ("dsl", "compiler")) == before  # deterministic
    for changed in ("dsl/verify/solver.py", "compiler/flowchart/chart.py", "dsl/syntax/grammar.lark"):
        path = tmp_path / changed
        original = path.read_bytes()
        path.write_bytes(original + b"\n# changed\n")
        assert api.fingerprint(tmp_path, ("dsl", "compiler")) != before, changed
        path.write_bytes(original)
    moved = tmp_path / "dsl" / "verify" / "solver.py"
    moved.rename(tmp_path / "dsl" / "verify" / "solver2.py")
    assert api.fingerprint(tmp_path, ("dsl", "compiler")) != before  # a renamed module too


@pytest.mark.parametrize(
    "name", ["misspelled_input", "group_member_twice", "number_too_large", "unclosed_text", "several_syntax_errors"]
)
def test_a_cached_check_says_exactly_what_checking_says(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from compiler import cli

    path = str(TESTS / "errors" / f"{name}.guideline")
    monkeypatch.setenv("GUIDELINE_NO_CACHE", "1")
    fresh = (cli.main(["check", path]), *capsys.readouterr())
    monkeypatch.delenv("GUIDELINE_NO_CACHE")
    first = (cli.main(["check", path]), *capsys.readouterr())
    second = (cli.main(["check", path]), *capsys.readouterr())  # from the cache
    assert fresh == first == second and fresh[0] == 1
    # The second run did read the cache: a report planted there is what check prints.
    text = (TESTS / "errors" / f"{name}.guideline").read_text(encoding="utf-8")
    entry = api._cache_file(api._key("check", path, text), ".check.json")
    assert entry is not None and entry.is_file()
    saved = entry.read_text(encoding="utf-8")
    entry.write_text(json.dumps({"errors": 1, "warnings": 0, "text": "planted"}), encoding="utf-8")
    try:
        assert cli.main(["check", path]) == 1 and capsys.readouterr().err.startswith("planted\n")
    finally:
        entry.write_text(saved, encoding="utf-8")
