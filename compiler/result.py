"""The result of one evaluation (section 7 of a guideline's contract), as every evaluator returns
it: the compiled module, the in-process API, the reference interpreter, and the SQL backend row
by row. A plain dict at run time (compiled modules need only the standard library); these types
say what it holds.

`status` is `complete`, `needs_data` (`needs` lists the inputs to ask for, sorted) or
`invalid_input` (`errors` names every bad input; nothing is recommended, and `needs`, `path` and
`trace` are empty). `path` names the steps visited, ending in `end` when the pathway finished;
`trace` gives each condition evaluated, as written, with its value (None: unknown).
"""

from __future__ import annotations

from typing import Literal, TypedDict

Status = Literal["complete", "needs_data", "invalid_input"]
STATUSES: tuple[Status, ...] = ("complete", "needs_data", "invalid_input")


class Recommendation(TypedDict):
    code: str
    text: str
    citations: list[str]


class InputError(TypedDict):
    input: str
    problem: str


class TraceEntry(TypedDict):
    node: str  # a decision's or a check's id
    condition: str
    value: bool | None


class Result(TypedDict):
    guideline: str
    version: str
    status: Status
    recommendations: list[Recommendation]
    needs: list[str]
    errors: list[InputError]
    path: list[str]
    trace: list[TraceEntry]
