"""The analysis of one open text: its diagnostics, and the model and symbols of the last text
that parsed.

A text is checked through the front door (`compiler.api.report_text`, what `guideline check`
runs), with the document's path as its file name, so that its `import` lines find their libraries
in `common/` beside it and every span names the file it is in. A text that does not parse has no
model: completion, hover and the outline then keep using the last model that parsed (`Document`),
while the diagnostics are always the current text's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from compiler.files import MAX_BYTES
from compiler.lsp.symbols import Table
from dsl.errors import Diagnostic, GuidelineError
from dsl.model import Guideline, Span

if TYPE_CHECKING:
    from dsl.checks import Report


@dataclass(frozen=True)
class Analysis:
    """What the checker found in one text."""

    text: str
    path: str
    diagnostics: tuple[Diagnostic, ...]  # errors and warnings, as `guideline check` reports them
    report: Report | None  # None when the text does not parse (or is too large or too deep)
    texts: Mapping[str, str]  # each file's text by name: the document's and its libraries'

    @property
    def guideline(self) -> Guideline | None:
        return self.report.guideline if self.report is not None else None


def normalised(text: str) -> str:
    """The text as `guideline check` reads a file (`compiler.files.read_text`): line breaks as '\\n'
    (LSP counts '\\r\\n' and a lone '\\r' as one line break each, and so does this)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def analyse(text: str, path: str) -> Analysis:
    """Check a text as the file `path` (through the front door: limits, imports and all)."""
    from compiler.api import report_text

    text = normalised(text)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        message = f"too large for a guideline (over {MAX_BYTES // (1024 * 1024)} MiB)"
        return Analysis(text, path, (Diagnostic(Span(path, 1, 1, 1, 2), message),), None, {path: text})
    try:
        report = report_text(text, path)
    except GuidelineError as error:  # does not parse, or too deep to analyse
        texts = error.source_text if isinstance(error.source_text, Mapping) else {path: text}
        return Analysis(text, path, error.diagnostics, None, texts)
    return Analysis(text, path, report.diagnostics, report, report.guideline.texts)


class Document:
    """One open document: its latest analysis, and the last one that had a model."""

    def __init__(self, uri: str, path: str) -> None:
        self.uri = uri
        self.path = path
        self.version: int | None = None  # of the text last received
        self.latest: Analysis | None = None
        self.good: Analysis | None = None  # the last analysis with a model
        self._table: Table | None = None

    def update(self, analysis: Analysis) -> None:
        self.latest = analysis
        if analysis.report is not None:
            self.good = analysis
            self._table = None

    @property
    def table(self) -> Table | None:
        """The symbols of the last text that parsed (built when first asked for)."""
        if self._table is None and self.good is not None and self.good.guideline is not None:
            self._table = Table(self.good.guideline)
        return self._table

    def fresh(self, text: str) -> bool:
        """Whether the symbols are those of `text` (after an edit their spans may be stale)."""
        return self.good is not None and self.good.text == normalised(text)
