"""Witness patients: a solver's solution as evaluator inputs, and as a case ready to paste."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from compiler.result import Result
from dsl import ir
from dsl.program import Program
from dsl.verify.routes import OTHERWISE, UNKNOWN_OUTCOME, Route
from dsl.verify.solver import UNKNOWN, Solution

Evaluate = Callable[[Mapping[str, object]], Result]


def patient(solution: Solution, program: Program, checks_read: set[str]) -> dict[str, Any]:
    """Inputs for the evaluator. Inputs the route leaves open but a check reads get a quiet value
    (no, or the first choice), so that the witness completes instead of asking for them."""
    inputs: dict[str, Any] = {}
    for name, spec in program.input_table.items():
        value = solution.inputs.get(name)
        if value is UNKNOWN:
            continue
        if value is None:
            if name not in checks_read or spec.default is not None:
                continue
            value = False if spec.kind == "boolean" else spec.choices[0] if spec.kind == "choice" else None
            if value is None:
                continue
        inputs[name] = _plain(value)
    return inputs


def inputs_read_by_checks(program: Program, check_conditions: list[ir.Node]) -> set[str]:
    reads = ir.Reads(program.definition_table)
    found: set[str] = set()
    for node in check_conditions:
        found |= reads.inputs(node)
    return found


def _plain(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def route_of(result: Mapping[str, Any], decisions: set[str]) -> tuple[Route, set[tuple[str, int]]]:
    """The route a result took (empty unless the pathway reached its end) and its decision outcomes."""
    # One pass over the trace: the index of each node's first true condition, or unknown.
    taken: dict[str, int] = {}
    seen: dict[str, int] = {}
    for entry in result["trace"]:
        node, value = entry["node"], entry["value"]
        index = seen.get(node, 0)
        seen[node] = index + 1
        if node in taken:
            continue
        if value is None:
            taken[node] = UNKNOWN_OUTCOME
        elif value is True:
            taken[node] = index
    outcomes = [(node, taken.get(node, OTHERWISE)) for node in result["path"] if node in decisions]
    complete = bool(result["path"]) and result["path"][-1] == "end"
    return (tuple(outcomes) if complete else ()), set(outcomes)


def case_text(case_id: str, description: str, inputs: dict[str, Any], result: Mapping[str, Any]) -> str:
    """A `[[case]]` table in the cases format. Its expectations are what the evaluator says now:
    the author reviews them clinically before keeping the case."""
    codes = sorted(r["code"] for r in result["recommendations"])
    errors = sorted(e["input"] for e in result["errors"])
    lines = [
        "# Generated witness: review the expected status and codes clinically before keeping it.",
        "[[case]]",
        f"id = {json.dumps(case_id)}",
        f"description = {json.dumps(description)}",
        f"status = {json.dumps(result['status'])}",
        f"codes = {json.dumps(codes)}",
        f"needs = {json.dumps(result['needs'])}",
    ]
    if errors:
        lines.append(f"errors = {json.dumps(errors)}")
    lines.append("[case.inputs]")
    lines += [f"{name} = {_toml_value(value)}" for name, value in inputs.items()]
    return "\n".join(lines) + "\n"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value)  # a JSON string is a TOML basic string
