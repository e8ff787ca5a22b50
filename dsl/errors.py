"""Diagnostics an author can act on: `file:line:col: error: message`, the line, and a caret."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dsl.text import one_line, quoted

if TYPE_CHECKING:  # `guideline eval` from the cache reports errors without loading the model
    from dsl.model import Span


@dataclass(frozen=True, slots=True)
class Diagnostic:
    span: Span
    message: str
    severity: str = "error"
    code: str | None = None  # its stable code (`dsl.codes`), found from the message when not given

    def __post_init__(self) -> None:
        if self.code is None:
            from dsl.codes import code_of

            object.__setattr__(self, "code", code_of(self.message))

    def format(self, source_text: str | Mapping[str, str] | None) -> str:
        """The diagnostic for a terminal: the head line, then (when the source is at hand) the
        line it is about and a caret under the span. The source is the text the diagnostic is
        about, or each file's text by name (a guideline and the libraries it imports).

        Whatever the file name, message or line holds is shown on its line with its control
        characters escaped (`dsl.text.one_line`: an ESC, a bidi override or a CR cannot rewrite
        or reorder what the author sees), and the caret is placed over the line as shown, so it
        stays under the character it points at."""
        shown = f" [{self.code}]" if self.code else ""
        head = one_line(f"{self.span}: {self.severity}: {self.message}{shown}")
        if isinstance(source_text, Mapping):
            source_text = source_text.get(self.span.filename)
        if source_text is None:
            return head
        lines = source_lines(source_text)
        if not 1 <= self.span.line <= len(lines):
            return head
        line = lines[self.span.line - 1].expandtabs(1)  # a tab is one column, as lark counts it
        start = self.span.column - 1
        width = 1
        if self.span.end_line == self.span.line:
            width = max(1, self.span.end_column - self.span.column)
        begin, end = _shown_columns(line, start), _shown_columns(line, start + width)
        caret = " " * begin + "^" + "~" * (max(1, end - begin) - 1)
        return f"{head}\n    {one_line(line)}\n    {caret}"


def _shown_columns(line: str, count: int) -> int:
    """The columns that the first `count` characters of `line` take once shown with `one_line`
    (escaping goes character by character; a column past the end of the line counts one)."""
    return len(one_line(line[:count])) + max(0, count - len(line))


def source_lines(text: str) -> list[str]:
    """The text's lines as the parser counts them. Only '\\n' ends a line (as in the grammar and in
    lark's positions); `str.splitlines()` would also split at form feeds, U+2028 and other
    characters that may stand inside a line, and shift every line after them."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    span = diagnostic.span
    return (span.filename, span.line, span.column, diagnostic.message)


class GuidelineError(Exception):
    """Root of every error the toolchain reports to an author; `str()` is the full report."""

    def __init__(self, diagnostics: Iterable[Diagnostic], source_text: str | Mapping[str, str] | None = None):
        self.diagnostics = tuple(sorted(diagnostics, key=sort_key))
        self.source_text = source_text
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join(d.format(self.source_text) for d in self.diagnostics)


class GuidelineSyntaxError(GuidelineError):
    """The text does not follow the grammar."""


class GuidelineSemanticError(GuidelineError):
    """The text parses but says something inconsistent (undefined names, types, paths, ...)."""


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate the author most likely meant by a misspelled name, if any is close."""
    close = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest candidate (`dsl.text.quoted`), or nothing."""
    meant = closest(name, candidates)
    return f" (did you mean {quoted(meant)}?)" if meant else ""
