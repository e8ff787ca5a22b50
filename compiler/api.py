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
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from compiler.files import read_text
from dsl import cache

if TYPE_CHECKING:
    import pyarrow as pa

    from compiler.result import Result
    from dsl.checks import Report
    from dsl.pipeline import Checked
    from dsl.program import Program

__all__ = [
    "CheckReport",
    "check_report",
    "Evaluator",
    "check_text",
    "compile_lowered",
    "compile_text",
    "format_text",
    "load",
    "lower_text",
    "report_text",
    "toolchain_fingerprint",
]

PACKAGES = Path(__file__).resolve().parent.parent  # holds compiler/ and dsl/
_T = TypeVar("_T")


def check_text(text: str, filename: str) -> Checked:
    """Parse and check (`dsl.pipeline.check_text`, the front door); raise `GuidelineSyntaxError`
    or `GuidelineSemanticError` with every problem. The last few checked texts are kept in this
    process (a `Checked` is immutable), keyed like compiled evaluators, so that a command that
    checks a text and then compiles it (`guideline diff`, `render --inputs`) checks it once."""
    key = _key("program", filename, text)
    found = _CHECKED.get(key)
    if found is None:
        from dsl.pipeline import check_text as checked

        found = _keep(_CHECKED, key, checked(text, filename))
    return found


def lower_text(text: str, filename: str) -> Program:
    """The program of a text through every check but the verifier's (`dsl.pipeline.lower_text`),
    for `guideline diff`; the program of a full check when this process made one. Kept on disk
    too, like compiled evaluators (keyed by the text, its file name, its libraries and the
    toolchain's fingerprint, so that a hit is exactly what lowering would give): comparing a
    version again reads it instead of parsing and checking it. A text that is refused is not
    kept, and is refused again each time."""
    key = _key("program", filename, text)
    found = _CHECKED.get(key)
    if found is not None:
        return found.program
    lowered = _LOWERED.get(key)
    if lowered is None:
        cached = _cache_file(key, ".program.pickle")
        lowered = _read_program(cached) if cached is not None and cached.is_file() else None
        if lowered is None:
            from dsl.pipeline import lower_text as lowering

            lowered = lowering(text, filename)
            if cached is not None:
                _write_program(cached, lowered)
        _keep(_LOWERED, key, lowered)
    return lowered


def _write_program(path: Path, program: Program) -> None:
    import pickle

    try:
        data = pickle.dumps(program, protocol=pickle.HIGHEST_PROTOCOL)
    except (RecursionError, pickle.PicklingError):  # a cache that cannot be written only costs time
        return
    cache.write(path, data)


def _read_program(path: Path) -> Program | None:
    """A program kept by `lower_text`, or None when the entry cannot be read (then it is lowered
    again and the entry replaced). The cache is the user's own, as trusted as the compiled
    modules next to it, which are run."""
    import pickle

    from dsl.program import Program

    try:
        found = pickle.loads(path.read_bytes())
    except Exception:  # a damaged or half-written entry of any kind is only a miss
        return None
    return found if isinstance(found, Program) else None


KEPT_CHECKS = 8
_CHECKED: dict[str, Checked] = {}
_LOWERED: dict[str, Program] = {}


def _keep(memo: dict[str, _T], key: str, value: _T) -> _T:
    """`value` kept under `key`, the oldest entries dropped past `KEPT_CHECKS`."""
    memo[key] = value
    while len(memo) > KEPT_CHECKS:
        del memo[next(iter(memo))]
    return value


class CheckReport(NamedTuple):  # not a dataclass: a cache hit should not import dataclasses
    """What `guideline check` says of one text: its counts, and every diagnostic as printed (the
    line, the source line and the caret), empty when there is none."""

    errors: int
    warnings: int
    text: str


def check_report(text: str, filename: str) -> CheckReport:
    """The check of a text through the front door, kept on disk like compiled evaluators (keyed by
    the text, its file name and the toolchain's fingerprint, so a hit is exactly what checking
    would say): checking an unchanged guideline again loads neither lark nor networkx."""
    reports = not os.environ.get("GUIDELINE_NO_REPORT_CACHE")  # benchmarks time the check itself
    cached = _cache_file(_key("check", filename, text), ".check.json") if reports else None
    if cached is not None and cached.is_file():
        try:
            loaded = json.loads(cached.read_text(encoding="utf-8"))
            return CheckReport(int(loaded["errors"]), int(loaded["warnings"]), str(loaded["text"]))
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a damaged entry is checked again
    from dsl.errors import GuidelineError

    try:  # the report rather than `check_text`: a library has no program, and checks all the same
        found = report_text(text, filename)
    except GuidelineError as error:
        diagnostics, shown = error.diagnostics, error.report()
    else:
        diagnostics = found.diagnostics
        shown = "\n".join(d.format(found.texts) for d in diagnostics)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    report = CheckReport(errors, len(diagnostics) - errors, shown)
    if cached is not None:
        cache.write(cached, json.dumps(report._asdict(), sort_keys=True))
    return report


