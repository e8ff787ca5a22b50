"""The old text of a guideline from git: `REV:FILE` or `--git REV FILE`, through `git show`
(a subprocess with an argument list, never a shell)."""

from __future__ import annotations

import os
import subprocess

from compiler.files import UsageError


def split_revision(argument: str) -> tuple[str, str] | None:
    """(`REV`, `FILE`) for `REV:FILE` when FILE is not itself an existing path; None otherwise."""
    if os.path.exists(argument) or ":" not in argument:
        return None
    revision, path = argument.split(":", 1)
    return (revision, path) if revision and path else None


def show(revision: str, path: str) -> str:
    """The text of `path` at `revision`, read in the repository that holds `path`."""
    if revision.startswith("-"):
        raise UsageError(f"{revision}: not a git revision")
    directory = os.path.dirname(os.path.abspath(path)) or "."
    try:
        top = subprocess.run(
            ["git", "-C", directory, "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=False
        )
        if top.returncode != 0:
            raise UsageError(f"{path}: not in a git repository")
        relative = os.path.relpath(os.path.abspath(path), top.stdout.strip()).replace(os.sep, "/")
        shown = subprocess.run(
            ["git", "-C", top.stdout.strip(), "show", f"{revision}:{relative}"], capture_output=True, check=False
        )
    except OSError as error:
        raise UsageError(f"git cannot be run ({error.strerror or error})") from None
    if shown.returncode != 0:
        why = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"{revision}:{path}: cannot be read from git ({why[-1] if why else 'git show failed'})")
    try:
        return shown.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{revision}:{path}: is not UTF-8 text") from None
