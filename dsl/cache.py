"""Where the toolchain keeps what it has worked out: compiled evaluators, UCUM facts.

`GUIDELINE_CACHE_DIR`, else `$XDG_CACHE_HOME/guideline-toolchain`, else
`~/.cache/guideline-toolchain`; `GUIDELINE_NO_CACHE=1` turns caching off, and
`GUIDELINE_NO_REPORT_CACHE=1` only the reports of `guideline check` (for timing the check
itself). A cache that cannot be written only costs time, so write failures are skipped.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def directory() -> Path | None:
    if os.environ.get("GUIDELINE_NO_CACHE"):
        return None
    root = os.environ.get("GUIDELINE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "guideline-toolchain"
    )
    return Path(root)


def write(path: Path, text: str | bytes) -> None:
    """Replace `path` atomically, so a reader never sees half a file (text as UTF-8)."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as f:
            f.write(data)
        os.replace(f.name, path)
    except OSError:
        return
