"""The `guideline` command: `main` (in `compiler.cli.main`) and one module per group of commands,
each listing its commands in `COMMANDS` (found by `compiler.cli.main.commands`)."""

from compiler.cli.main import EXIT_CODES, INTERNAL_ERROR, main, tune_gc

__all__ = ["EXIT_CODES", "INTERNAL_ERROR", "main", "tune_gc"]
