"""Code actions for the commonest errors, read from the diagnostics the client sends back.

- **Did you mean.** A diagnostic whose message ends in `(did you mean 'x'?)` (`dsl.errors.
  did_you_mean`: an unknown name, step, citation key, library, status, urgency or choice value)
  offers to write `x` in place of the word its range covers. Only when that range covers one word
  (a name or a key): the fix then replaces exactly the misspelling.
- **A missing citation key.** `'KEY' is not a source` offers to add the line
  `source KEY "REFERENCE"` after the last `source` line (or at the end of the text): the author
  then writes the full reference in place of `REFERENCE`, which is left visible on purpose.
"""

from __future__ import annotations

import re

from lsprotocol import types

from compiler.lsp.convert import Lines, units
from compiler.lsp.symbols import KEY, NAME

MEANT = re.compile(r"\(did you mean '([^'\\]+)'\?\)")
NOT_A_SOURCE = re.compile(r"^'([^'\\]+)' is not a source")
SOURCE_LINE = re.compile(r"[ \t]*source[ \t]")
PLACEHOLDER = "REFERENCE"


def _word(lines: Lines, r: types.Range) -> str | None:
    if r.start.line != r.end.line:
        return None
    text = lines.line(r.start.line)
    start, end = lines.column(r.start), lines.column(r.end)
    word = text[start:end]
    return word if NAME.match(word) or KEY.match(word) else None


def actions(uri: str, text: str, diagnostics: list[types.Diagnostic]) -> list[types.CodeAction]:
    lines = Lines(text)
    found: list[types.CodeAction] = []
    for diagnostic in diagnostics:
        meant = MEANT.search(diagnostic.message)
        if meant is not None and _word(lines, diagnostic.range) is not None:
            edit = types.TextEdit(range=diagnostic.range, new_text=meant.group(1))
            found.append(
                types.CodeAction(
                    title=f"Change to '{meant.group(1)}'",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=True,
                    edit=types.WorkspaceEdit(changes={uri: [edit]}),
                )
            )
        missing = NOT_A_SOURCE.match(diagnostic.message)
        if missing is not None and KEY.match(missing.group(1)):
            found.append(_add_source(uri, lines, missing.group(1), diagnostic))
    return found


def _add_source(uri: str, lines: Lines, key: str, diagnostic: types.Diagnostic) -> types.CodeAction:
    last = max((n for n, line in enumerate(lines.lines) if SOURCE_LINE.match(line)), default=None)
    stub = f'source {key} "{PLACEHOLDER}"'
    if last is not None:
        at = types.Position(line=last + 1, character=0)
        new_text = stub + "\n"
        if last + 1 >= len(lines.lines):  # the last line, without a line break after it
            at = types.Position(line=last, character=units(lines.line(last)))
            new_text = "\n" + stub
    else:
        end = len(lines.lines) - 1
        at = types.Position(line=end, character=units(lines.line(end)))
        new_text = ("\n" if lines.line(end) else "") + stub + "\n"
    edit = types.TextEdit(range=types.Range(start=at, end=at), new_text=new_text)
    return types.CodeAction(
        title=f"Add a source line for '{key}' (write its reference in place of {PLACEHOLDER})",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )
