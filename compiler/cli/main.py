"""The `guideline` command. Every failure ends in a message and an exit code, never a traceback.

Exit codes (`EXIT_CODES`, also shown by `guideline --help`): 0 success; 1 the guideline has
errors, a case failed, coverage is short, or the inputs are invalid; 2 a file, argument,
guideline or stream (stdin closed, stdout unwritable) that cannot be used at all; 3 a bug of the
toolchain itself, in one line to report; 130 interrupted; 141 the reader of the output went
away (a broken pipe). Whatever the text holds (lone surrogates, characters the terminal's
encoding lacks), output is escaped rather than lost or crashed on, and JSON output stays valid
JSON. docs/cli.md describes the commands and their streams.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import pkgutil
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, cast

from compiler.cli.command import Command
from compiler.files import UsageError
from dsl.text import one_line

if TYPE_CHECKING:
    from dsl.errors import GuidelineError

UNUSABLE = 2
RECURSION_LIMIT = 20_000
INTERNAL_ERROR = 3
INTERRUPTED = 130
BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a command a closed pipe stopped
EXIT_CODES = """\
exit codes:
  0  success (eval: the result is complete or needs_data)
  1  the guideline has errors or a defect, a case failed, coverage is below the minimum,
     the patient's inputs are invalid (the result is still printed), diagrams are stale,
     a file is not formatted (fmt --check), the version rule is broken (diff)
  2  a file, an argument or a guideline that cannot be used at all, or a stream: stdin
     closed, stdout unwritable (a full disk); one line says why
  3  an internal error: a bug of this toolchain, reported in one line; please report it
     (GUIDELINE_DEBUG=1 shows the traceback)
  130  interrupted (Ctrl-C)
  141  the output's reader went away (a broken pipe: `| head`); the rest is not written
