"""`guideline check`, `verify` and `graph`: what the checker and the verifier found."""

from __future__ import annotations

import argparse
import json
import os
import sys

from compiler.cli.command import Command
from compiler.cli.common import checked
from compiler.files import UsageError, read_text
from dsl.text import one_line, visible


def cmd_check(args: argparse.Namespace) -> int:
    from compiler.api import check_report

    failed, unusable = False, False
    for path in guidelines(args.files):
        try:
            report = check_report(read_text(path, "guideline"), path)
        except UsageError as error:
            print(f"guideline: {one_line(str(error))}", file=sys.stderr)
            unusable = True
            continue
        if report.text:
            print(report.text, file=sys.stderr)
        counts = _counts(report.errors, report.warnings)
        if report.errors:
            print(f"{visible(path)}: {counts}", file=sys.stderr)
            failed = True
        else:
            print(f"{visible(path)}: ok" + (f" ({counts})" if counts else ""))
    return 2 if unusable else 1 if failed else 0


def guidelines(paths: list[str]) -> list[str]:
    """The files to check: a directory stands for the `.guideline` files in it, in name order,
    then the libraries its guidelines import from (its `common/` directory, `dsl.libraries`)."""
    from dsl.libraries import LIBRARY_DIRECTORY

    found: list[str] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            names = sorted(n for n in os.listdir(path) if n.endswith(".guideline"))
            if not names:
                raise UsageError(f"{visible(path)}: has no .guideline files")
            found += [os.path.join(path, name) for name in names]
            libraries = os.path.join(path, LIBRARY_DIRECTORY)
            if os.path.isdir(libraries):
                found += [os.path.join(libraries, n) for n in sorted(os.listdir(libraries)) if n.endswith(".guideline")]
        else:
            found.append(path)
    return found


def _counts(errors: int, warnings: int) -> str:
    parts = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in ((errors, "error"), (warnings, "warning")) if n]
    return ", ".join(parts)


def cmd_graph(args: argparse.Namespace) -> int:
    import networkx as nx

    from dsl.graph import count_paths, summary_text

    graph = checked(args.file).program.graph
    if args.json:
        data = nx.node_link_data(graph, edges="edges")
        data["paths"] = count_paths(graph)
        print(json.dumps(data, indent=2, sort_keys=True, default=list))
        return 0
    print(summary_text(graph), end="")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Like `check`, and then the reasoning behind it, even when the verification found errors."""
    from compiler.api import report_text
    from compiler.testing.coverage import explain

    text = read_text(args.file, "guideline")
    report = report_text(text, args.file)
    for diagnostic in report.diagnostics:
        print(diagnostic.format(report.texts), file=sys.stderr)
    if report.program is not None and report.verification is not None:  # even with a group error
        print(explain(report.program, report.verification), end="")
    return 1 if report.errors else 0


def _check_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="a guideline, or a directory of them")


def _one_file(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")


def _graph_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="networkx node-link JSON instead of text")


COMMANDS = (
    Command(10, "check", "report every error of one or more guidelines", _check_arguments, cmd_check),
    Command(40, "graph", "list the decision graph: steps, edges and the number of paths", _graph_arguments, cmd_graph),
    Command(70, "verify", "explain the static verification: routes, dead branches, overlaps", _one_file, cmd_verify),
)
