"""The TextMate grammar, read and compiled into rules.

The grammar is `guideline.tmLanguage.json` beside this module: a byte-for-byte copy of the VS
Code extension's `editors/vscode/syntaxes/guideline.tmLanguage.json` (tests/test_highlight.py
fails when they differ), so that the installed package has it.

The rules are those of vscode-textmate: a pattern with `match` is a match rule (its `name`, its
`captures`); one with `begin` is a begin/end rule (`name`, `contentName`, `beginCaptures`,
`endCaptures`, with `captures` standing for both when they are absent, `patterns`,
`applyEndPatternLast`); one with only `patterns` (or an `include`) is a list of other rules.
`include` names a rule of the top-level `repository` (`#name`) or the grammar itself (`$self`,
`$base`). Other features (`while`, injections, other grammars, captures with patterns) are
refused with `UnsupportedGrammar`, and every regular expression goes through `compiler.highlight.onig`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from compiler.highlight.onig import UnsupportedPattern, compile_pattern

__all__ = [
    "BeginEnd",
    "Capture",
    "Grammar",
    "Match",
    "Patterns",
    "Rule",
    "Scanner",
    "UnsupportedGrammar",
    "grammar",
    "grammar_bytes",
    "load",
    "scope_name",
]

_CAPTURE_REFERENCE = re.compile(r"\$(\d+)|\$\{(\d+):/(downcase|upcase)\}")
_KNOWN_KEYS = frozenset(
    {"name", "contentName", "match", "begin", "end", "captures", "beginCaptures", "endCaptures", "patterns"}
    | {"include", "applyEndPatternLast", "comment"}
)


class UnsupportedGrammar(ValueError):
    """The grammar uses a TextMate feature that this interpreter does not support."""


@dataclass(frozen=True, slots=True)
class Capture:
    """What one capture group of a match is named (`$N` in the name: the text of group N)."""

    name: str | None


def scope_name(name: str | None, match: re.Match[str]) -> str | None:
    """A rule's or a capture's name for this match: `$N` and `${N:/downcase}` (`/upcase`) stand
    for group N's text, leading dots removed; a reference to a group the pattern lacks stays."""
    if name is None or "$" not in name:
        return name

    def text(reference: re.Match[str]) -> str:
        number = int(reference[1] or reference[2])
        if number > (match.re.groups or 0):
            return reference[0]
        found = (match.group(number) or "").lstrip(".")
        command = reference[3]
        return found.lower() if command == "downcase" else found.upper() if command == "upcase" else found

    return _CAPTURE_REFERENCE.sub(text, name)


@dataclass(frozen=True, slots=True)
class Match:
    name: str | None
    regex: re.Pattern[str]
    captures: tuple[Capture | None, ...]


@dataclass(frozen=True, slots=True)
class BeginEnd:
    name: str | None
    content_name: str | None
    begin: re.Pattern[str]
    begin_captures: tuple[Capture | None, ...]
    end: re.Pattern[str]
    end_captures: tuple[Capture | None, ...]
    patterns: tuple[int, ...]  # rule ids
    end_last: bool  # `applyEndPatternLast`: the end is tried after the patterns, not before


@dataclass(frozen=True, slots=True)
class Patterns:
    patterns: tuple[int, ...]


Rule = Match | BeginEnd | Patterns


Scanner = tuple[tuple[re.Pattern[str], int | None], ...]  # (regex, rule id; None for the end)


@dataclass(frozen=True, slots=True)
class Grammar:
    scope: str  # the root scope, e.g. `source.guideline`
    rules: tuple[Rule, ...]  # by id
    root: int  # the id of the grammar's own patterns
    scanners: tuple[Scanner, ...]  # by rule id: what is tried, in order, while it is the innermost rule


def _scanner(rules: tuple[Rule, ...], rule_id: int) -> Scanner:
    """What is tried while `rule_id` is the innermost rule: a begin/end rule's end (first, or last
    with `applyEndPatternLast`) and its patterns; a list of patterns stands for the rules it lists."""
    rule = rules[rule_id]
    listed: list[tuple[re.Pattern[str], int | None]] = []
    seen: set[int] = set()

    def collect(ids: tuple[int, ...]) -> None:
        for child in ids:
            target = rules[child]
            if isinstance(target, Patterns):
                if child not in seen:  # a list that includes itself adds nothing more
                    seen.add(child)
                    collect(target.patterns)
            else:
                listed.append((target.regex if isinstance(target, Match) else target.begin, child))

    if isinstance(rule, BeginEnd):
        collect(rule.patterns)
        end = (rule.end, None)
        return (*listed, end) if rule.end_last else (end, *listed)
    collect(rule.patterns if isinstance(rule, Patterns) else ())
    return tuple(listed)


