"""The grammar's regular expressions, written for Oniguruma (what vscode-textmate uses), as
Python `re` patterns with the same meaning on one line of text followed by its `\\n`.

Only the subset the grammar needs is translated, and anything else is refused with
`UnsupportedPattern` (so a grammar change that needs more fails loudly, in the tests, rather
than colouring differently):

- kept as written: literals, `.`, `^`, `$` (on one line plus its newline both engines agree),
  groups `(...)`, `(?:...)`, lookahead and lookbehind `(?=` `(?!` `(?<=` `(?<!`, atomic groups
  `(?>`, alternation, quantifiers (greedy, lazy, possessive), character classes, `\\d`, back
  references, escaped punctuation and the control escapes `\\t \\n \\r \\f \\v \\e \\a`;
- rewritten: `\\s` `\\S` `\\w` `\\W` `\\b` `\\B` as explicit classes, because Python's sets differ
  from Oniguruma's for Unicode text (Oniguruma's word characters are the letters, marks,
  numbers and connector punctuation, Python's are the alphanumerics and `_`; its white space
  leaves out U+001C..U+001F, which Python's `\\s` has); named groups `(?<name>` become `(?P<name>`;
- refused: `\\G \\A \\z \\Z \\h \\H \\p \\x{..} \\k \\g \\K \\R \\X`, option groups, conditionals,
  nested classes and class intersection (`[[`, `&&`), `\\S` `\\W` inside a class.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

__all__ = ["UnsupportedPattern", "compile_pattern", "translate"]


class UnsupportedPattern(ValueError):
    """A grammar pattern uses Oniguruma syntax that this translation does not support."""


# Oniguruma's \s for Unicode text: \t \n \v \f \r, U+0085 and the space, line and paragraph
# separators (General_Category Zs, Zl, Zp).
_SPACE_CHARS = "\\t\\n\\x0b\\x0c\\r\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000 "
_CONTROL_ESCAPES = {"t": "\\t", "n": "\\n", "r": "\\r", "f": "\\x0c", "v": "\\x0b", "e": "\\x1b", "a": "\\x07"}
_REFUSED_ESCAPES = set("GAzZhHpPkgKRXxuUoOcCmNyY")
_GROUP_OPENINGS = ("(?:", "(?=", "(?!", "(?<=", "(?<!", "(?>")


# Where Unicode puts marks and connector punctuation: planes 0 and 1, and plane 14 (the
# variation selectors); planes 2 and 3 hold only ideographs, which Python's \w has.
# tests/test_highlight.py checks this against every code point.
MARK_PLANES = ((0x0, 0x1FFFF), (0xE0000, 0xEFFFF))


def _extra_word_codes(planes: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """The ranges of code points Oniguruma counts as word characters and Python's `\\w` does not:
    the marks (Mn, Mc, Me) and the connector punctuation (Pc) but `_`."""
    ranges: list[tuple[int, int]] = []
    for low, high in planes:
        start: int | None = None
        for code in range(low, high + 2):
            category = unicodedata.category(chr(code)) if code <= min(high, sys.maxunicode) else "Cn"
            extra = category[0] == "M" or (category == "Pc" and code != 0x5F)
            if extra and start is None:
                start = code
            elif not extra and start is not None:
                ranges.append((start, code - 1))
                start = None
    return ranges


@functools.cache
def _word_chars() -> str:
    """Oniguruma's word characters for Unicode text (L, M, N, Pc) as the inside of a class:
    Python's `\\w` (the alphanumerics and `_`, all of them L or N) and the marks and connectors."""
    extra = _extra_word_codes(MARK_PLANES)
    return "\\w" + "".join(_char(a) if a == b else f"{_char(a)}-{_char(b)}" for a, b in extra)


def _char(code: int) -> str:
    return re.escape(chr(code))


