"""The in-process API: compile a guideline once, keep it, call `.evaluate()`.

    >>> from compiler.api import load
    >>> evaluator = load("guideline/azathioprine_thrombocytopenia.guideline")  # doctest: +SKIP
    >>> evaluator.evaluate({"indication": "other", ...})["status"]  # doctest: +SKIP

Compiled evaluators are kept in memory and on disk (see `dsl.cache`), keyed by the guideline
text, its file name and a fingerprint of this toolchain's own source, so that a cached evaluator
is exactly what compiling would give. A cache hit imports neither lark, networkx nor the UCUM
library: `guideline eval` starts fast.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compiler.files import read_text
from dsl import cache

if TYPE_CHECKING:
    from compiler.result import Result
    from dsl.checks import Report
    from dsl.pipeline import Checked

__all__ = ["Evaluator", "check_text", "compile_text", "load", "toolchain_fingerprint"]

PACKAGES = Path(__file__).resolve().parent.parent  # holds compiler/ and dsl/


def check_text(text: str, filename: str) -> Checked:
    """Parse and check (`dsl.pipeline.check_text`, the front door); raise `GuidelineSyntaxError`
    or `GuidelineSemanticError` with every problem."""
    from dsl.pipeline import check_text as checked

    return checked(text, filename)


def report_text(text: str, filename: str) -> Report:
    """Parse and check, keeping errors as diagnostics (`dsl.pipeline.report_text`)."""
    from dsl.pipeline import report_text as report

    return report(text, filename)


class Evaluator:
    """A compiled guideline, loaded in this process: the same code `guideline compile` writes."""

    def __init__(self, source: str, filename: str) -> None:
        namespace: dict[str, Any] = {"__name__": "guideline_evaluator"}
        exec(compile(source, f"<compiled {os.path.basename(filename)}>", "exec"), namespace)
        self.source = source
        self.guideline_id: str = namespace["GUIDELINE_ID"]
        self.version: str = namespace["VERSION"]
        self.title: str = namespace["TITLE"]
        self.input_schema: dict[str, Any] = namespace["INPUT_SCHEMA"]
        self._evaluate = namespace["evaluate"]

    def evaluate(self, inputs: Mapping[str, object]) -> Result:
        """The result for one patient (status, recommendations, needs, errors, path, trace)."""
        result: Result = self._evaluate(inputs)
        return result


@functools.lru_cache(maxsize=1)
def toolchain_fingerprint() -> str:
    """A hash of the toolchain's source: any change to it makes every cached evaluator stale."""
    return fingerprint(PACKAGES, ("dsl", "compiler"))


SOURCE_SUFFIXES = (".py", ".lark")  # modules and package data that change what a compile gives


def fingerprint(root: Path, packages: tuple[str, ...]) -> str:
    """A hash of every source file and grammar of `packages` under `root`, subpackages included,
    each with its path relative to `root`, so that moving or renaming a file changes it too."""
    digest = hashlib.sha256()
    for package in packages:
        files = sorted(p for p in (root / package).rglob("*") if p.suffix in SOURCE_SUFFIXES and p.is_file())
        for path in files:
            if "__pycache__" in path.parts:
                continue
            digest.update(path.relative_to(root).as_posix().encode("utf-8"))
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def compile_text(text: str, filename: str = "<guideline>") -> Evaluator:
    """Check and compile a guideline text; cached by content, so repeated calls are free."""
    key = hashlib.sha256(
        "\0".join((toolchain_fingerprint(), os.path.basename(filename), text)).encode("utf-8", "surrogatepass")
    ).hexdigest()
    return _compiled(key, text, filename)


@functools.lru_cache(maxsize=32)
def _compiled(key: str, text: str, filename: str) -> Evaluator:
    cached = _cache_file(key)
    if cached is not None and cached.is_file():
        return Evaluator(cached.read_text(encoding="utf-8"), filename)
    from compiler.python.codegen import generate

    source = generate(check_text(text, filename).program)
    if cached is not None:
        cache.write(cached, source)
    return Evaluator(source, filename)


def _cache_file(key: str) -> Path | None:
    root = cache.directory()
    return None if root is None else root / f"{key}.py"


def load(path: str) -> Evaluator:
    """Read, check and compile a guideline file (cached by content)."""
    return compile_text(read_text(path, "guideline"), path)