class _Builder:
    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw
        self.repository: Mapping[str, Any] = raw.get("repository", {})
        self.rules: list[Rule | None] = []
        self.named: dict[str, int] = {}

    def _regex(self, pattern: Any, where: str) -> re.Pattern[str]:
        if not isinstance(pattern, str):
            raise UnsupportedGrammar(f"{where}: a pattern is not a string")
        try:
            return compile_pattern(pattern)
        except UnsupportedPattern as error:
            raise UnsupportedGrammar(f"{where}: {error}") from None

    def _captures(self, raw: Any, where: str) -> tuple[Capture | None, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, Mapping) or not all(str(k).isdigit() for k in raw):
            raise UnsupportedGrammar(f"{where}: captures are numbered")
        found: list[Capture | None] = [None] * (max((int(k) for k in raw), default=-1) + 1)
        for key, value in raw.items():
            if not isinstance(value, Mapping) or set(value) - {"name", "comment"}:
                raise UnsupportedGrammar(f"{where}: capture {key} has more than a name (patterns are not supported)")
            found[int(key)] = Capture(value.get("name"))
        return tuple(found)

    def _reserve(self) -> int:
        self.rules.append(None)
        return len(self.rules) - 1

    def include(self, reference: Any, where: str) -> int:
        if reference in ("$self", "$base"):
            return self.named["$self"]
        if not isinstance(reference, str) or not reference.startswith("#"):
            raise UnsupportedGrammar(f"{where}: include {reference!r}: only #name, $self and $base are supported")
        name = reference[1:]
        if name in self.named:
            return self.named[name]
        if name not in self.repository:
            raise UnsupportedGrammar(f"{where}: include {reference!r}: no such rule in the repository")
        return self.rule(self.repository[name], f"repository.{name}", name=name)

    def rule(self, raw: Any, where: str, name: str | None = None) -> int:
        if not isinstance(raw, Mapping):
            raise UnsupportedGrammar(f"{where}: a rule is an object")
        unknown = set(raw) - _KNOWN_KEYS
        if unknown:
            raise UnsupportedGrammar(f"{where}: {', '.join(sorted(unknown))} not supported")
        if "include" in raw and not ({"match", "begin", "patterns"} & set(raw)):
            return self.include(raw["include"], where)
        rule_id = self._reserve()
        if name is not None:
            self.named[name] = rule_id
        if "match" in raw:
            made: Rule = Match(
                raw.get("name"), self._regex(raw["match"], where), self._captures(raw.get("captures"), where)
            )
        else:
            patterns = tuple(
                self.rule(child, f"{where}.patterns[{n}]") for n, child in enumerate(raw.get("patterns", []))
            )
            if "begin" in raw:
                if "end" not in raw:
                    raise UnsupportedGrammar(f"{where}: begin without end (while rules are not supported)")
                both = raw.get("captures")
                made = BeginEnd(
                    raw.get("name"),
                    raw.get("contentName"),
                    self._regex(raw["begin"], where),
                    self._captures(raw.get("beginCaptures", both), where),
                    self._regex(raw["end"], where),
                    self._captures(raw.get("endCaptures", both), where),
                    patterns,
                    bool(raw.get("applyEndPatternLast", False)),
                )
            else:
                made = Patterns(patterns)
        self.rules[rule_id] = made
        return rule_id


def load(raw: Mapping[str, Any]) -> Grammar:
    """Compile a grammar given as its JSON object."""
    if "injections" in raw or "injectionSelector" in raw:
        raise UnsupportedGrammar("injections are not supported")
    scope = raw.get("scopeName")
    if not isinstance(scope, str) or not scope:
        raise UnsupportedGrammar("the grammar has no scopeName")
    builder = _Builder(raw)
    root = builder.rule({"patterns": raw.get("patterns", [])}, "patterns", name="$self")
    rules = tuple(r for r in builder.rules if r is not None)
    assert len(rules) == len(builder.rules), "every reserved rule is made"
    return Grammar(scope, rules, root, tuple(_scanner(rules, n) for n in range(len(rules))))


def grammar_bytes() -> bytes:
    """The grammar file as shipped in the package."""
    return resources.files("compiler.highlight").joinpath("guideline.tmLanguage.json").read_bytes()


@functools.cache
def grammar() -> Grammar:
    """The guideline grammar, compiled once."""
    return load(json.loads(grammar_bytes().decode("utf-8")))
