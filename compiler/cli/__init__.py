"""The `guideline` command. Every failure ends in a message and an exit code, never a traceback.

Exit codes (`EXIT_CODES`, also shown by `guideline --help`): 0 success; 1 the guideline has
errors, a case failed, coverage is short, or the inputs are invalid; 2 a file, argument or
guideline that cannot be used at all; 3 a bug of the toolchain itself, in one line to report.
Whatever the text holds (lone surrogates, characters the terminal's encoding lacks), output
is escaped rather than lost or crashed on, and JSON output stays valid JSON.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import gc
import json
import math
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from compiler.files import UsageError, read_json_object, read_text

if TYPE_CHECKING:
    from dsl.errors import GuidelineError

Command = Callable[[argparse.Namespace], int]

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


def _checked(path: str) -> Any:
    from compiler.api import check_text

    return check_text(read_text(path, "guideline"), path)


def cmd_check(args: argparse.Namespace) -> int:
    from dsl.errors import GuidelineError

    failed, unusable = False, False
    for path in args.files:
        try:
            checked = _checked(path)
        except UsageError as error:
            print(f"guideline: {error}", file=sys.stderr)
            unusable = True
        except GuidelineError as error:
            print(error.report(), file=sys.stderr)
            print(f"{path}: {_counts(error.diagnostics)}", file=sys.stderr)
            failed = True
        else:
            for warning in checked.diagnostics:
                print(warning.format(checked.guideline.source_text), file=sys.stderr)
            print(f"{path}: ok" + (f" ({_counts(checked.diagnostics)})" if checked.diagnostics else ""))
    return 2 if unusable else 1 if failed else 0


def _counts(diagnostics: Any) -> str:
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    parts = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in ((errors, "error"), (warnings, "warning")) if n]
    return ", ".join(parts)


def cmd_compile(args: argparse.Namespace) -> int:
    from compiler.python.codegen import generate

    source = generate(_checked(args.file))
    _write(args.output, source)
    print(f"{args.output}: written ({len(source.splitlines())} lines)")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from compiler.api import load

    evaluator = load(args.file)
    inputs = read_json_object(args.input)
    result = evaluator.evaluate(inputs)
    if args.summary:
        print(summary(evaluator.title, result))
        print()
    print(json_text(result, getattr(sys.stdout, "encoding", None)))
    return 1 if result["status"] == "invalid_input" else 0


def summary(title: str, result: dict[str, Any]) -> str:
    """The result in words, for a person at a terminal."""
    lines = [f"{title} ({result['guideline']} {result['version']})", f"Status: {result['status']}"]
    if result["errors"]:
        lines.append("Invalid inputs (nothing is recommended):")
        lines += [f"  - {e['input']}: {e['problem']}" for e in result["errors"]]
    if result["recommendations"]:
        lines.append("Recommendations:")
        for number, rec in enumerate(result["recommendations"], start=1):
            lines.append(f"  {number}. {rec['text']} [{', '.join(rec['citations'])}]")
    if result["needs"]:
        lines.append(f"Needs data: {', '.join(result['needs'])}")
    if result["path"]:
        lines.append(f"Path: {' -> '.join(result['path'])}")
    if result["trace"]:
        lines.append("Why:")
        shown = {True: "yes", False: "no", None: "unknown"}
        lines += [f"  {t['node']}: {t['condition']} -> {shown[t['value']]}" for t in result["trace"]]
    return "\n".join(lines)


def cmd_graph(args: argparse.Namespace) -> int:
    import networkx as nx

    from dsl.graph import count_paths, summary_text

    graph = _checked(args.file).graph
    if args.json:
        data = nx.node_link_data(graph, edges="edges")
        data["paths"] = count_paths(graph)
        print(json.dumps(data, indent=2, sort_keys=True, default=list))
        return 0
    print(summary_text(graph), end="")
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    from compiler.api import load
    from compiler.testing.cases import cases_path, load_cases, report, run_cases

    path = args.cases or cases_path(args.file)
    cases = load_cases(path)  # before the guideline: a missing cases file is found at once
    evaluator = load(args.file)
    outcomes = run_cases(cases, evaluator.evaluate)
    failed = [o for o in outcomes if not o.passed]
    for outcome in failed:
        print(report(outcome))
    print(f"{path}: {len(outcomes) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def cmd_coverage(args: argparse.Namespace) -> int:
    """Exit 1 when steps, decision outcomes or feasible routes fall below `--min` (100 by
    default), or when a route the verifier could not decide is taken by no case."""
    from compiler.api import Evaluator
    from compiler.testing.cases import cases_path, load_cases
    from compiler.python.codegen import generate
    from compiler.testing.coverage import measure, report_text

    # Every argument and file first: a mistake in one is reported before any guideline is checked.
    if args.svg:
        from compiler.flowchart.output import check_format

        check_format(args.svg)
    cases = load_cases(args.cases or cases_path(args.file))
    checked = _checked(args.file)  # checked once; the evaluator is generated from it
    evaluator = Evaluator(generate(checked), args.file)
    coverage = measure(checked, evaluator, cases)
    print(report_text(args.file, coverage), end="")
    if args.svg:
        from compiler.flowchart import coverage_overlay, render

        render(checked, args.svg, coverage_overlay(checked, coverage))
    least = 100.0 if args.min is None else args.min
    shortfalls = coverage.shortfalls(least)
    if shortfalls:
        print(f"Coverage fails: {'; '.join(shortfalls)}")
    return 1 if shortfalls else 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Like `check`, and then the reasoning behind it, even when the verification found errors."""
    from compiler.testing.coverage import explain
    from dsl.checks import check_all
    from dsl.syntax.parser import parse

    text = read_text(args.file, "guideline")
    checked = check_all(parse(text, args.file))
    for diagnostic in checked.diagnostics:
        print(diagnostic.format(text), file=sys.stderr)
    if checked.verification is not None:
        print(explain(checked), end="")
    return 1 if checked.errors else 0


