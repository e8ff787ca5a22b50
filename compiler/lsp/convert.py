"""Positions between the toolchain and LSP.

A `Span` counts 1-based lines and 1-based columns of characters (code points, as lark counts
them; a tab is one column), its end exclusive. LSP counts 0-based lines and 0-based characters in
UTF-16 code units (the encoding every client supports): a character outside the Basic Multilingual
Plane (an emoji, some CJK) is one column of a span and two units of an LSP position. Lines are
split at '\\n' only, as the parser splits them (`dsl.errors.source_lines`).
"""

from __future__ import annotations

from lsprotocol import types

from dsl.errors import source_lines
from dsl.model import Span


def units(text: str) -> int:
    """The length of `text` in UTF-16 code units."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


class Lines:
    """One text's lines, for converting between spans and LSP positions."""

    def __init__(self, text: str) -> None:
        self.lines = source_lines(text)

    def line(self, number: int) -> str:
        """The 0-based line `number`, or '' past the end."""
        return self.lines[number] if 0 <= number < len(self.lines) else ""

    def position(self, line: int, column: int) -> types.Position:
        """The LSP position of a span's 1-based (line, column); clamped to the text."""
        row = min(max(line - 1, 0), max(len(self.lines) - 1, 0))
        text = self.line(row)
        return types.Position(line=row, character=units(text[: max(column - 1, 0)]))

    def range(self, span: Span) -> types.Range:
        start, end = self.position(span.line, span.column), self.position(span.end_line, span.end_column)
        return types.Range(start=start, end=end)

    def column(self, position: types.Position) -> int:
        """The 0-based character index into its line of an LSP position (a position inside a
        surrogate pair, which a client should never send, counts as the character it splits)."""
        text = self.line(position.line)
        count = 0
        for index, char in enumerate(text):
            if count >= position.character:
                return index
            count += 2 if ord(char) > 0xFFFF else 1
        return len(text)

    def spot(self, position: types.Position) -> tuple[int, int]:
        """The 1-based (line, column) of a span at an LSP position."""
        return position.line + 1, self.column(position) + 1


def contains(span: Span, line: int, column: int) -> bool:
    """Whether the 1-based (line, column) is inside the span or just at its end (a cursor right
    after a name is on it)."""
    if (line, column) < (span.line, span.column):
        return False
    return (line, column) <= (span.end_line, span.end_column)
