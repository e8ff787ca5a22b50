"""What the commands share: reading and checking a guideline through the front door, writing
output files, JSON that any terminal can show."""

from __future__ import annotations

import codecs
import json
import os
import re
import unicodedata
from typing import TYPE_CHECKING

from compiler.files import UsageError, read_text
from dsl.text import ESCAPED_CATEGORIES

if TYPE_CHECKING:
    from dsl.pipeline import Checked

_JSON_ESCAPE = "guideline-json-escape"


def _json_escaped(char: str) -> str:
    """A character as a JSON `\\uXXXX` escape (a surrogate pair above U+FFFF)."""
    code = ord(char)
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: what the output encoding cannot hold becomes a JSON `\\uXXXX` escape
    (a surrogate pair above U+FFFF). Non-ASCII text only ever occurs inside JSON strings."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(_json_escaped(char) for char in error.object[error.start : error.end]), error.end


codecs.register_error(_JSON_ESCAPE, _json_escape)

# What json.dumps(ensure_ascii=False) leaves raw that a terminal acts on: DEL and everything past
# ASCII (a character below U+0020 is escaped by json itself, or is the indentation's line break).
_PAST_ASCII = re.compile("[\x7f-\U0010ffff]")


def _unshown(match: re.Match[str]) -> str:
    char = match.group()
    return char if char.isprintable() or unicodedata.category(char) not in ESCAPED_CATEGORIES else _json_escaped(char)


def json_text(value: object, encoding: str | None) -> str:
    """`value` as indented JSON, readable (not ASCII-escaped) where `encoding` can hold the
    characters and `\\u`-escaped where it cannot, so that it can always be written. A character
    that a terminal would act on or hide (those of `dsl.text.ESCAPED_CATEGORIES`: controls, bidi
    overrides and other format characters, line and paragraph separators, lone surrogates) is
    `\\u`-escaped too (DEL and C1 as well, which json leaves raw): the same JSON value, on a
    terminal exactly as written."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    if not text.isascii() or "\x7f" in text:
        text = _PAST_ASCII.sub(_unshown, text)
    try:
        return text.encode(encoding or "utf-8", _JSON_ESCAPE).decode(encoding or "utf-8")
    except LookupError:  # an encoding Python does not know: plain ASCII is safe everywhere
        return json.dumps(value, indent=2)


def checked(path: str) -> Checked:
    """Read and check a guideline file through the front door (`compiler.api.check_text`)."""
    from compiler.api import check_text

    return check_text(read_text(path, "guideline"), path)


def write(path: str, text: str) -> None:
    directory = os.path.dirname(path)
    try:
        if directory:
            os.makedirs(directory, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as error:
        raise UsageError(f"{path}: cannot be written ({error.strerror or error})") from None
