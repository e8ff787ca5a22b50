"""Which patients the two versions treat differently: regions of the input space, each proved by
the solver and described by the conditions that bound it.

The two versions are walked together from their first steps, one patient at a time in the
abstract: a state holds the conditions met so far (over the combined table of
`compiler.diff.combine`), where each version stands and what it has recommended. At a decision
the state splits into one state per outcome (each branch taken, `otherwise`, or undecided at a
branch: the patient stops there and is asked for data), and the solver drops every state no
patient reaches. Where both versions stand at decisions whose conditions are equal, an outcome
is the same in both, so the state splits once for both: the walk costs the routes the versions
share plus the product of the routes only where they differ. Where both stand at steps whose
every continuation is the same (`suffix`), the states below differ only if what was recommended
so far differs: the walk stops there.

When both versions are done, the checks: a check written the same in both has the same outcome
in both and is split on only when it can change the comparison (it recommends a code one version
alone has, or it can be undecided while the two statuses or requests for data differ); the
others are split on in each version. A state whose statuses or recommendation sets differ is a
region: every patient in it is treated differently. A state whose statuses and recommendations
agree but which asks for data in either version is a region when the solver finds a patient for
whom the requested inputs differ (`compiler.diff.needs`), with that as one more condition.
Nothing here samples patients: a region is a set of conditions, its witness the solver's.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import assert_never

from compiler.diff.combine import Combined, Version
from compiler.diff.needs import Facts, Needs, Undecided, disj
from dsl import ir
from dsl.program import Action, Decision, End, Goto, Step, Target
from dsl.verify.solver import Constraint, Solution, Solver, Value
from dsl.verify.solver import Undecided as SolverUndecided
from dsl.verify.values import _matches

OTHERWISE = -1
STATE_LIMIT = 200_000  # joint states expanded before the walk gives up (reported, never silent)
SOLVER_BUDGET = 5_000  # search steps per question: past them a region is undecided, said as such


@dataclass(frozen=True)
class Outcome:
    """What a version did on a region: the steps it visited, its codes, whether it finished."""

    steps: tuple[str, ...]
    codes: tuple[str, ...]
    finished: bool
    undecided: tuple[Undecided, ...]

    @property
    def status(self) -> str:
        return "complete" if self.finished and not self.undecided else "needs_data"


@dataclass(frozen=True)
class Region:
    constraints: tuple[Constraint, ...]
    old: Outcome
    new: Outcome
    witness: Solution | None
    undecided: bool  # the solver could neither find a patient nor prove there is none
    data_only: bool  # statuses and recommendations agree; the data asked for differs
    walked: bool = True  # False: the budget ran out before this part of the space was walked


@dataclass
class Walk:
    regions: list[Region] = field(default_factory=list)
    states: int = 0
    solves: int = 0
    complete: bool = True  # False when the budget or STATE_LIMIT stopped the walk
    stopped: str = ""  # why it stopped: "time" (the budget ran out) or "states" (STATE_LIMIT)


class OutOfTime(Exception):
    """The walk's deadline passed: the state at hand and those waiting are left undecided."""


@dataclass(frozen=True)
class _Side:
    position: Target | None  # None: done (finished when `finished`, else stopped undecided)
    steps: tuple[str, ...]
    codes: tuple[str, ...]
    finished: bool
    undecided: tuple[Undecided, ...]


@dataclass(frozen=True)
class _State:
    sides: tuple[_Side, _Side]
    constraints: tuple[Constraint, ...]
    undecided: bool
    witness: Solution | None = None  # a patient meeting the constraints, when one was found


CheckKey = tuple[tuple[ir.Node, ...], tuple[tuple[str, ...], ...], frozenset[str]]


