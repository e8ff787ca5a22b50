"""Every diagnostic has a stable code (`dsl.codes`), and docs/errors.md lists them all."""

from __future__ import annotations

import importlib.util
import re
import sys
from types import ModuleType

from dsl.codes import CODES, code_of
from tests.conftest import ROOT


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_errors", ROOT / "docs" / "errors.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


script = _script()


def test_codes_are_unique_and_well_formed() -> None:
    codes = [entry.code for entry in CODES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"G0[1-9]\d\d", code) for code in codes)
    assert codes == sorted(codes)
    for entry in CODES:
        re.compile(entry.pattern)
        assert entry.title and entry.fix.endswith(".")


def test_every_diagnostic_of_the_corpus_has_a_code() -> None:
    uncoded = []
    for path in script.corpus():
        found, _ = script.diagnostics(path)
        assert found or path.parent.name == "verify", path  # tests/verify holds sound guidelines too
        uncoded += [f"{path.name}: {d.message}" for d in found if d.code is None]
    assert not uncoded, "add these to dsl/codes.py:\n" + "\n".join(uncoded)


def test_every_code_has_an_example_in_the_corpus() -> None:
    shown = script.examples()
    assert [entry.code for entry in CODES if entry.code not in shown] == []


def test_a_message_has_one_meaning() -> None:
    """No corpus message is matched by two entries: the first match is the only one."""
    for path in script.corpus():
        for d in script.diagnostics(path)[0]:
            matching = [entry.code for entry in CODES if re.match(entry.pattern, d.message)]
            assert matching == [d.code], (d.message, matching)


def test_a_message_no_entry_knows_has_no_code() -> None:
    assert code_of("something no check says") is None


def test_docs_errors_md_is_current() -> None:
    committed = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert committed == script.markdown(), "docs/errors.md is stale: run .venv/bin/python docs/errors.py"