def _escape(pattern: str, index: int, in_class: bool) -> tuple[str, int]:
    """The translation of the escape at `pattern[index]` (a backslash) and the index after it."""
    if index + 1 >= len(pattern):
        raise UnsupportedPattern(f"{pattern!r}: a trailing backslash")
    letter = pattern[index + 1]
    after = index + 2
    if letter == "s":
        return (_SPACE_CHARS if in_class else f"[{_SPACE_CHARS}]"), after
    if letter == "w":
        return (_word_chars() if in_class else f"[{_word_chars()}]"), after
    if letter in "SW" and in_class:
        raise UnsupportedPattern(f"{pattern!r}: \\{letter} inside a character class")
    if letter == "S":
        return f"[^{_SPACE_CHARS}]", after
    if letter == "W":
        return f"[^{_word_chars()}]", after
    if letter in "bB":
        if in_class:
            raise UnsupportedPattern(f"{pattern!r}: \\{letter} inside a character class")
        word = f"[{_word_chars()}]"
        if letter == "b":
            return f"(?:(?<={word})(?!{word})|(?<!{word})(?={word}))", after
        return f"(?:(?<={word})(?={word})|(?<!{word})(?!{word}))", after
    if letter in _CONTROL_ESCAPES:
        return _CONTROL_ESCAPES[letter], after
    if letter in "dD":
        return "\\" + letter, after  # both engines: General_Category Nd
    if letter.isdigit():
        if in_class:
            raise UnsupportedPattern(f"{pattern!r}: an octal or back reference escape inside a class")
        return "\\" + letter, after
    if letter.isalpha() or letter in _REFUSED_ESCAPES:
        raise UnsupportedPattern(f"{pattern!r}: the escape \\{letter} is not supported")
    return "\\" + letter, after  # escaped punctuation means itself in both


def _group(pattern: str, index: int) -> tuple[str, int]:
    """The translation of the group opening at `pattern[index]` and the index after it."""
    for opening in _GROUP_OPENINGS:
        if pattern.startswith(opening, index):
            return opening, index + len(opening)
    named = re.compile(r"\(\?<([A-Za-z_][A-Za-z0-9_]*)>").match(pattern, index)
    if named:
        return f"(?P<{named[1]}>", named.end()
    if pattern.startswith("(?", index):
        raise UnsupportedPattern(f"{pattern!r}: the group {pattern[index : index + 4]!r}... is not supported")
    return "(", index + 1


def _char_class(pattern: str, index: int) -> tuple[str, int]:
    """The translation of the class opening at `pattern[index]` and the index after its `]`."""
    out = ["["]
    at = index + 1
    if pattern.startswith("^", at):
        out.append("^")
        at += 1
    if pattern.startswith("]", at):  # a `]` first is a literal in both
        out.append("\\]")
        at += 1
    while at < len(pattern):
        char = pattern[at]
        if char == "]":
            return "".join(out) + "]", at + 1
        if char == "\\":
            piece, at = _escape(pattern, at, in_class=True)
            out.append(piece)
            continue
        if char == "[" or pattern.startswith("&&", at):
            raise UnsupportedPattern(f"{pattern!r}: nested classes and class intersection are not supported")
        out.append(char)
        at += 1
    raise UnsupportedPattern(f"{pattern!r}: an unclosed character class")


def translate(pattern: str) -> str:
    """The Python `re` source for an Oniguruma pattern of the supported subset."""
    out: list[str] = []
    at = 0
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            piece, at = _escape(pattern, at, in_class=False)
        elif char == "[":
            piece, at = _char_class(pattern, at)
        elif char == "(":
            piece, at = _group(pattern, at)
        else:
            piece, at = char, at + 1
        out.append(piece)
    return "".join(out)


@functools.cache
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """The compiled translation; `UnsupportedPattern` when it cannot be translated or compiled."""
    try:
        return re.compile(translate(pattern))
    except re.error as error:
        raise UnsupportedPattern(f"{pattern!r}: {error}") from None
