"""`guideline diff OLD NEW`: the contract changes, the patients treated differently, the version rule."""

from __future__ import annotations

import argparse
import sys

from compiler.cli.command import Command
from compiler.cli.common import json_text
from compiler.files import UsageError, read_text


def cmd_diff(args: argparse.Namespace) -> int:
    from compiler.diff import compare
    from compiler.diff.gitsource import show, split_revision
    from compiler.diff.report import as_json, as_text
    from dsl.errors import GuidelineSemanticError, GuidelineSyntaxError

    if args.git is not None:
        if args.new is not None:
            raise UsageError("with --git REV give one FILE: its text at REV is compared with the file")
        old_name = new_name = args.old
        old_text, new_text = show(args.git, args.old), read_text(args.old, "guideline")
    else:
        if args.new is None:
            raise UsageError("give OLD and NEW, or --git REV FILE")
        revision = split_revision(args.old)
        if revision is not None:
            old_name, old_text = revision[1], show(*revision)
        else:
            old_name, old_text = args.old, read_text(args.old, "guideline")
        new_name, new_text = args.new, read_text(args.new, "guideline")
    try:
        diff = compare(old_text, old_name, new_text, new_name, budget=args.budget or None)
    except (GuidelineSyntaxError, GuidelineSemanticError) as error:
        first = str(error).splitlines()[0] if str(error) else "the guideline has errors"
        raise UsageError(f"cannot be compared: {first}") from None
    if args.flowchart:
        from compiler.diff.chart import render_changes

        render_changes(diff, args.flowchart)
    if args.json:
        print(json_text(as_json(diff), getattr(sys.stdout, "encoding", None)))
    else:
        sys.stdout.write(as_text(diff))
    return 0 if diff.version.ok else 1


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"'{text}' must be 0 (no limit) or more seconds")
    return value


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("old", metavar="OLD", help="the old guideline: a file, or REV:FILE to read it from git")
    p.add_argument("new", metavar="NEW", nargs="?", help="the new guideline file")
    p.add_argument("--git", metavar="REV", help="compare FILE at git revision REV with FILE as it is now")
    p.add_argument("--json", action="store_true", help="print the diff as JSON (schema in docs/diff.md)")
    p.add_argument(
        "--budget",
        metavar="SECONDS",
        type=_seconds,
        default=15.0,
        help="stop after about this many seconds, listing what is not decided (default 15; 0: no limit)",
    )
    p.add_argument("--flowchart", metavar="OUT.pdf", help="draw the new version with the changed steps marked")


COMMANDS = (
    Command(
        75, "diff", "compare two versions: contract, patients treated differently, version number", _arguments, cmd_diff
    ),
)
