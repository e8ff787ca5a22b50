"""`guideline compile` and `eval`: the compiled evaluator, written or run on one patient."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any

from compiler.cli.command import Command
from compiler.cli.common import checked, json_text, write
from compiler.files import read_json_object
from dsl.text import visible


def cmd_compile(args: argparse.Namespace) -> int:
    from compiler.python.codegen import generate

    source = generate(checked(args.file).program)
    write(args.output, source)
    print(f"{visible(args.output)}: written ({len(source.splitlines())} lines)")
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


def summary(title: str, result: Mapping[str, Any]) -> str:
    """The result in words, for a person at a terminal. Every text in it comes from the patient's
    data or from the guideline, and is shown on its own line with its control characters escaped
    (`dsl.text`): an input name or a recommendation text cannot start a line of its own, recolour
    or hide the rest, and so cannot forge a status or a recommendation. Values are shown with
    `visible` (unambiguous); a problem is a message whose values the evaluator quoted with `repr`,
    shown with `one_line` so that its backslashes are not doubled."""
    from dsl.text import one_line, visible

    def listed(texts: list[str], separator: str) -> str:
        return separator.join(visible(text) for text in texts)

    lines = [
        f"{visible(title)} ({visible(result['guideline'])} {visible(result['version'])})",
        f"Status: {visible(result['status'])}",
    ]
    if result["errors"]:
        lines.append("Invalid inputs (nothing is recommended):")
        lines += [f"  - {visible(e['input'])}: {one_line(e['problem'])}" for e in result["errors"]]
    if result["recommendations"]:
        lines.append("Recommendations:")
        for number, rec in enumerate(result["recommendations"], start=1):
            lines.append(f"  {number}. {visible(rec['text'])} [{listed(rec['citations'], ', ')}]")
    if result["needs"]:
        lines.append(f"Needs data: {listed(result['needs'], ', ')}")
    if result["path"]:
        lines.append(f"Path: {listed(result['path'], ' -> ')}")
    if result["trace"]:
        lines.append("Why:")
        shown = {True: "yes", False: "no", None: "unknown"}
        lines += [f"  {visible(t['node'])}: {visible(t['condition'])} -> {shown[t['value']]}" for t in result["trace"]]
    return "\n".join(lines)


def _compile_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="OUT.py")


def _eval_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument("--input", required=True, metavar="PATH", help="a JSON object of inputs; - for stdin")
    p.add_argument("--summary", action="store_true", help="print a readable summary before the JSON")


COMMANDS = (
    Command(20, "compile", "write a standalone Python evaluator", _compile_arguments, cmd_compile),
    Command(30, "eval", "evaluate one patient's inputs (JSON) and print the result", _eval_arguments, cmd_eval),
)
