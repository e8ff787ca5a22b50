"""The front door: text → a checked `Program`. Every command and every backend's caller comes
through `check_text` (re-exported by `compiler.api`), so that the limits, the error reporting and
the recursion headroom apply everywhere.

    >>> from dsl.pipeline import check_text
    >>> checked = check_text(open("tests/examples/groups.guideline").read(), "groups.guideline")
    >>> checked.program.id, [step.id for step in checked.program.steps][:2]
    ('example-groups', ['triage', 'severe'])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from dsl.errors import Diagnostic, GuidelineSemanticError
from dsl.limits import headroom
from dsl.model import Guideline, Span

if TYPE_CHECKING:
    import networkx as nx

    from dsl.checks import Report
    from dsl.program import Program
    from dsl.verify.routes import Verification

TOO_DEEP = "the definitions build on each other too deeply to analyse: shorten the chain"


@dataclass(frozen=True)
class Checked:
    """A guideline that passed every check: its program, what the verifier found, its warnings."""

    program: Program
    verification: Verification
    diagnostics: tuple[Diagnostic, ...]  # warnings only
    guideline: Guideline  # the model, for tools that work on the text itself

    @property
    def graph(self) -> nx.DiGraph:
        return self.program.graph

    @property
    def source_text(self) -> str:
        return self.program.source_text

    @property
    def texts(self) -> dict[str, str]:
        """Each file's text by name, the libraries' included, for showing a diagnostic's line."""
        return self.guideline.texts


def report_text(text: str, filename: str, verified: bool = True) -> Report:
    """Parse and check, keeping errors as diagnostics (for `guideline verify`, which explains
    what it can even when there are errors). Raises `GuidelineSyntaxError` when the text does not
    parse, `GuidelineSemanticError` when it is too deep to analyse. Not `verified`: without the
    verifier's proofs (`lower_text`)."""
    from dsl.checks import check_all
    from dsl.imports import resolve
    from dsl.syntax.parser import parse

    with headroom():
        try:
            guideline, problems = resolve(parse(text, filename))
            return check_all(guideline, problems, verified)
        except RecursionError:  # definitions built on definitions, tens of thousands deep
            raise GuidelineSemanticError([Diagnostic(Span(filename, 1, 1, 1, 2), TOO_DEEP)], text) from None


def format_text(text: str, filename: str) -> str:
    """The text in the canonical layout (`dsl.syntax.format`); raises `GuidelineSyntaxError`."""
    from dsl.syntax.format import format_text as formatted

    return formatted(text, filename)


def checked(report: Report) -> Checked | None:
    """The checked program of a report, or None when an error stood in the way of one."""
    if report.errors or report.program is None or report.verification is None:
        return None
    return Checked(report.program, report.verification, report.diagnostics, report.guideline)


def check_text(text: str, filename: str) -> Checked:
    """Parse and check; raise `GuidelineSyntaxError` or `GuidelineSemanticError` with every problem."""
    report = report_text(text, filename)
    found = checked(report)
    if found is None:
        _refuse(report)
    return found


def lower_text(text: str, filename: str) -> Program:
    """The program of a text that passes every check but the verifier's (its names, types, units
    and graph), without the verifier's proofs about routes (a branch no patient takes, a step on
    no route): for a tool that works out the program's behaviour itself, `guideline diff`, where
    proving each version's routes would cost more than the comparison. A text whose group may break
    on some path of its graph is verified all the same, since cardinalities are proved on the
    routes. Raises as
    `check_text` does for every error those checks find."""
    report = report_text(text, filename, verified=False)
    if report.errors or report.program is None:
        _refuse(report)
    return report.program


def _refuse(report: Report) -> NoReturn:
    diagnostics = report.diagnostics
    library = report.guideline.library
    if library is not None and not report.errors:
        message = f"'{library.value}' is a library of inputs, not a guideline: import its inputs into a guideline"
        diagnostics = (Diagnostic(library.span, message), *diagnostics)
    raise GuidelineSemanticError(diagnostics, report.guideline.texts)
