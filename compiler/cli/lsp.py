"""`guideline lsp`: the language server for editors, LSP over standard input and output
(`compiler.lsp`, docs/editor.md)."""

from __future__ import annotations

import argparse

from compiler.cli.command import Command


def cmd_lsp(args: argparse.Namespace) -> int:
    from compiler.lsp.server import serve

    serve()
    return 0


def _arguments(p: argparse.ArgumentParser) -> None:
    # Editors' clients may say which transport they use; stdio is the only one.
    p.add_argument("--stdio", action="store_true", help="talk over standard input and output (the default)")


COMMANDS = (Command(90, "lsp", "run the language server for editors (LSP over stdio)", _arguments, cmd_lsp),)
