"""Where a guideline's libraries are (`dsl.imports`), and a fingerprint of them for the caches.

The library `NAME` of the guideline file `dir/x.guideline` is `dir/common/NAME.guideline`; a text
read from standard input finds its libraries in `./common/`. `library_fingerprint` is what the
caches of `compiler.api` add to their keys, so that a changed library makes every cached check
and compiled evaluator beside it stale. This module uses the standard library only (a cached
`guideline eval` imports it, and nothing heavy).
"""

from __future__ import annotations

import hashlib
import os

LIBRARY_DIRECTORY = "common"
SUFFIX = ".guideline"


def directory(filename: str) -> str:
    """Where the libraries of the guideline `filename` are (standard input: the current directory)."""
    here = os.path.dirname(filename) if filename not in ("-", "<stdin>", "<guideline>") else ""
    return os.path.join(here or ".", LIBRARY_DIRECTORY)


def library_path(filename: str, name: str) -> str:
    return os.path.join(directory(filename), name + SUFFIX)


def library_names(filename: str) -> list[str]:
    """The libraries beside the guideline `filename`, by name."""
    try:
        entries = os.listdir(directory(filename))
    except OSError:
        return []
    return sorted(entry[: -len(SUFFIX)] for entry in entries if entry.endswith(SUFFIX))


def library_fingerprint(filename: str) -> str:
    """A hash of every library the guideline `filename` could import (empty when there is none)."""
    names = library_names(filename)
    if not names:
        return ""
    digest = hashlib.sha256()
    for name in names:
        try:
            with open(library_path(filename, name), "rb") as file:
                content = file.read()
        except OSError as error:
            content = f"unreadable: {error.strerror}".encode()
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()
