"""The summary a person reads after a run: rows, statuses, recommendations, the most common needs
and input errors. `rich` tables on a terminal (`print_summary`), plain text otherwise
(`summary_text`). Every name and problem comes from the data or the guideline and is shown with
`dsl.text` (`visible` for names, `one_line` for problems, whose values the SQL quoted), and into
`rich` as plain `Text`, never as markup."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from compiler.population.results import TOP, Summary
from dsl.text import one_line, visible

if TYPE_CHECKING:
    from rich.table import Table


def _share(n: int, total: int) -> str:
    return f"{100 * n / total:.1f} %" if total else "-"


def sections(summary: Summary) -> list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]]:
    """(title, column headings, rows) of each table of the summary, every cell shown safely."""
    total = summary.rows
    out: list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]] = [
        (
            f"{total:,} rows",
            ("status", "rows", "share"),
            [(visible(s), f"{n:,}", _share(n, total)) for s, n in summary.statuses.items()],
        )
    ]
    if summary.recommendations:
        out.append(
            (
                "Recommendations",
                ("recommendation", "rows", "share"),
                [(visible(c), f"{n:,}", _share(n, total)) for c, n in summary.recommendations],
            )
        )
    if summary.needs:
        out.append(
            (
                f"Most common needs (of {len(summary.needs)})",
                ("input", "rows", "share"),
                [(visible(i), f"{n:,}", _share(n, total)) for i, n in summary.needs[:TOP]],
            )
        )
    if summary.errors:
        out.append(
            (
                f"Most common input errors (of {len(summary.errors)} distinct)",
                ("input", "problem", "rows"),
                [(visible(i), one_line(p), f"{n:,}") for i, p, n in summary.errors[:TOP]],
            )
        )
    return out


def summary_text(summary: Summary) -> str:
    """The summary as plain text: one aligned table per section."""
    lines: list[str] = []
    for title, headings, rows in sections(summary):
        if lines:
            lines.append("")
        lines.append(title)
        widths = [max(len(cell) for cell in column) for column in zip(headings, *rows, strict=True)]
        numeric = [heading in ("rows", "share") for heading in headings]
        for row in (headings, *rows):
            cells = [c.rjust(w) if right else c.ljust(w) for c, w, right in zip(row, widths, numeric, strict=True)]
            lines.append("  " + "  ".join(cells).rstrip())
    return "\n".join(lines)


def print_summary(summary: Summary, stream: TextIO) -> None:
    """The summary as `rich` tables when `stream` is a terminal, else as plain text."""
    if not stream.isatty():
        stream.write(summary_text(summary) + "\n")
        return
    from rich.console import Console

    console = Console(file=stream)
    for title, headings, rows in sections(summary):
        console.print(_table(title, headings, rows))


def _table(title: str, headings: tuple[str, ...], rows: list[tuple[str, ...]]) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title), title_justify="left")
    for heading in headings:
        table.add_column(Text(heading), justify="right" if heading in ("rows", "share") else "left")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table
