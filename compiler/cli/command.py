"""One entry of the `guideline` command table: each module of `compiler.cli` that has commands
lists them in `COMMANDS`, and `compiler.cli.main` finds the modules (nothing lists them by name).

A command module imports no backend at the top: `arguments` only declares options, and `run`
imports what it needs, so that `guideline --help` and `guideline eval` load nothing they do not
use.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import NamedTuple  # not a dataclass: this loads on every command, dataclasses is slow to import


class Command(NamedTuple):
    position: int  # where `guideline --help` lists it
    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
