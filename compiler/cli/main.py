"""The `guideline` command. Every failure ends in a message and an exit code, never a traceback.

Exit codes (`EXIT_CODES`, also shown by `guideline --help`): 0 success; 1 the guideline has
errors, a case failed, coverage is short, or the inputs are invalid; 2 a file, argument or
guideline that cannot be used at all; 3 a bug of the toolchain itself, in one line to report.
Whatever the text holds (lone surrogates, characters the terminal's encoding lacks), output
is escaped rather than lost or crashed on, and JSON output stays valid JSON.
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
from typing import TYPE_CHECKING, NoReturn, TextIO

from compiler.cli.command import Command
from compiler.files import UsageError

if TYPE_CHECKING:
    from dsl.errors import GuidelineError

RECURSION_LIMIT = 20_000
INTERNAL_ERROR = 3
EXIT_CODES = """\
exit codes:
  0  success (eval: the result is complete or needs_data)
  1  the guideline has errors or a defect, a case failed, coverage is below the minimum,
     the patient's inputs are invalid (the result is still printed), diagrams are stale
  2  a file, an argument or a guideline that cannot be used at all (one line says why)
  3  an internal error: a bug of this toolchain, reported in one line; please report it
     (GUIDELINE_DEBUG=1 shows the traceback)
  130  interrupted (Ctrl-C)
"""


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors in one line (issue 2), raised as `UsageError` for `main`."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"error: {message} (see {self.prog} --help)")


def commands() -> list[Command]:
    """Every command, from the modules of this package that list some (`COMMANDS`), in the order
    of their `POSITION`: a new command module is found without being named anywhere."""
    import compiler.cli as package

    found: list[tuple[int, str, tuple[Command, ...]]] = []
    for module in pkgutil.iter_modules(package.__path__):
        loaded = importlib.import_module(f"{package.__name__}.{module.name}")
        listed = getattr(loaded, "COMMANDS", None)
        if listed is not None:
            found.append((getattr(loaded, "POSITION", 100), module.name, listed))
    return [command for _, _, listed in sorted(found) for command in listed]


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
    # The checker and the code generator recurse through definitions that build on each other;
    # Python 3.11 keeps such frames off the C stack, so a higher limit is safe.
    sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
    restore = [_escaping(stream) for stream in (sys.stdout, sys.stderr)]
    try:
        return _main(argv)
    finally:
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


def _main(argv: list[str] | None) -> int:
    try:
        args = parser().parse_args(argv)
        code: int = args.run(args)
        return code
    except UsageError as error:
        print(f"guideline: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1
    except Exception as error:
        guideline_error = _as_guideline_error(error)
        if guideline_error is not None:
            print(guideline_error.report(), file=sys.stderr)
            return 2
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
