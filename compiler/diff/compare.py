"""Two versions compared: contract, behaviour (regions with checked witnesses), steps, version."""

from __future__ import annotations

import itertools
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, assert_never

from compiler.api import Evaluator, compile_lowered, lower_text
from compiler.diff.behaviour import STATE_LIMIT, Region, walk
from compiler.diff.combine import changed_defaults, combine
from compiler.diff.contract import Change, VersionCheck, contract_changes, version_rule
from compiler.diff.describe import Describer, number
from compiler.diff.local import local_walk, too_large
from dsl import ir
from dsl.limits import headroom
from dsl.program import Action, Decision, Program, Step, Target
from dsl.verify.solver import UNKNOWN, Constraint, Expected, Solver, Value

_SOLVERS: dict[int, tuple[Program, Solver]] = {}


def _solver(space: Program) -> Solver:
    """One solver per combined table, to evaluate constraints on patients."""
    if id(space) not in _SOLVERS:
        _SOLVERS.clear()
        _SOLVERS[id(space)] = (space, Solver(space))
    return _SOLVERS[id(space)][1]


def _value(x: Any) -> Value:
    return float(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else x


def _holds(value: Value, expected: Expected) -> bool:
    return value is UNKNOWN if expected is None else value is expected


BUDGET = 15.0  # seconds a diff may take by default (`--budget`); past it the walk stops, saying so
SPLIT_LIMIT = 3  # inputs whose default changed walked known and unknown apart; past it, `or else`


@dataclass(frozen=True)
class Found:
    """A region as reported: readable conditions, a witness and both versions' results on it."""

    description: list[str]
    witness: dict[str, Any] | None
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    old_steps: tuple[str, ...]
    new_steps: tuple[str, ...]
    kind: str  # "result" (status or recommendations), "data" (inputs asked for), "validity", "unwalked"
    confirmed: bool  # the witness was run on both evaluators and their results differ
    undecided: bool = False
    constraints: tuple[Constraint, ...] = ()  # what bounds the region, over `space`'s inputs
    space: Program | None = None  # the combined table the constraints read (compiler.diff.combine)

    def contains(self, inputs: Mapping[str, Any]) -> bool:
        """Whether a patient (valid inputs as an app sends them, absent ones unknown, numbers in
        each input's unit) lies in the region."""
        assert self.space is not None
        solver = _solver(self.space)
        chosen: dict[str, Value] = {
            name: (UNKNOWN if inputs.get(name) is None else _value(inputs[name])) for name in self.space.input_table
        }
        return all(_holds(solver.value(c.node, chosen), c.expected) for c in self.constraints)

    def as_json(self) -> dict[str, Any]:
        return {
            "description": " and ".join(self.description) or "every patient",
            "conditions": self.description,
            "kind": self.kind,
            "witness": self.witness,
            "old": self.old,
            "new": self.new,
            "old_steps": list(self.old_steps),
            "new_steps": list(self.new_steps),
            "confirmed": self.confirmed,
            "undecided": self.undecided,
        }


@dataclass(frozen=True)
class StepChange:
    kind: str  # added, removed, changed
    step: str
    citations: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "step": self.step, "citations": list(self.citations)}


@dataclass
class Diff:
    old: Program
    new: Program
    contract: list[Change]
    regions: list[Found]
    steps: list[StepChange]
    version: VersionCheck
    complete: bool  # False when the walk stopped (its budget or state limit): see `unwalked`
    figures: dict[str, float] = field(default_factory=dict)

    stopped: str = ""  # "time" (the budget ran out) or "states" (the state limit), when not complete
    budget: float | None = None
    mode: str = "joint"  # "joint": walked together; "local": step by step (regions "may differ")

    @property
    def breaking(self) -> bool:
        return any(c.breaking for c in self.contract)

    @property
    def unwalked(self) -> list[Found]:
        """The parts of the space the walk did not reach before it stopped: not decided."""
        return [r for r in self.regions if r.kind == "unwalked"]


def _plain(value: object) -> object:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def result_summary(result: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "status": result["status"],
        "recommendations": sorted(r["code"] for r in result["recommendations"]),
        "needs": list(result["needs"]),
        "path": list(result["path"]),
    }


