"""A `Diff` as text for a reviewer (a summary like `git diff --stat`, then the regions) and as
JSON for tools (the schema is in docs/diff.md). Every text from a guideline goes through
`dsl.text.visible` before it reaches a terminal."""

from __future__ import annotations

from typing import Any

from compiler.diff.compare import Diff
from dsl.text import visible


def as_json(diff: Diff) -> dict[str, Any]:
    return {
        "contract": [c.as_json() for c in diff.contract],
        "regions": [r.as_json() for r in diff.regions],
        "steps": [s.as_json() for s in diff.steps],
        "version": diff.version.as_json(),
        "complete": diff.complete,
        "mode": diff.mode,
        "behaviour_changed": any(r.witness is not None for r in diff.regions),
        "undecided_regions": sum(r.witness is None for r in diff.regions),
        "unwalked_regions": len(diff.unwalked),
        "stopped": diff.stopped or None,
    }


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return visible(str(value))


def _why(diff: Diff) -> str:
    if diff.stopped == "time" and diff.budget is not None:
        return f"the diff stopped when its budget of {diff.budget:g} s ran out (--budget)"
    return "the diff stopped at its limit of joint states"


def as_text(diff: Diff) -> str:
    old, new = diff.old, diff.new
    lines = [f"{visible(old.id)} {visible(old.version)} -> {visible(new.id)} {visible(new.version)}"]
    breaking = sum(c.breaking for c in diff.contract)
    unwalked = len(diff.unwalked)
    undecided = sum(r.witness is None for r in diff.regions) - unwalked
    lines.append(
        f" {len(diff.contract)} contract change(s) ({breaking} breaking), {len(diff.steps)} step(s) changed, "
        f"{len(diff.regions) - undecided - unwalked} region(s) of patients treated differently"
        + (f", {undecided} undecided region(s) (no patient found, none ruled out)" if undecided else "")
        + (f", {unwalked} region(s) not walked" if unwalked else "")
    )
    if not diff.complete:
        lines.append(f" INCOMPLETE: {_why(diff)}; behaviour may differ in the regions marked NOT WALKED")
    if diff.mode == "local":
        lines.append(" compared step by step (too many routes to walk together): a region may be wider than the change")
    check = diff.version
    lines.append(f" version: {'ok' if check.ok else 'ERROR: ' + visible(check.problem or '')}")
    if diff.contract:
        lines += ["", "Contract:"]
        for c in diff.contract:
            mark = "BREAKING" if c.breaking else "ok"
            detail = "" if c.old is None and c.new is None else f": {_value(c.old)} -> {_value(c.new)}"
            lines.append(f"  [{mark}] {visible(c.kind)} {visible(c.name)}{detail}")
    if diff.steps:
        lines += ["", "Steps:"]
        for s in diff.steps:
            cites = f" (cites {', '.join(visible(x) for x in s.citations)})" if s.citations else ""
            lines.append(f"  {s.kind} {visible(s.step)}{cites}")
    lines += ["", "Behaviour:"]
    if not diff.regions:
        lines.append("  no behaviour change" + ("" if diff.complete else " found before the walk stopped"))
    for number, r in enumerate(diff.regions, start=1):
        said = " and ".join(visible(d) for d in r.description) or "every patient"
        lines.append(f"  {number}. {said}")
        if r.old_steps or r.new_steps:
            lines.append(f"     old: {' -> '.join(map(visible, r.old_steps))}")
            lines.append(f"     new: {' -> '.join(map(visible, r.new_steps))}")
        if r.kind == "unwalked":
            lines.append("     NOT WALKED: the diff stopped before deciding this region; patients here may differ")
            continue
        if r.witness is None and r.kind == "step":
            lines.append("     MAY DIFFER: no witness confirmed; patients here may be treated differently")
            continue
        if r.witness is None:
            lines.append("     UNDECIDED: no witness found and none ruled out; this region may be empty")
            continue
        shown = ", ".join(f"{visible(k)}={_value(v)}" for k, v in r.witness.items()) or "(no inputs)"
        lines.append(f"     witness: {shown}{'' if r.confirmed else ' (NOT confirmed by the evaluators)'}")
        for side, result in (("old", r.old), ("new", r.new)):
            if result is not None:
                codes = ", ".join(map(visible, result["recommendations"])) or "nothing"
                needs = f"; needs {', '.join(map(visible, result['needs']))}" if result["needs"] else ""
                lines.append(f"     {side} result: {visible(result['status'])}: {codes}{needs}")
    return "\n".join(lines) + "\n"
