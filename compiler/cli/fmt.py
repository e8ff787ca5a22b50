"""`guideline fmt`: guidelines rewritten in the canonical layout (`dsl.syntax.format`)."""

from __future__ import annotations

import argparse
import sys

from compiler.cli.command import Command
from compiler.files import UsageError, read_text
from dsl.text import one_line, visible


def cmd_fmt(args: argparse.Namespace) -> int:
    """Rewrite each file in place; `--check` only says which would change (exit 1), `--diff`
    prints the change instead of writing it. A file that does not parse is reported as `check`
    reports it and left as it is (exit 1)."""
    import difflib

    from compiler.api import format_text
    from compiler.cli.check import guidelines
    from compiler.cli.common import write
    from dsl.errors import GuidelineError

    changed, failed, unusable = [], False, False
    for path in guidelines(args.files):
        if path == "-" and not (args.check or args.diff):
            raise UsageError("standard input can be formatted with --check or --diff only")
        try:
            text = read_text(path, "guideline")
        except UsageError as error:
            print(f"guideline: {one_line(str(error))}", file=sys.stderr)
            unusable = True
            continue
        try:
            formatted = format_text(text, path)
        except GuidelineError as error:
            print(error.report(), file=sys.stderr)
            failed = True
            continue
        if formatted == text:
            continue
        changed.append(path)
        if args.diff:
            diff = difflib.unified_diff(
                text.splitlines(keepends=True), formatted.splitlines(keepends=True), f"a/{path}", f"b/{path}"
            )
            sys.stdout.write("".join(one_line(line.rstrip("\n")) + "\n" for line in diff))
        elif args.check:
            print(f"{visible(path)}: would be reformatted", file=sys.stderr)
        else:
            write(path, formatted)
            print(f"{visible(path)}: reformatted")
    if unusable:
        return 2
    if failed or ((args.check or args.diff) and changed):
        return 1
    return 0


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="a guideline or library, or a directory of them")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 naming each file that would change")
    p.add_argument("--diff", action="store_true", help="change nothing; print the changes as a unified diff")


COMMANDS = (Command(15, "fmt", "rewrite guidelines in the canonical layout, comments kept", _arguments, cmd_fmt),)
