"""Guideline text into tokens, line by line, as vscode-textmate tokenises it (`tokenizeLine`).

Each line is matched with its `\\n` after it, from the rule stack the line before left. At each
position every pattern of the innermost rule is tried (a begin/end rule's end first, unless
`applyEndPatternLast`); the one whose match starts first wins, the earlier in the list on a tie.
An end pops the rule; a begin pushes one; a match gives its scopes and captures. Captures nest:
a group inside another gets the outer's scopes and its own. A token runs from one boundary to
the next (a match's start and end, each capture's), so two neighbours may have the same scopes.
vscode-textmate's guards against a grammar that loops without advancing are kept: such a line
ends in the state reached, its remaining text one token.

A text's lines are those of `str.split("\\n")` with one `\\r` at a line's end left out, as
editors/vscode/test/tokenize.js splits them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from compiler.highlight.grammar import BeginEnd, Capture, Grammar, Match, Patterns, grammar, scope_name

__all__ = ["Line", "State", "Token", "initial", "lines_of", "tokenize", "tokenize_line"]


@dataclass(frozen=True, slots=True)
class Token:
    """Columns `start` to `end` (0-based, end exclusive, in code points) of one line and its
    scopes, outermost first, the grammar's root scope included."""

    start: int
    end: int
    scopes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Line:
    text: str  # without its line ending
    tokens: tuple[Token, ...]  # cover the text, in order


@dataclass(frozen=True, slots=True)
class State:
    """The rule stack between two positions: the innermost rule, the position it was entered at
    on this line (-1 when entered on a line before), its scopes and those of its content."""

    parent: State | None
    rule: int
    entered: int
    scopes: tuple[str, ...]
    content: tuple[str, ...]

    def has_same_rule_as(self, other: State) -> bool:
        """Whether this stack, entered where `other` was, already holds `other`'s rule there."""
        at: State | None = self
        while at is not None and at.entered == other.entered:
            if at.rule == other.rule:
                return True
            at = at.parent
        return False


def initial(g: Grammar) -> State:
    return State(None, g.root, -1, (g.scope,), (g.scope,))


def _reset(state: State) -> State:
    """The stack at the start of a line: every rule entered on a line before."""
    parent = _reset(state.parent) if state.parent is not None else None
    if parent is state.parent and state.entered == -1:
        return state
    return dataclasses.replace(state, parent=parent, entered=-1)


def _scoped(scopes: tuple[str, ...], name: str | None) -> tuple[str, ...]:
    return scopes if not name else (*scopes, *name.split(" "))


class _Tokens:
    def __init__(self) -> None:
        self.tokens: list[Token] = []
        self.end = 0

    def produce(self, scopes: tuple[str, ...], end: int) -> None:
        if self.end < end:
            self.tokens.append(Token(self.end, end, scopes))
            self.end = end

    def captures(self, state: State, captures: Sequence[Capture | None], match: re.Match[str]) -> None:
        open_: list[tuple[tuple[str, ...], int]] = []  # the captures still open: scopes, end
        last = match.end()
        for number in range(min(len(captures), (match.re.groups or 0) + 1)):
            capture = captures[number]
            if capture is None:
                continue
            start, end = match.span(number)
            if end <= start:
                continue  # nothing captured (or the group did not take part)
            if start > last:
                break
            while open_ and open_[-1][1] <= start:
                self.produce(*open_.pop())
            self.produce(open_[-1][0] if open_ else state.content, start)
            name = scope_name(capture.name, match)
            if name is not None:
                open_.append((_scoped(open_[-1][0] if open_ else state.content, name), end))
        while open_:
            self.produce(*open_.pop())


def _first_match(g: Grammar, state: State, text: str, position: int) -> tuple[int | None, re.Match[str]] | None:
    best: tuple[int | None, re.Match[str]] | None = None
    for regex, rule_id in g.scanners[state.rule]:
        found = regex.search(text, position)
        if found is not None and (best is None or found.start() < best[1].start()):
            best = (rule_id, found)
            if found.start() == position:
                break
    return best


def tokenize_line(g: Grammar, line: str, state: State) -> tuple[Line, State]:
    """One line's tokens and the state the next line starts from."""
    text = line + "\n"
    length = len(text)
    out = _Tokens()
    state = _reset(state)
    position = 0
    while True:
        found = _first_match(g, state, text, position)
        if found is None:
            out.produce(state.content, length)
            break
        rule_id, match = found
        start, end = match.span()
        advanced = end > position
        if rule_id is None:  # the innermost rule's end: pop it
            rule = g.rules[state.rule]
            assert isinstance(rule, BeginEnd)
            out.produce(state.content, start)
            state = dataclasses.replace(state, content=state.scopes)
            out.captures(state, rule.end_captures, match)
            out.produce(state.content, end)
            popped, parent = state, state.parent
            assert parent is not None, "the root is never popped"
            state = parent
            if not advanced and popped.entered == position:  # pushed and popped without advancing
                state = popped
                out.produce(state.content, length)
                break
        else:
            rule = g.rules[rule_id]
            assert not isinstance(rule, Patterns), "a scanner lists the rules of a list, not the list"
            out.produce(state.content, start)
            before = state
            scopes = _scoped(state.content, scope_name(rule.name, match))
            state = State(state, rule_id, position, scopes, scopes)
            if isinstance(rule, BeginEnd):
                out.captures(state, rule.begin_captures, match)
                out.produce(state.content, end)
                state = dataclasses.replace(state, content=_scoped(scopes, scope_name(rule.content_name, match)))
                if not advanced and before.has_same_rule_as(state):  # the same rule again, not advancing
                    state = before
                    out.produce(state.content, length)
                    break
            else:
                assert isinstance(rule, Match)
                out.captures(state, rule.captures, match)
                out.produce(state.content, end)
                state = before
                if not advanced:  # neither advancing nor pushing: give up on the line
                    state = state.parent or state
                    out.produce(state.content, length)
                    break
        position = max(position, end)
    tokens = out.tokens
    if tokens and tokens[-1].start == length - 1:
        tokens.pop()  # the newline's own token
    if not tokens:
        tokens.append(Token(0, length, state.content))
    clipped = tuple(Token(t.start, min(t.end, len(line)), t.scopes) for t in tokens if t.start < len(line))
    return Line(line, clipped), state


def lines_of(text: str) -> list[str]:
    """The text's lines, as editors/vscode/test/tokenize.js splits them."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def tokenize(text: str, g: Grammar | None = None) -> tuple[Line, ...]:
    """Every line of the text with its tokens (`lines_of`: a text ending in a newline ends with
    an empty line)."""
    g = g if g is not None else grammar()
    state = initial(g)
    found: list[Line] = []
    for line in lines_of(text):
        tokenized, state = tokenize_line(g, line, state)
        found.append(tokenized)
    return tuple(found)