class _Version:
    """One version's steps and checks, conditions renamed, with each step's continuation interned."""

    def __init__(self, version: Version, intern: dict[object, int]) -> None:
        self.v = version
        self.program = version.program
        self.conditions: dict[int, tuple[ir.Node, ...]] = {}
        for step in self.program.steps:
            if isinstance(step, Decision):
                self.conditions[step.index] = tuple(version.condition(b.condition) for b in step.branches)
        self.checks: list[CheckKey] = [
            (tuple(version.condition(r.condition) for r in c.rules), tuple(r.codes for r in c.rules), c.handled)
            for c in self.program.checks
        ]
        self.check_labels = [c.id for c in self.program.checks]
        self.suffix, self.reach = self._suffixes(intern)

    def _suffixes(self, intern: dict[object, int]) -> tuple[dict[int, int], dict[int, frozenset[str]]]:
        """An id per step for everything from it on (equal ids: the same continuation, in either
        version), and the codes reachable from it; worked out from the last step back."""
        suffix: dict[int, int] = {}
        reach: dict[int, frozenset[str]] = {}

        def target_key(t: Target) -> int:
            return -1 if isinstance(t, End) else suffix[t.index]

        def target_reach(t: Target) -> frozenset[str]:
            return frozenset() if isinstance(t, End) else reach[t.index]

        pending = [s.index for s in self.program.steps]
        while pending:
            index = pending[-1]
            if index in suffix:
                pending.pop()
                continue
            step = self.program.steps[index]
            later = [t.index for t in self.program.successors(step) if isinstance(t, Goto) and t.index not in suffix]
            if later:
                pending.extend(later)
                continue
            pending.pop()
            targets = self.program.successors(step)
            match step:
                case Decision():
                    key: object = ("decision", self.conditions[index], step.handled, tuple(map(target_key, targets)))
                case Action():
                    key = ("action", step.recommends, target_key(step.next))
                case _:
                    assert_never(step)
            suffix[index] = intern.setdefault(key, len(intern))
            reach[index] = frozenset(step.recommends if isinstance(step, Action) else ()).union(
                *(target_reach(t) for t in targets)
            )
        return suffix, reach


def _add(codes: tuple[str, ...], more: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(codes + more))