def _write(path: str, text: str) -> None:
    directory = os.path.dirname(path)
    try:
        if directory:
            os.makedirs(directory, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as error:
        raise UsageError(f"{path}: cannot be written ({error.strerror or error})") from None


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors in one line (issue 2), raised as `UsageError` for `main`."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"error: {message} (see {self.prog} --help)")


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0.0 <= value <= 100.0:  # also refuses nan and infinity
        raise argparse.ArgumentTypeError(f"expected a percentage from 0 to 100, not {text!r}")
    return value


def parser() -> argparse.ArgumentParser:
    top = _Parser(
        prog="guideline",
        description="Check, compile, evaluate and test clinical guidelines.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("check", help="report every error of one or more guidelines")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("compile", help="write a standalone Python evaluator")
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="OUT.py")
    p.set_defaults(run=cmd_compile)

    p = sub.add_parser("eval", help="evaluate one patient's inputs (JSON) and print the result")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--input", required=True, metavar="PATH", help="a JSON object of inputs; - for stdin")
    p.add_argument("--summary", action="store_true", help="print a readable summary before the JSON")
    p.set_defaults(run=cmd_eval)

    p = sub.add_parser("graph", help="list the decision graph: steps, edges and the number of paths")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="networkx node-link JSON instead of text")
    p.set_defaults(run=cmd_graph)

    p = sub.add_parser("test", help="run a guideline's clinical test cases")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--cases", metavar="CASES", help="the cases file (default: FILE with .cases)")
    p.set_defaults(run=cmd_test)

    p = sub.add_parser("coverage", help="how much of the decision graph the clinical cases exercise")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--cases", metavar="CASES", help="the cases file (default: FILE with .cases)")
    p.add_argument(
        "--min",
        type=_percent,
        metavar="PERCENT",
        help="the least coverage of steps, decision outcomes and feasible routes that passes (0 to 100, default 100)",
    )
    p.add_argument("--svg", metavar="OUT.svg", help="also draw the flowchart with what is not covered in red")
    p.set_defaults(run=cmd_coverage)

    p = sub.add_parser("verify", help="explain the static verification: routes, dead branches, overlaps")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(run=cmd_verify)

    from compiler.cli.render import register  # `render` and `diagrams`; draws nothing until called

    register(sub)
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
