"""Reading the files a user names, with a one-line message for every way they can be unusable."""

from __future__ import annotations

import json
import os
from typing import Any

MAX_BYTES = 4 * 1024 * 1024  # a real guideline is a few tens of kilobytes


class UsageError(Exception):
    """A file or an argument the tools cannot use; `str()` is a one-line message."""


def read_text(path: str, what: str = "file", limit: int = MAX_BYTES) -> str:
    """The file's text with line breaks normalised to `\\n`; `UsageError` when it cannot be used."""
    if path != "-" and os.path.isdir(path):
        raise UsageError(f"{path}: is a directory, not a {what}")
    try:
        if path == "-":
            import sys

            data = sys.stdin.buffer.read(limit + 1)
        else:
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


def read_json_object(path: str, what: str = "patient's inputs") -> dict[str, Any]:
    """A JSON object from a file or stdin (`-`); duplicate keys are an error, not a silent overwrite."""
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
        value = json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as error:
        raise UsageError(f"{shown}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}") from None
    except (ValueError, RecursionError) as error:
        raise UsageError(f"{shown}: not usable JSON: {error}") from None
    if not isinstance(value, dict):
        kind = {list: "a list", str: "a text", bool: "true or false", type(None): "null"}.get(type(value), "a number")
        raise UsageError(f"{shown}: the {what} must be a JSON object, got {kind}")
    return value