class Walker:
    def __init__(self, combined: Combined, limit: int = STATE_LIMIT, deadline: float | None = None) -> None:
        self.combined = combined
        self.deadline = deadline  # a `time.perf_counter()` value, or None for no time budget
        self.solver = Solver(combined.program, budget=SOLVER_BUDGET, prove=True)
        self.solver.deadline = deadline
        self.needs = Needs(combined.program.definition_table, combined.program.input_table)
        intern: dict[object, int] = {}
        self.versions = (_Version(combined.old, intern), _Version(combined.new, intern))
        self.limit = limit
        counts = [Counter(v.checks) for v in self.versions]
        self.checks_shared = counts[0] == counts[1]
        self.check_codes = frozenset(c for v in self.versions for key in v.checks for codes in key[1] for c in codes)
        self.walk = Walk()
        self._labels: dict[tuple[int, bool | None, str], Constraint] = {}
        self._keys: dict[int, int] = {}
        self._values: dict[ir.Node, int] = {}
        self._kept: list[ir.Node] = []  # nodes whose id keys `_keys`
        self._known: dict[int, tuple[ir.Node, ir.Node]] = {}
        self._answers: dict[frozenset[tuple[ir.Node, object]], tuple[Solution | None, bool]] = {}

    # ---- constraints and the solver ----
    def constraint(self, node: ir.Node, expected: bool | None, label: str) -> Constraint:
        key = (id(node), expected, label)
        if key not in self._labels:
            self._labels[key] = Constraint(node, expected, label)
        return self._labels[key]

    def key(self, node: ir.Node) -> int:
        """One number per condition, equal for equal conditions of either version."""
        found = self._keys.get(id(node))
        if found is None:
            found = self._keys[id(node)] = self._values.setdefault(node, len(self._values))
            self._kept.append(node)
        return found

    def solve(self, constraints: tuple[Constraint, ...]) -> tuple[Solution | None, bool]:
        if self.deadline is not None and time.perf_counter() > self.deadline:
            raise OutOfTime
        # The same question comes back (a shared branch of both versions, a check met on two
        # routes): answered once. Keyed by the conditions themselves, not their labels.
        key = frozenset((c.node, c.expected) for c in constraints)
        answer = self._answers.get(key)
        if answer is None:
            self.walk.solves += 1
            try:
                answer = self.solver.solve(list(constraints)), False
            except SolverUndecided:
                answer = None, not self.refuted(constraints)
            self._answers[key] = answer
        return answer

    def refuted(self, constraints: tuple[Constraint, ...]) -> bool:
        """No patient, proved where the solver was unsure: a comparison must be unknown while
        every input that could make it so must be known (the solver's other proofs, `prove`,
        were tried before it gave up)."""
        known = frozenset().union(
            *(self.solver.must_know(c.node, c.expected) for c in constraints if isinstance(c.expected, bool))
        )
        specs = self.combined.program.input_table
        for c in constraints:
            if c.expected is None and isinstance(c.node, ir.Compare):
                could = {n for n in self.solver.reads(c.node) if specs[n].default is None}
                if could <= known:
                    return True
        return False

    def outcomes(
        self, conditions: tuple[ir.Node, ...], texts: tuple[str, ...], where: str, merge_last: bool = False
    ) -> Iterator[tuple[int, bool, tuple[Constraint, ...]]]:
        """(index, undecided, constraints): each branch true after the earlier ones false,
        `otherwise` (every one false), and each branch undecided after the earlier ones false.
        With `merge_last` (the last branch goes where `otherwise` goes) the two are one outcome,
        `otherwise`: the earlier branches false and the last one known."""
        said = {True: "true", False: "false", None: "unknown"}

        def c(j: int, expected: bool | None) -> Constraint:
            return self.constraint(conditions[j], expected, f"{where}: '{texts[j]}' is {said[expected]}")

        last = len(conditions) - 1 if merge_last and conditions else len(conditions)
        for i in range(last):
            yield i, False, tuple(c(j, False) for j in range(i)) + (c(i, True),)
        if last < len(conditions):
            known = self.known_node(conditions[last])
            either = self.constraint(known, True, f"{where}: '{texts[last]}' is true or false")
            yield OTHERWISE, False, tuple(c(j, False) for j in range(last)) + (either,)
        else:
            yield OTHERWISE, False, tuple(c(j, False) for j in range(len(conditions)))
        for k in range(len(conditions)):
            if self.solver.can_be_unknown(conditions[k]):
                yield k, True, tuple(c(j, False) for j in range(k)) + (c(k, None),)

    def known_node(self, node: ir.Node) -> ir.Node:
        """`node is known`, one node per condition (so that equal outcomes share constraints)."""
        key = id(node)
        if key not in self._known:
            self._known[key] = (node, ir.KnownTest(node, True))
        return self._known[key][1]

    def extend(self, state: _State, more: tuple[Constraint, ...]) -> _State | None:
        have = set(state.constraints)
        added = tuple(c for c in more if c not in have)
        constraints = state.constraints + added
        if not added:
            return _State(state.sides, constraints, state.undecided, state.witness)
        # The same condition asked to come out two ways (each version's copy of a shared branch):
        # no patient, without a search.
        asked = {self.key(c.node): c.expected for c in state.constraints}
        for c in added:
            if asked.setdefault(self.key(c.node), c.expected) != c.expected:
                return None
        if state.witness is not None and self.meets(state.witness, added):
            return _State(state.sides, constraints, state.undecided, state.witness)  # no search needed
        witness, undecided = self.solve(constraints)
        if witness is None and not undecided:
            return None
        return _State(state.sides, constraints, state.undecided or undecided, witness)

    def meets(self, witness: Solution, constraints: tuple[Constraint, ...]) -> bool:
        """Whether the patient meets the constraints whatever the inputs it leaves open."""
        memo: dict[str, Value] = {}
        return all(_matches(self.solver.value(c.node, witness.inputs, memo), c.expected) for c in constraints)

    def possible(self, constraints: tuple[Constraint, ...]) -> bool:
        """Whether some patient may meet the constraints (False: proved that none does)."""
        asked: dict[int, object] = {}
        for c in constraints:
            if asked.setdefault(self.key(c.node), c.expected) != c.expected:
                return False
        witness, undecided = self.solve(constraints)
        return witness is not None or undecided

    # ---- the walk ----
    def run(self, given: tuple[Constraint, ...] = ()) -> Walk:
        """The walk from both first steps, every state under the `given` constraints."""
        start = []
        for v in self.versions:
            first = v.program.start
            start.append(_Side(Goto(first.index, first.id, first.span) if first else None, (), (), first is None, ()))
        stack = [_State((start[0], start[1]), given, False)]
        while stack:
            state = stack.pop()
            self.walk.states += 1
            if self.walk.states > self.limit:
                self.stop(state, stack, "states")
                break
            try:
                if self.deadline is not None and time.perf_counter() > self.deadline:
                    raise OutOfTime
                stack.extend(reversed(self.expand(state)))
            except OutOfTime:
                self.stop(state, stack, "time")
                break
        return self.walk

    def expand(self, state: _State) -> list[_State]:
        """The states below one state (none when it is finished: its regions are recorded)."""
        state = self.through_actions(state)
        if all(side.position is None for side in state.sides):
            self.checks(state)
            return []
        if self.same_from_here(state):
            return []
        return list(self.split(state))

    def stop(self, state: _State, waiting: list[_State], why: str) -> None:
        """The walk stops: the state at hand and every state still waiting are parts of the space
        not decided, each recorded as a region not walked (never as "no difference")."""
        self.walk.complete = False
        self.walk.stopped = why
        for left in [state, *reversed(waiting)]:
            a, b = left.sides
            self.walk.regions.append(Region(left.constraints, _outcome(a), _outcome(b), None, True, False, False))
        waiting.clear()

    def through_actions(self, state: _State) -> _State:
        sides = list(state.sides)
        for s, v in enumerate(self.versions):
            side = sides[s]
            while isinstance(side.position, Goto):
                step = v.program.steps[side.position.index]
                if not isinstance(step, Action):
                    break
                at: Target | None = step.next
                finished = isinstance(step.next, End)
                side = _Side(None if finished else at, side.steps + (step.id,), _add(side.codes, step.recommends),
                             finished, side.undecided)  # fmt: skip
            sides[s] = side
        return _State((sides[0], sides[1]), state.constraints, state.undecided, state.witness)

    def same_from_here(self, state: _State) -> bool:
        """Both versions go on the same way from here, and the checks are the same: the state can
        differ only by what was recommended so far. True when nothing below it needs walking
        (no difference, or a region found at once)."""
        a, b = state.sides
        if not (isinstance(a.position, Goto) and isinstance(b.position, Goto) and self.checks_shared):
            return False
        old, new = self.versions
        if old.suffix[a.position.index] != new.suffix[b.position.index]:
            return False
        apart = set(a.codes) ^ set(b.codes)
        if not apart:
            return True
        if apart & (old.reach[a.position.index] | self.check_codes):
            return False  # a later step or a check may recommend it in both: walk on
        witness, undecided = self.solve(state.constraints)
        if witness is not None or undecided:
            found = Region(state.constraints, _outcome(a), _outcome(b), witness, witness is None, False)
            self.walk.regions.append(found)
        return True

    def split(self, state: _State) -> Iterator[_State]:
        a, b = state.sides
        decisions = []
        for s, side in enumerate(state.sides):
            if isinstance(side.position, Goto):
                step = self.versions[s].program.steps[side.position.index]
                assert isinstance(step, Decision)
                decisions.append((s, step))
        joint = (
            len(decisions) == 2
            and self.versions[0].conditions[decisions[0][1].index] == self.versions[1].conditions[decisions[1][1].index]
        )
        s, step = decisions[0]
        v = self.versions[s]
        conditions = v.conditions[step.index]
        texts = tuple(b.text for b in step.branches)
        where = f"{step.id}" if joint else f"{v.v.side} {step.id}"
        movers = (0, 1) if joint else (s,)
        merge = all(_last_is_otherwise(self.versions[m].program.steps[d.index]) for m, d in decisions if m in movers)
        for index, undecided, constraints in self.outcomes(conditions, texts, where, merge):
            grown = self.extend(state, constraints)
            if grown is None:
                continue
            sides = list(grown.sides)
            for m in movers:
                mstep = self.versions[m].program.steps[sides[m].position.index]  # type: ignore[union-attr]
                assert isinstance(mstep, Decision)
                sides[m] = self.move(sides[m], mstep, index, undecided, self.versions[m])
            yield _State((sides[0], sides[1]), grown.constraints, grown.undecided, grown.witness)

    def move(self, side: _Side, step: Decision, index: int, undecided: bool, v: _Version) -> _Side:
        steps = side.steps + (step.id,)
        if undecided:
            stop = Undecided(v.conditions[step.index], step.handled)
            return _Side(None, steps, side.codes, False, side.undecided + (stop,))
        target = step.otherwise if index == OTHERWISE else step.branches[index].target
        if isinstance(target, End):
            return _Side(None, steps, side.codes, True, side.undecided)
        return _Side(target, steps, side.codes, False, side.undecided)

    # ---- the checks, when both versions are done ----
    def checks(self, state: _State) -> None:
        old, new = self.versions
        pool = Counter(new.checks)
        shared: list[int] = []  # old check numbers whose twin is in the new version
        alone: list[tuple[int, int]] = []  # (side, check number)
        for number, key in enumerate(old.checks):
            if pool[key] > 0:
                pool[key] -= 1
                shared.append(number)
            else:
                alone.append((0, number))
        twins = Counter(old.checks[n] for n in shared)
        for number, key in enumerate(new.checks):
            if twins[key] > 0:
                twins[key] -= 1
            else:
                alone.append((1, number))
        own: list[tuple[tuple[int, ...], CheckKey, str]] = [
            ((s,), self.versions[s].checks[n], self.versions[s].check_labels[n]) for s, n in alone
        ]
        shared_codes = {code for n in shared for rule in old.checks[n][1] for code in rule}
        for done in self.split_checks(state, own):
            a, b = done.sides
            if (set(a.codes) ^ set(b.codes)) - shared_codes:
                self.leaf(done)  # recommendations differ whatever the shared checks do
                continue
            relevant = [n for n in shared if self.matters(done, old.checks[n])]
            items: list[tuple[tuple[int, ...], CheckKey, str]] = [
                ((0, 1), old.checks[n], old.check_labels[n]) for n in relevant
            ]
            for final in self.split_checks(done, items):
                self.leaf(final)

    def matters(self, state: _State, key: CheckKey) -> bool:
        a, b = state.sides
        codes = {code for rule in key[1] for code in rule}
        if codes & (set(a.codes) ^ set(b.codes)):
            return True
        if not any(self.solver.can_be_unknown(c) for c in key[0]):
            return False
        if _outcome(a).status != _outcome(b).status:
            return True
        asked = set().union(*(self.needs.candidates(u) for u in (*a.undecided, *b.undecided)))
        reads = set().union(*(self.needs.reads.inputs(c) for c in key[0]))
        return bool(asked & reads)

    def split_checks(self, state: _State, items: list[tuple[tuple[int, ...], CheckKey, str]]) -> Iterator[_State]:
        if not items:
            yield state
            return
        (movers, (conditions, codes, handled), label), rest = items[0], items[1:]
        texts = tuple(f"rule {i + 1}" for i in range(len(conditions)))
        where = f"check {label}" if len(movers) == 2 else f"{self.versions[movers[0]].v.side} check {label}"
        for index, undecided, constraints in self.outcomes(conditions, texts, where):
            grown = self.extend(state, constraints)
            if grown is None:
                continue
            sides = list(grown.sides)
            for m in movers:
                side = sides[m]
                if undecided:
                    sides[m] = _Side(None, side.steps, side.codes, side.finished,
                                     side.undecided + (Undecided(conditions, handled),))  # fmt: skip
                elif index != OTHERWISE:
                    sides[m] = _Side(None, side.steps, _add(side.codes, codes[index]), side.finished, side.undecided)
            yield from self.split_checks(
                _State((sides[0], sides[1]), grown.constraints, grown.undecided, grown.witness), rest
            )

    def leaf(self, state: _State) -> None:
        a, b = (_outcome(side) for side in state.sides)
        if a.status != b.status or set(a.codes) != set(b.codes):
            witness, undecided = self.solve(state.constraints)
            if witness is not None or undecided:  # else no patient reaches it: proved
                self.walk.regions.append(Region(state.constraints, a, b, witness, witness is None, False))
            return
        if not a.undecided and not b.undecided:
            return
        # One question for every input one version may ask for and the other not: the region is
        # every patient here asked for different data, whichever input it is (one search, where a
        # question per input would search again for each input that cannot differ).
        facts = Facts((c.node, c.expected) for c in state.constraints)
        parts = self.needs.differ(a.undecided, b.undecided, facts)
        if not parts:
            return
        names = _either([f"'{name}'" for name, _ in parts])
        said = f"one version asks for {names} and the other does not"
        constraints = state.constraints + (self.constraint(disj(differ for _, differ in parts), True, said),)
        witness, undecided = self.solve(constraints)
        if witness is not None or undecided:  # else no patient here is asked for different data: proved
            self.walk.regions.append(Region(constraints, a, b, witness, witness is None, True))


def _either(names: list[str]) -> str:
    """'a'; 'a' or 'b'; 'a', 'b' or 'c'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _last_is_otherwise(step: Step) -> bool:
    """Whether a decision's last branch goes where its `otherwise` goes."""
    if not isinstance(step, Decision) or not step.branches:
        return False
    last, other = step.branches[-1].target, step.otherwise
    if isinstance(last, End) or isinstance(other, End):
        return isinstance(last, End) and isinstance(other, End)
    return last.index == other.index


def _outcome(side: _Side) -> Outcome:
    return Outcome(side.steps, side.codes, side.finished, side.undecided)


def walk(
    combined: Combined, limit: int = STATE_LIMIT, given: tuple[Constraint, ...] = (), deadline: float | None = None
) -> Walk:
    return Walker(combined, limit, deadline).run(given)
