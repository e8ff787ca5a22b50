r"""Text from patient data or from a guideline, made safe to show to a person at a terminal.

Every human-readable output (the summary of `guideline eval`, diagnostics, flowchart notes)
shows such text through this module, so that a name or a text cannot move the cursor, start a
line of its own, recolour or hide what follows, or reverse its direction: a character that is not
printable on one line is shown as a backslash escape, in Python's notation (`\n`, `\x1b`,
`\u202e`, `\U000e0041`). Those characters are

- the controls (Unicode category Cc: C0, DEL, C1; a tab too, which is layout the reader cannot see),
- the format characters (Cf: bidi overrides and isolates such as U+202E, zero-width spaces and
  joiners, the soft hyphen, the byte order mark, tag characters),
- the line and paragraph separators U+2028 and U+2029 (Zl, Zp),
- lone surrogates (Cs: a file name or JSON text that was not valid UTF-16/UTF-8).

Letters, marks, digits, punctuation, symbols and spaces of every script stay as they are
(`é`, `血小板`, a no-break space): a summary in any language reads as written.

Two ways to show a text:

- `visible` (and `quoted` for a name) also doubles a backslash, so that the result is
  unambiguous: distinct texts are shown differently, and a text that spells `\n` is not
  mistaken for one holding a line break. For values: names, texts, keys from data or a guideline.
- `one_line` escapes the same characters but leaves a backslash alone. For text that is already
  written in a notation of its own, where backslashes are the author's: a source line echoed
  under a diagnostic (`text "a \q"` must be shown as written, with the caret under it), or a
  message whose values were quoted with `repr`. It keeps such text on one line and harmless,
  but it is not injective: use `visible` for anything that is a value.

Standard library only: the toolchain's every layer may import it.
"""

from __future__ import annotations

import unicodedata

__all__ = ["ESCAPED_CATEGORIES", "one_line", "quoted", "visible"]

#: The Unicode general categories whose characters are shown as escapes.
ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})

_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(char: str) -> str:
    r"""One character's escape: a short form for tab, line feed and carriage return, else the
    shortest of `\xhh`, `\uhhhh`, `\Uhhhhhhhh` (lower-case hex) that holds its code point."""
    short = _SHORT.get(char)
    if short is not None:
        return short
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _shown(char: str) -> bool:
    r"""Whether `char` may be shown as it is (only an escaped category decides; not a backslash)."""
    return char.isprintable() or unicodedata.category(char) not in ESCAPED_CATEGORIES


def one_line(text: str) -> str:
    r"""`text` with every character that is not printable on one line shown as an escape, and
    backslashes left as they are (see the module's docstring for when that is right).

    >>> print(one_line("x.guideline:40:22: error: unknown escape '\\q' in a text"))
    x.guideline:40:22: error: unknown escape '\q' in a text
    >>> print(one_line('text "a\x1b[8mb"  \u202eevil\r\n'))
    text "a\x1b[8mb"  \u202eevil\r\n
    """
    if text.isprintable():  # the common case: nothing to escape, checked at C speed
        return text
    return "".join(char if _shown(char) else _escape(char) for char in text)


def visible(text: str) -> str:
    r"""`text` on one line, unambiguously: a backslash doubled, and every character that is not
    printable on one line shown as an escape. Distinct texts are always shown differently.

    >>> print(visible("x\nStatus: complete\x1b[8m"))
    x\nStatus: complete\x1b[8m
    >>> print(visible("a\\nb"))  # a backslash and an n, not a line break
    a\\nb
    >>> print(visible("\u202egnp.exe \u2028 \u200d \x85 \x7f \t"))
    \u202egnp.exe \u2028 \u200d \x85 \x7f \t
    >>> print(visible("\ud800 \U000e0041"))
    \ud800 \U000e0041
    >>> print(visible("Plättchen 血小板 < 50 x10^9/L, 'quoted' \"too\""))
    Plättchen 血小板 < 50 x10^9/L, 'quoted' "too"
    """
    if text.isprintable() and "\\" not in text:
        return text
    return "".join("\\\\" if char == "\\" else char if _shown(char) else _escape(char) for char in text)


def quoted(name: str) -> str:
    r"""A name in single quotes, shown with `visible`; a single quote inside it is shown as `\'`
    (unambiguous, since `visible` doubles every backslash of the name itself).

    >>> print(quoted("platelet_count"))
    'platelet_count'
    >>> print(quoted("it's"))
    'it\'s'
    >>> print(quoted("a\nb\\"))
    'a\nb\\'
    >>> print(quoted(""))
    ''
    """
    return "'" + visible(name).replace("'", "\\'") + "'"
