"""Clinical test cases: `NAME.cases` (TOML) beside `NAME.guideline`, run against the evaluator."""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from compiler.files import UsageError, read_text
from compiler.result import Result
from dsl.text import one_line, quoted, visible

STATUSES = ("complete", "needs_data", "invalid_input")


@dataclass(frozen=True)
class Case:
    id: str
    description: str
    inputs: dict[str, Any]
    status: str
    codes: frozenset[str]
    needs: tuple[str, ...]
    errors: frozenset[str]


@dataclass(frozen=True)
class Outcome:
    case: Case
    result: Result

    @property
    def actual(self) -> tuple[str, frozenset[str], tuple[str, ...], frozenset[str]]:
        r = self.result
        codes = frozenset(rec["code"] for rec in r["recommendations"])
        return r["status"], codes, tuple(r["needs"]), frozenset(e["input"] for e in r["errors"])

    @property
    def expected(self) -> tuple[str, frozenset[str], tuple[str, ...], frozenset[str]]:
        c = self.case
        return c.status, c.codes, c.needs, c.errors

    @property
    def passed(self) -> bool:
        return self.actual == self.expected


def cases_path(guideline_path: str) -> str:
    base = guideline_path[: -len(".guideline")] if guideline_path.endswith(".guideline") else guideline_path
    return base + ".cases"


def load_cases(path: str) -> list[Case]:
    """Read a cases file; `UsageError` naming the file, the case and the field on any mistake.
    Every message is one line, the file name and the names from the file shown escaped."""
    text = read_text(path, "cases file")
    shown = visible(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{shown}: not valid TOML: {one_line(str(error))}") from None
    except ValueError:  # tomllib lets int() refuse an integer of more than sys.get_int_max_str_digits()
        raise UsageError(
            f"{shown}: not usable: an integer has more than {sys.get_int_max_str_digits()} digits"
        ) from None
    except RecursionError:  # arrays or inline tables nested thousands deep
        raise UsageError(f"{shown}: not usable: arrays or tables nested too deeply") from None
    entries = data.get("case")
    if not isinstance(entries, list) or not entries:
        raise UsageError(f"{shown}: no [[case]] tables")
    cases: list[Case] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"{shown}: case {number}"
        case_id = _field(entry, "id", str, where)
        where = f"{shown}: case {case_id!r}"
        if case_id in seen:
            raise UsageError(f"{where}: the id is used twice")
        seen.add(case_id)
        unknown = set(entry) - {"id", "description", "inputs", "status", "codes", "needs", "errors"}
        if unknown:
            raise UsageError(f"{where}: unknown field(s) {', '.join(quoted(name) for name in sorted(unknown))}")
        status = _field(entry, "status", str, where)
        if status not in STATUSES:
            raise UsageError(f"{where}: status must be one of {', '.join(STATUSES)}, not {status!r}")
        cases.append(
            Case(
                id=case_id,
                description=_field(entry, "description", str, where, ""),
                inputs=_field(entry, "inputs", dict, where, {}),
                status=status,
                codes=frozenset(_names(entry, "codes", where)),
                needs=tuple(sorted(_names(entry, "needs", where))),
                errors=frozenset(_names(entry, "errors", where)),
            )
        )
    return cases


def _field(entry: Mapping[str, Any], name: str, kind: type, where: str, default: Any = None) -> Any:
    if name not in entry:
        if default is None:
            raise UsageError(f"{where}: '{name}' is missing")
        return default
    value = entry[name]
    if not isinstance(value, kind):
        raise UsageError(f"{where}: '{name}' must be a {kind.__name__}")
    return value


def _names(entry: Mapping[str, Any], name: str, where: str) -> list[str]:
    value = entry.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where}: '{name}' must be a list of names")
    return value


def run_cases(cases: list[Case], evaluate: Callable[[Mapping[str, object]], Result]) -> list[Outcome]:
    return [Outcome(case, evaluate(case.inputs)) for case in cases]


def report(outcome: Outcome) -> str:
    """A failing case: what was expected beside what came, and the path the evaluation took. The
    case's id and description, codes, names and steps are shown with `dsl.text.visible`: a cases
    file or a result cannot start a line of its own, recolour or hide the rest."""
    labels = ("status", "codes", "needs", "errors")
    rows = []
    for label, want, got in zip(labels, outcome.expected, outcome.actual, strict=True):
        want_text, got_text = _show(want), _show(got)
        mark = "  " if want == got else "!="
        rows.append(f"    {label:<7} {want_text:<48} {mark} {got_text}")
    want_codes, got_codes = outcome.expected[1], outcome.actual[1]
    if want_codes != got_codes:
        rows.append(f"    {'missing':<7} {_show(want_codes - got_codes)}")
        rows.append(f"    {'extra':<7} {_show(got_codes - want_codes)}")
    path = " -> ".join(visible(str(step)) for step in outcome.result["path"]) or "(none)"
    head = f"FAIL {visible(outcome.case.id)}: {visible(outcome.case.description)}"
    return "\n".join([head, f"    {'':<7} {'expected':<48}    actual", *rows, f"    path    {path}"])


def _show(value: object) -> str:
    if isinstance(value, (frozenset, tuple)):
        return ", ".join(visible(str(v)) for v in sorted(value)) or "-"
    return visible(str(value))
