"""What the commands share: reading and checking a guideline through the front door, writing
output files, JSON that any terminal can show."""

from __future__ import annotations

import codecs
import json
import os
from typing import TYPE_CHECKING

from compiler.files import UsageError, read_text

if TYPE_CHECKING:
    from dsl.pipeline import Checked

_JSON_ESCAPE = "guideline-json-escape"


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: what the output encoding cannot hold becomes a JSON `\\uXXXX` escape
    (a surrogate pair above U+FFFF). Non-ASCII text only ever occurs inside JSON strings."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    escaped = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            escaped.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escaped.append(f"\\u{code:04x}")
    return "".join(escaped), error.end


codecs.register_error(_JSON_ESCAPE, _json_escape)


def json_text(value: object, encoding: str | None) -> str:
    """`value` as indented JSON, readable (not ASCII-escaped) where `encoding` can hold the
    characters and `\\u`-escaped where it cannot, so that it can always be written."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
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
