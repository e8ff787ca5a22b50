"""Guideline text coloured by the VS Code extension's TextMate grammar, in Python: the web page's
source view and the built docs use it (docs/editor.md).

- `grammar`: the grammar (a packaged copy of editors/vscode/syntaxes/guideline.tmLanguage.json)
  read and compiled into rules;
- `onig`: its Oniguruma regular expressions as Python `re` patterns of the same meaning;
- `tokenize`: text into tokens and scopes, line by line, as vscode-textmate does;
- `render`: tokens into HTML (`<span class="tm-...">` per token), `escape`: its only escaper;
- `theme.css`: the colours (`css()`).

The tokens are vscode-textmate's: tests/test_highlight.py compares them with the extension's
golden token files and with vscode-textmate itself on generated text.
"""

from __future__ import annotations

from importlib import resources

from compiler.highlight.render import block
from compiler.highlight.tokenize import Line, Token, tokenize

__all__ = ["Line", "Token", "block", "css", "tokenize"]


def css() -> str:
    """The theme's CSS."""
    return resources.files("compiler.highlight").joinpath("theme.css").read_text(encoding="utf-8")
