"""The contract an embedding app relies on, compared between two versions, and the version rule.

The contract: the inputs (name, type, unit, accepted unit spellings, range, choices, default,
LOINC codes), the recommendation codes (and their urgency), the guideline's id. Each field is one
row of a table (`INPUT_FIELDS`, `RECOMMENDATION_FIELDS`) with the rule that says whether a
change breaks an app: a new field of the language is one more row. An input that disappears
while one with a shared LOINC code appears is a rename.

The version rule (semantic versioning on the `version` line): a breaking change needs a new major
version (a new minor one while the major is 0), any change at all needs a higher version.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dsl.program import Input, Program, Recommendation


@dataclass(frozen=True)
class Change:
    kind: str
    name: str
    breaking: bool
    old: Any = None
    new: Any = None

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "breaking": self.breaking, "old": self.old, "new": self.new}


Rule = Callable[[Any, Any], bool]  # (old value, new value) -> breaking


def _range(i: Input) -> list[float] | None:
    return None if i.low is None or i.high is None else [i.low, i.high]


def _narrowed(old: list[float] | None, new: list[float] | None) -> bool:
    """A value the old range accepts that the new one refuses breaks an app that sends it."""
    if new is None:
        return False
    if old is None:
        return True
    return new[0] > old[0] or new[1] < old[1]


def _lost(old: list[str], new: list[str]) -> bool:
    return bool(set(old) - set(new))


ALWAYS: Rule = lambda old, new: True  # noqa: E731
NEVER: Rule = lambda old, new: False  # noqa: E731

# (field, how to read it, whether a change breaks an app)
INPUT_FIELDS: tuple[tuple[str, Callable[[Input], Any], Rule], ...] = (
    ("type", lambda i: i.kind, ALWAYS),
    ("unit", lambda i: i.unit, ALWAYS),
    ("accepted units", lambda i: sorted(u[0] for u in i.units), _lost),
    ("range", _range, _narrowed),
    ("choices", lambda i: list(i.choices), _lost),
    ("default", lambda i: i.default, NEVER),
    ("loinc", lambda i: sorted(i.loinc), _lost),
)
RECOMMENDATION_FIELDS: tuple[tuple[str, Callable[[Recommendation], Any], Rule], ...] = (
    ("urgency", lambda r: getattr(r, "urgency", None), ALWAYS),
    ("text", lambda r: r.text, NEVER),
    ("citations", lambda r: sorted(r.citations), NEVER),
)


def contract_changes(old: Program, new: Program) -> list[Change]:
    changes: list[Change] = []
    if old.id != new.id:
        changes.append(Change("guideline id changed", new.id, True, old.id, new.id))
    removed = [i for i in old.inputs if i.name not in new.input_table]
    added = [i for i in new.inputs if i.name not in old.input_table]
    renamed: dict[str, str] = {}
    for gone in removed:
        twin = next((i for i in added if set(i.loinc) & set(gone.loinc) and i.name not in renamed.values()), None)
        if twin is not None:
            renamed[gone.name] = twin.name
            changes.append(Change("input renamed", twin.name, True, gone.name, twin.name))
    for gone in removed:
        if gone.name not in renamed:
            changes.append(Change("input removed", gone.name, True, gone.name, None))
    for new_input in added:
        if new_input.name not in renamed.values():
            changes.append(Change("input added", new_input.name, False, None, new_input.name))
    pairs = [(i, new.input_table[i.name]) for i in old.inputs if i.name in new.input_table]
    pairs += [(i, new.input_table[renamed[i.name]]) for i in removed if i.name in renamed]
    for a, b in pairs:
        for name, read, breaking in INPUT_FIELDS:
            x, y = _plain(read(a)), _plain(read(b))
            if x != y:
                changes.append(Change(f"input {name} changed", b.name, breaking(x, y), x, y))
    old_codes, new_codes = {r.code: r for r in old.recommendations}, {r.code: r for r in new.recommendations}
    for code in old_codes:
        if code not in new_codes:
            changes.append(Change("recommendation removed", code, True, code, None))
    for code in new_codes:
        if code not in old_codes:
            changes.append(Change("recommendation added", code, False, None, code))
        else:
            for name, get, breaking in RECOMMENDATION_FIELDS:
                x, y = _plain(get(old_codes[code])), _plain(get(new_codes[code]))
                if x != y:
                    changes.append(Change(f"recommendation {name} changed", code, breaking(x, y), x, y))
    old_groups, new_groups = {g.name: g for g in old.groups}, {g.name: g for g in new.groups}
    for name in sorted(old_groups.keys() | new_groups.keys()):
        a_group, b_group = old_groups.get(name), new_groups.get(name)
        shape = [(g.cardinality, sorted(g.members)) if g else None for g in (a_group, b_group)]
        if shape[0] != shape[1]:
            changes.append(Change("group changed", name, False, _plain(shape[0]), _plain(shape[1])))
    return changes


def _plain(value: Any) -> Any:
    """JSON-ready: tuples as lists, enums and other objects as their text."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(getattr(value, "value", value))


SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:[-+].*)?$")


@dataclass(frozen=True)
class VersionCheck:
    old: str
    new: str
    ok: bool
    problem: str | None

    def as_json(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "ok": self.ok, "problem": self.problem}


def version_rule(old: str, new: str, changed: bool, breaking: bool) -> VersionCheck:
    a, b = SEMVER.match(old), SEMVER.match(new)
    if a is None or b is None:
        bad = old if a is None else new
        return VersionCheck(old, new, False, f"'{bad}' is not a semantic version (MAJOR.MINOR.PATCH)")
    x = tuple(int(g) for g in a.groups()[:3])
    y = tuple(int(g) for g in b.groups()[:3])
    if y < x:
        return VersionCheck(old, new, False, f"the version went down, from {old} to {new}")
    if changed and y == x:
        return VersionCheck(old, new, False, f"the guideline changed but its version is still {new}")
    if breaking:
        major = (x[0] == 0 and y[:2] > x[:2]) or y[0] > x[0]
        if not major:
            need = "minor (the major version is 0)" if x[0] == 0 else "major"
            said = f"a breaking change needs a new {need} version; {old} -> {new} is not one"
            return VersionCheck(old, new, False, said)
    return VersionCheck(old, new, True, None)