def _key(kind: str, filename: str, text: str) -> str:
    from dsl.libraries import library_fingerprint

    parts = (toolchain_fingerprint(), kind, filename, library_fingerprint(filename), text)
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def format_text(text: str, filename: str) -> str:
    """The text in the canonical layout (`dsl.pipeline.format_text`); raises `GuidelineSyntaxError`."""
    from dsl.pipeline import format_text as formatted

    return formatted(text, filename)


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
        self.urgency: dict[str, str] | None = namespace.get("URGENCY")  # code → critical|warning|info
        self._evaluate = namespace["evaluate"]

    def evaluate(self, inputs: Mapping[str, object]) -> Result:
        """The result for one patient (status, recommendations, needs, errors, path, trace)."""
        result: Result = self._evaluate(inputs)
        return result

    guideline_text: str = ""  # the text and file name it was compiled from (set by `compile_text`)
    filename: str = ""

    def population(
        self,
        source: object,
        *,
        engine: str = "duckdb",
        id_column: str = "id",
        master: str | None = None,
        ignore_extra_columns: bool = False,
    ) -> pa.Table:
        """The results of a table of patients, one row each, as a `pyarrow.Table` in the order of
        the input rows (`compiler.population.evaluate`; docs/population.md): the id column,
        `status`, `recommendations`, `needs`, `errors`, `path`. `source` is a path (.csv, .parquet,
        .jsonl, DB.duckdb:TABLE), a pyarrow Table or a DuckDB relation; `engine` duckdb or spark
        (`master`: a Spark master, default local[*]). A column that is neither an input, an
        `<input>_unit` column nor the id column is a `UsageError` unless `ignore_extra_columns`."""
        from compiler.population import evaluate

        if not self.guideline_text:
            raise ValueError("this evaluator was not made by compile_text or load: it has no guideline text")
        program = check_text(self.guideline_text, self.filename).program
        return evaluate(
            program,
            source,
            engine=engine,
            id_column=id_column,
            master=master,
            ignore_extra_columns=ignore_extra_columns,
        )


@functools.lru_cache(maxsize=1)
def toolchain_fingerprint() -> str:
    """A hash of the toolchain's source: any change to it makes every cached evaluator stale."""
    digest = hashlib.sha256(fingerprint(PACKAGES, ("dsl", "compiler")).encode("ascii"))
    digest.update(_libraries().encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


LIBRARIES = ("lark", "networkx", "ucumvert")  # what decides what a check or a compile gives, besides us


def _libraries() -> str:
    """Where each library that shapes a result is installed, and when it was: an upgrade makes
    the caches stale too (found without importing them, which would cost most of a second)."""
    from importlib.util import find_spec

    found = []
    for name in LIBRARIES:
        try:
            spec = find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None and spec.origin else ""
        try:
            stamp = os.stat(origin).st_mtime_ns if origin else 0
        except OSError:
            stamp = 0
        found.append(f"{name}={origin}@{stamp}")
    return "\n".join(found)


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
    return _compiled(_module_key(text, filename), text, filename)


def compile_lowered(program: Program, text: str, filename: str) -> Evaluator:
    """The evaluator of `program`, lowered from `text` without the verifier (`lower_text`): the
    module `compile_text` kept for the text when there is one (the same bytes: a module is
    generated from the program alone), else the one kept by an earlier call, else generated here
    and kept apart (`.lowered.py`): the modules `compile_text` reads stay those of texts that
    passed every check."""
    checked = _cache_file(_module_key(text, filename))
    lowered = _cache_file(_key("lowered", filename, text), ".lowered.py")
    for cached in (checked, lowered):
        if cached is not None and cached.is_file():
            return _keeping(Evaluator(cached.read_text(encoding="utf-8"), filename), text, filename)
    from compiler.python.codegen import generate
    from dsl.limits import headroom

    with headroom():
        source = generate(program)
    if lowered is not None:
        cache.write(lowered, source)
    return _keeping(Evaluator(source, filename), text, filename)


def _module_key(text: str, filename: str) -> str:
    from dsl.libraries import library_fingerprint

    parts = (toolchain_fingerprint(), os.path.basename(filename), library_fingerprint(filename), text)
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


@functools.lru_cache(maxsize=32)
def _compiled(key: str, text: str, filename: str) -> Evaluator:
    cached = _cache_file(key)
    if cached is not None and cached.is_file():
        return _keeping(Evaluator(cached.read_text(encoding="utf-8"), filename), text, filename)
    from compiler.python.codegen import generate
    from dsl.limits import headroom

    with headroom():  # the code generator, too, walks definitions thousands deep
        source = generate(check_text(text, filename).program)
    if cached is not None:
        cache.write(cached, source)
    return _keeping(Evaluator(source, filename), text, filename)


def _keeping(evaluator: Evaluator, text: str, filename: str) -> Evaluator:
    """The evaluator with the guideline it was compiled from, for `Evaluator.population`."""
    evaluator.guideline_text, evaluator.filename = text, filename
    return evaluator


def _cache_file(key: str, suffix: str = ".py") -> Path | None:
    root = cache.directory()
    return None if root is None else root / f"{key}{suffix}"


def load(path: str) -> Evaluator:
    """Read, check and compile a guideline file (cached by content)."""
    return compile_text(read_text(path, "guideline"), path)