"""


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors in one line (issue 2), raised as `UsageError` for `main`."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"error: {message} (see {self.prog} --help)")


def commands() -> list[Command]:
    """Every command, from the modules of this package that list some (`COMMANDS`), in the order
    of their positions: a new command module is found without being named anywhere."""
    import compiler.cli as package

    found: list[Command] = []
    for module in pkgutil.iter_modules(package.__path__):
        found += getattr(importlib.import_module(f"{package.__name__}.{module.name}"), "COMMANDS", ())
    return sorted(found, key=lambda command: (command.position, command.name))


def parser() -> argparse.ArgumentParser:
    top = _Parser(
        prog="guideline",
        description="Check, compile, evaluate and test clinical guidelines.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in commands():
        p = sub.add_parser(command.name, help=command.help)
        command.arguments(p)
        p.set_defaults(run=command.run)
    return top


def tune_gc() -> None:
    """Collect garbage less often, as mypy does: the toolchain builds many long-lived objects (the
    parse tree, the model, the graph) and frees few, and at the default thresholds the collector
    rescans them all again and again (parsing 10,000 steps took 5.1 s instead of 2.9 s)."""
    gc.set_threshold(200_000, 30, 30)


def main(argv: list[str] | None = None) -> int:
    # Process-wide settings for this command only: restored after it (tests call main in-process).
    thresholds, limit = gc.get_threshold(), sys.getrecursionlimit()
    tune_gc()
    # Stages that recurse through definitions raise the limit further while they run
    # (dsl.limits.headroom); this one keeps C-level recursion (json, repr) within the C stack.
    sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
    streams = sys.stdout, sys.stderr
    restore = [_escaping(stream) for stream in streams if stream is not None]
    guarded = cast(TextIO, _Guarded(streams[0], "stdout")), cast(TextIO, _Guarded(streams[1], "stderr"))
    sys.stdout, sys.stderr = guarded
    try:
        return _main(argv)
    finally:
        if sys.stdout is guarded[0]:
            sys.stdout = streams[0]
        if sys.stderr is guarded[1]:
            sys.stderr = streams[1]
        for undo in restore:
            undo()
        gc.set_threshold(*thresholds)
        sys.setrecursionlimit(limit)


def _escaping(stream: TextIO) -> Callable[[], None]:
    """Make `stream` write what its encoding cannot hold as backslash escapes instead of raising
    (text from files and arguments can hold anything); returns how to undo it."""
    reconfigure = getattr(stream, "reconfigure", None)
    errors = getattr(stream, "errors", None)
    if reconfigure is None or errors is None or errors == "backslashreplace":
        return lambda: None
    try:
        reconfigure(errors="backslashreplace")
    except (ValueError, OSError):  # closed, or not a text stream after all
        return lambda: None

    def undo() -> None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors=errors)

    return undo


class _OutputFailed(Exception):
    """stdout cannot be written: `error` is why (None: there is no stdout, descriptor 1 was closed)."""

    def __init__(self, stream: TextIO | None, error: OSError | ValueError | None) -> None:
        super().__init__(error)
        self.stream, self.error = stream, error

    def reason(self) -> str:
        if isinstance(self.error, OSError):
            return str(self.error.strerror or self.error)
        return "standard output is closed"  # None, or io's ValueError for a closed stream


class _Guarded:
    """`sys.stdout` or `sys.stderr` while a command runs, in front of the real stream (which may be
    None when the command started with the descriptor closed). A failure to write stdout (a full
    disk, a broken pipe, a closed stream) raises `_OutputFailed`, told apart from every other
    error: an OSError elsewhere is not the output's. A failure to write stderr leaves nowhere to
    say so: the messages are dropped, the exit code still tells. A stream that failed takes nothing
    more. Everything else is the real stream's."""

    def __init__(self, stream: TextIO | None, name: str) -> None:
        self._stream, self._name, self._dropping = stream, name, False

    def write(self, text: str) -> int:
        self._guard(lambda stream: stream.write(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._guard(lambda stream: stream.flush())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def _guard(self, operation: Callable[[TextIO], object]) -> None:
        stream = self._stream
        if self._dropping:
            return
        error: OSError | ValueError | None = None
        if stream is not None:
            try:
                operation(stream)
                return
            except UnicodeError:  # escaping failed: a bug of ours, not the stream's
                raise
            except OSError as failed:
                error = failed
            except ValueError as failed:  # io's "I/O operation on closed file"
                if not getattr(stream, "closed", False):
                    raise
                error = failed
        self._dropping = True  # once failed, the stream takes nothing more
        if self._name == "stdout":
            raise _OutputFailed(stream, error)
        _silence(stream)


def _silence(stream: TextIO | None) -> None:
    """After a failed write to the process's own stdout or stderr, point its descriptor at
    os.devnull: what is still buffered would otherwise fail again when Python flushes it at exit,
    printing "Exception ignored ... BrokenPipeError" and exiting 120 (the Python documentation's
    advice for SIGPIPE). A stream of a test (not the process's) is left alone."""
    if stream is None or not any(stream is own for own in (sys.__stdout__, sys.__stderr__)):
        return
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())
        finally:
            os.close(devnull)


def _main(argv: list[str] | None) -> int:
    """The command's exit code, once its output is written: flushed here, inside the guard, since
    a full disk or a closed pipe may only show when the buffer is written."""
    try:
        try:
            code = _run(argv)
        except SystemExit:  # --help: argparse printed it and exits 0
            _flush()
            raise
        _flush()
        return code
    except _OutputFailed as failed:
        _silence(failed.stream)
        if isinstance(failed.error, BrokenPipeError):
            return BROKEN_PIPE  # quietly, as `head` expects of the command before it
        print(f"guideline: cannot write the output: {failed.reason()}", file=sys.stderr)
        sys.stderr.flush()
        return UNUSABLE


def _flush() -> None:
    sys.stdout.flush()
    sys.stderr.flush()


def _run(argv: list[str] | None) -> int:
    try:
        args = parser().parse_args(argv)
        code: int = args.run(args)
        return code
    except _OutputFailed:
        raise
    except UsageError as error:
        print(f"guideline: {one_line(str(error))}", file=sys.stderr)
        return UNUSABLE
    except KeyboardInterrupt:
        return INTERRUPTED
    except Exception as error:
        guideline_error = _as_guideline_error(error)
        if guideline_error is not None:
            print(guideline_error.report(), file=sys.stderr)
            return UNUSABLE
        # A bug of ours: still one line for the user, the details on request.
        if os.environ.get("GUIDELINE_DEBUG"):
            raise
        detail = " ".join(f"{type(error).__name__}: {error}".split())  # one line, whatever the message
        print(
            f"guideline: internal error, a bug to report ({detail}); GUIDELINE_DEBUG=1 shows the traceback",
            file=sys.stderr,
        )
        return INTERNAL_ERROR


def _as_guideline_error(error: Exception) -> GuidelineError | None:
    """`error` if it is an author's error. Only a module that raised one has imported dsl.errors,
    so `guideline eval` from the cache never loads it (nor the dataclasses it needs)."""
    errors = sys.modules.get("dsl.errors")
    return error if errors is not None and isinstance(error, errors.GuidelineError) else None


if __name__ == "__main__":
    sys.exit(main())
