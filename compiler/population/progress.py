"""A progress bar for long runs: the work runs in a thread while this one polls the engine.

The bar (`rich`, on stderr) appears only when stderr is a terminal and the work is still running
after `DELAY` seconds: a short run prints nothing, and neither does one whose stderr is a file.
The engine says how far it is (DuckDB's `query_progress`, Spark's status tracker); when it cannot
tell, the bar pulses. Ctrl-C stops the engine's query (`interrupt`) before it is passed on.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
DELAY = 2.0  # seconds before a bar is shown
POLL = 0.2


def with_progress(
    work: Callable[[], T],
    poll: Callable[[], float | None],
    interrupt: Callable[[], None],
    label: str,
    *,
    show: bool | None = None,
) -> T:
    """`work()`, with a bar fed by `poll()` (a fraction from 0 to 1, None when unknown) once it has
    run `DELAY` seconds; `show` None: when stderr is a terminal."""
    if show is None:
        show = sys.stderr.isatty()
    outcome: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed to the calling thread
            failure.append(error)

    thread = threading.Thread(target=target, name="guideline-population", daemon=True)
    thread.start()
    try:
        thread.join(DELAY)
        if thread.is_alive() and show:
            _bar(thread, poll, label)
        thread.join()
    except KeyboardInterrupt:
        interrupt()
        thread.join(10)
        raise
    if failure:
        raise failure[0]
    return outcome[0]


def _bar(thread: threading.Thread, poll: Callable[[], float | None], label: str) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=None)
        while thread.is_alive():
            fraction = _safe(poll)
            if fraction is None:
                progress.update(task, total=None)
            else:
                progress.update(task, total=1.0, completed=min(max(fraction, 0.0), 1.0))
            thread.join(POLL)


def _safe(poll: Callable[[], float | None]) -> float | None:
    try:
        return poll()
    except Exception:  # the engine could not say: the bar pulses
        return None