def differs(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two results differ in what the comparison covers: status, recommendations, needs."""
    x, y = result_summary(a), result_summary(b)
    return (x["status"], x["recommendations"], x["needs"]) != (y["status"], y["recommendations"], y["needs"])


def for_version(witness: Mapping[str, Any], program: Program) -> dict[str, Any]:
    """The inputs of a witness that this version declares (an app sends each version its own)."""
    return {name: value for name, value in witness.items() if name in program.input_table}


def _witness(region: Region) -> dict[str, Any] | None:
    if region.witness is None:
        return None
    return {n: _plain(v) for n, v in region.witness.inputs.items() if v is not UNKNOWN and not hasattr(v, "name")}


def _run(evaluators: tuple[Evaluator, Evaluator], programs: tuple[Program, Program], witness: dict[str, Any]) -> Any:
    return tuple(e.evaluate(for_version(witness, p)) for e, p in zip(evaluators, programs, strict=True))


def validity_regions(old: Program, new: Program) -> list[tuple[list[str], dict[str, Any], tuple[Constraint, ...]]]:
    """Values one version accepts and the other refuses (a narrowed range, a removed choice):
    the words, a witness and the constraints that bound them."""
    found: list[tuple[list[str], dict[str, Any], tuple[Constraint, ...]]] = []
    inf = float("inf")
    for a in old.inputs:
        b = new.input_table.get(a.name)
        if b is None:
            continue
        for x, y, who in ((a, b, "old"), (b, a, "new")):
            name = ir.InputRef(x.name)
            said = f"(only the {who} version accepts it)"
            if x.kind == y.kind == "choice":
                for choice in x.choices:
                    if choice not in y.choices:
                        bound = Constraint(ir.Compare("=", name, ir.Const(choice)), True, said)
                        found.append(([f"{x.name} is {choice} {said}"], {x.name: choice}, (bound,)))
            if x.kind == y.kind == "number":
                x_low, x_high = (-inf if x.low is None else x.low), (inf if x.high is None else x.high)
                y_low, y_high = (-inf if y.low is None else y.low), (inf if y.high is None else y.high)
                if x_high > y_high:
                    value = y_high + 1 if y_high + 1 <= x_high else x_high
                    upto = "" if x.high is None else f" <= {number(x_high)}"
                    bound = Constraint(ir.Compare(">", name, ir.Const(y_high)), True, said)
                    words = f"{number(y_high)} < {x.name}{upto} {said}"
                    found.append(([words], {x.name: _plain(value)}, (bound,)))
                if x_low < y_low:
                    value = y_low - 1 if y_low - 1 >= x_low else x_low
                    above = "" if x.low is None else f"{number(x_low)} <= "
                    bound = Constraint(ir.Compare("<", name, ir.Const(y_low)), True, said)
                    words = f"{above}{x.name} < {number(y_low)} {said}"
                    found.append(([words], {x.name: _plain(value)}, (bound,)))
    return found


def _local(step: Step) -> object:
    def where(t: Target) -> str:
        return getattr(t, "step", "end")

    match step:
        case Decision():
            ways = tuple((b.text, where(b.target)) for b in step.branches)
            return ("decision", step.label, ways, where(step.otherwise))
        case Action():
            return ("action", step.label, step.recommends, where(step.next))
        case _:
            assert_never(step)


def _citations(program: Program, step: Step) -> tuple[str, ...]:
    found: dict[str, None] = {}
    if isinstance(step, Action):
        for code in step.recommends:
            found.update(dict.fromkeys(program.recommendation(code).citations))
    else:
        names = [n for b in step.branches for n in ir.definitions_in_order(b.condition)]
        for d in program.definitions:
            if d.name in names:
                found.update(dict.fromkeys(d.citations))
    return tuple(found)


def step_changes(old: Program, new: Program) -> list[StepChange]:
    out = [StepChange("removed", s.id, _citations(old, s)) for s in old.steps if not new.has_step(s.id)]
    for s in new.steps:
        if not old.has_step(s.id):
            out.append(StepChange("added", s.id, _citations(new, s)))
        elif _local(old.step(s.id)) != _local(s):
            out.append(StepChange("changed", s.id, _citations(new, s)))
    # A step reads definitions: one whose definition changed behaves otherwise too.
    changed_defs = {
        d.name for d in new.definitions if d.name not in old.definition_table or old.definition_table[d.name] != d.node
    }
    listed = {c.step for c in out}
    for s in new.steps:
        if isinstance(s, Decision) and s.id not in listed:
            names = {n for b in s.branches for n in ir.definitions_in_order(b.condition)}
            if names & changed_defs:
                out.append(StepChange("changed", s.id, _citations(new, s)))
    return out


def compare(
    old_text: str, old_name: str, new_text: str, new_name: str, limit: int | None = None,
    budget: float | None = BUDGET, mode: str = "auto",
) -> Diff:  # fmt: skip
    """The diff of two versions. `budget` bounds the seconds its walk takes, after both versions
    are checked and compiled (None: no bound); `limit`
    the joint states the walk expands. Past either, the walk stops and every part of the space it
    had not decided is a region of kind "unwalked" (`complete` False). `mode` is "joint" (the
    two versions walked together), "local" (step by step, `compiler.diff.local`) or "auto":
    local when either version has more than `ROUTE_LIMIT` routes or `STEP_LIMIT` steps."""
    started = time.perf_counter()
    # Each version through every check but the verifier's: its proofs about routes (a branch no
    # patient takes) are `guideline check`'s to report, and would cost more than the comparison.
    old = lower_text(old_text, old_name)
    new = lower_text(new_text, new_name)
    checked = time.perf_counter()
    programs = (old, new)
    evaluators = (compile_lowered(old, old_text, old_name), compile_lowered(new, new_text, new_name))
    regions: list[Found] = []
    for words, sent, bounds in validity_regions(old, new):
        a, b = _run(evaluators, programs, sent)
        regions.append(Found(words, sent, result_summary(a), result_summary(b), (), (), "validity", differs(a, b),
                             False, bounds, combine(old, new).program))  # fmt: skip
    # An input whose default changed: walked once known, once unknown (each version's default).
    deadline = None if budget is None else time.perf_counter() + budget  # the walk's, after the checks
    local = mode == "local" or mode == "auto" and (too_large(old) or too_large(new))
    split = [] if local else changed_defaults(old, new)[:SPLIT_LIMIT]
    states = solves = 0
    complete = True
    stopped = ""
    walk_seconds = 0.0
    for choice in itertools.product((True, False), repeat=len(split)):
        known = dict(zip(split, choice, strict=True))
        combined = combine(old, new, known)
        given = tuple(
            Constraint(ir.KnownTest(ir.InputRef(n), True), k, f"{n} is {'known' if k else 'unknown'}")
            for n, k in known.items()
        )
        began = time.perf_counter()
        with headroom():  # definitions built on definitions, a thousand deep
            if local:
                found = local_walk(combined, deadline)
            else:
                found = walk(combined, STATE_LIMIT if limit is None else limit, given, deadline)
        walk_seconds += time.perf_counter() - began
        states, solves, complete = states + found.states, solves + found.solves, complete and found.complete
        stopped = stopped or found.stopped
        describer = Describer(combined.program.definition_table, combined.program.inputs)
        for region in found.regions:
            witness = _witness(region)
            results = _run(evaluators, programs, witness) if witness is not None else (None, None)
            a, b = results
            confirmed = a is not None and b is not None and differs(a, b)
            words = describer.describe(region.constraints)
            if local:
                # A region at one step: a witness counts only when the evaluators confirm it.
                if not confirmed:
                    witness, a, b = None, None, None
                region = replace(region, witness=region.witness if confirmed else None, undecided=not confirmed)
                step = region.new.steps[0] if region.new.steps else ""
                words = ([f"reaches {step}"] if step else []) + words
            regions.append(
                Found(
                    words,
                    witness,
                    result_summary(a) if a is not None else None,
                    result_summary(b) if b is not None else None,
                    region.old.steps,
                    region.new.steps,
                    "unwalked" if not region.walked else "step" if local else "data" if region.data_only else "result",
                    confirmed,
                    region.undecided,
                    region.constraints,
                    combined.program,
                )
            )
    contract = contract_changes(old, new)
    steps = step_changes(old, new)
    # Parts not walked prove nothing: the contract and the steps still decide whether it changed.
    changed = bool(contract or steps or any(r.kind != "unwalked" for r in regions))
    version = version_rule(old.version, new.version, changed, any(c.breaking for c in contract))
    figures = {
        "check_seconds": checked - started,
        "walk_seconds": walk_seconds,
        "total_seconds": time.perf_counter() - started,
        "states": states,
        "solves": solves,
    }
    return Diff(old, new, contract, regions, steps, version, complete, figures, stopped, budget,
                "local" if local else "joint")  # fmt: skip
