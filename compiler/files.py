"""Reading the files a user names, with a one-line message for every way they can be unusable."""

from __future__ import annotations

import json
import math
import os
import sys
from typing import Any

MAX_BYTES = 4 * 1024 * 1024  # a real guideline is a few tens of kilobytes

# `int()` converts this many digits whatever `sys.set_int_max_str_digits` says (it cannot be set
# lower), in time too short to matter; the largest float has 309.
EXACT_DIGITS = sys.int_info.str_digits_check_threshold


class UsageError(Exception):
    """A file or an argument the tools cannot use; `str()` is a one-line message."""


def read_text(path: str, what: str = "file", limit: int = MAX_BYTES) -> str:
    """The file's text with line breaks normalised to `\\n`; `UsageError` when it cannot be used."""
    if path == "-":
        data = _read_stdin(limit + 1)
    elif os.path.isdir(path):
        raise UsageError(f"{path}: is a directory, not a {what}")
    else:
        try:
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)
        except FileNotFoundError:
            raise UsageError(f"{path}: no such file") from None
        except PermissionError:
            raise UsageError(f"{path}: permission denied") from None
        except OSError as error:
            raise UsageError(f"{path}: cannot be read ({error.strerror or error})") from None
    shown = "<stdin>" if path == "-" else path
    if len(data) > limit:
        raise UsageError(f"{shown}: too large for a {what} (over {limit // (1024 * 1024)} MiB)")
    if b"\0" in data:
        raise UsageError(f"{shown}: is a binary file, not a {what}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(
            f"{shown}: is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UsageError(f"{shown}: is empty")
    return text


def _read_stdin(size: int) -> bytes:
    """Up to `size` bytes of standard input. It may be missing (`sys.stdin` is None when the
    command starts with descriptor 0 closed: `<&-`), closed, unreadable (a directory, a
    descriptor open for writing only) or a text stream without bytes (a test's `StringIO`)."""
    stdin = sys.stdin
    if stdin is None:
        raise UsageError("<stdin>: cannot be read (standard input is closed)")
    source = getattr(stdin, "buffer", None)
    try:
        if source is not None:
            data: bytes = source.read(size)
            return data
        return stdin.read(size).encode("utf-8", "surrogatepass")  # size characters: at least size bytes
    except OSError as error:
        raise UsageError(f"<stdin>: cannot be read ({error.strerror or error})") from None
    except ValueError:  # io raises it for a closed stream
        if getattr(stdin, "closed", False) or getattr(source, "closed", False):
            raise UsageError("<stdin>: cannot be read (standard input is closed)") from None
        raise


class LargeNumber(int):
    """A JSON number beyond the range of every float: an integer of more than `EXACT_DIGITS`
    digits, or a number such as `1e999` that a float reads as infinity. `text` is the number as
    written, and `str()` and `repr()` show it. As an int it is a stand-in of the number's sign,
    ±10**EXACT_DIGITS: it compares with every float as the number does, and `float()` of it raises
    OverflowError, so that an evaluator reports the input as "the number is too large".

    The exact value is never computed: no float can hold it, so no evaluation uses it, and
    converting n digits to an int takes time quadratic in n (the 4 million digits a 4 MiB file
    can hold take minutes; that is why Python limits `int()` to 4,300 digits by default).
    `json.dumps` writes the stand-in."""

    text: str

    def __new__(cls, text: str) -> LargeNumber:
        number = super().__new__(cls, -_BEYOND_FLOATS if text.startswith("-") else _BEYOND_FLOATS)
        number.text = text
        return number

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


_BEYOND_FLOATS = 10**EXACT_DIGITS


def _json_integer(text: str) -> int:
    """`parse_int` of `json.loads`: the int of a JSON integer, however many digits it has."""
    digits = len(text) - text.startswith("-")
    return int(text) if digits <= EXACT_DIGITS else LargeNumber(text)


def _json_float(text: str) -> float | LargeNumber:
    """`parse_float` of `json.loads` (a number with a fraction or an exponent): the float, or
    `LargeNumber` where the float would be infinity (`1e999`). Reading the float takes time linear
    in the number of digits; one too small for a float is 0.0, as in every JSON reader."""
    number = float(text)
    return LargeNumber(text) if math.isinf(number) else number


def read_json_object(path: str, what: str = "patient's inputs") -> dict[str, Any]:
    """A JSON object from a file or stdin (`-`); duplicate keys are an error, not a silent overwrite.
    Every number is read, whatever its size, as an input value for the evaluator to judge: an int,
    a float, `LargeNumber` beyond the range of floats, and NaN or ±inf for the literals `NaN`,
    `Infinity` and `-Infinity` (not JSON, but what Python's own JSON writes)."""
    text = read_text(path, "JSON file")
    shown = "<stdin>" if path == "-" else path

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise UsageError(f"{shown}: {key!r} is given twice")
            result[key] = value
        return result

    try:
        value = json.loads(text, object_pairs_hook=no_duplicates, parse_int=_json_integer, parse_float=_json_float)
    except json.JSONDecodeError as error:
        raise UsageError(f"{shown}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}") from None
    except (ValueError, RecursionError) as error:
        raise UsageError(f"{shown}: not usable JSON: {error}") from None
    if not isinstance(value, dict):
        kind = {list: "a list", str: "a text", bool: "true or false", type(None): "null"}.get(type(value), "a number")
        raise UsageError(f"{shown}: the {what} must be a JSON object, got {kind}")
    return value
