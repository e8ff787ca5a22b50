"""`lower(guideline, analysis)`: a model that passed every check → the `Program` backends read.

Only called on a guideline without errors: every name resolves, every condition was lowered by
`dsl.semantics`, every step has its way out. An assertion failing here is a bug of the checker.
"""

from __future__ import annotations

from typing import cast

from dsl import ir
from dsl import model as m
from dsl import program as p
from dsl import reasons as why
from dsl.semantics import Analysis


def lower(guideline: m.Guideline, analysis: Analysis) -> p.Program:
    g = guideline
    index = {step.id: n for n, step in enumerate(g.steps)}
    reads = ir.Reads(analysis.definitions)

    def target(t: m.Target | None, where: m.Span) -> p.Target:
        assert t is not None, f"{where}: a step without its way out passed the checker"
        if t.step is None:
            return p.End(t.span)
        return p.Goto(index[t.step], t.step, t.span)

    def handled(nodes: list[ir.Node]) -> frozenset[str]:
        return frozenset().union(*(reads.tested(node) for node in nodes))

    steps: list[p.Step] = []
    for n, step in enumerate(g.steps):
        if isinstance(step, m.Decision):
            branches = tuple(
                p.Branch(analysis.condition(b.condition), b.text, target(b.target, b.span), b.span)
                for b in step.branches
            )
            otherwise = target(step.otherwise, step.span)
            steps.append(
                p.Decision(
                    n, step.id, step.label, branches, otherwise, handled([b.condition for b in branches]), step.span
                )
            )
        else:
            codes = tuple(r.name for r in step.recommends)
            steps.append(p.Action(n, step.id, step.label, codes, target(step.next, step.span), step.span))

    checks = []
    for check in g.checks:
        rules = tuple(
            p.Rule(analysis.condition(r.condition), r.text, tuple(c.name for c in r.codes), r.span) for r in check.rules
        )
        checks.append(p.Check(check.id, check.label, rules, handled([r.condition for r in rules]), check.span))

    models = {d.name: d for d in g.definitions}
    definitions = tuple(
        p.Definition(name, node, models[name].text, tuple(c.name for c in models[name].citations), models[name].span)
        for name, node in analysis.definitions.items()
    )
    declared = why.declared(g)
    recommendations = tuple(
        p.Recommendation(
            r.code,
            why.full_text(r, declared),  # `TEXT: REASON`, composed here once for every backend
            tuple(c.name for c in r.citations),
            r.span,
            cast(p.Urgency, r.urgency.name) if r.urgency is not None else None,
            reason=why.reason_of(r, declared),
        )
        for r in g.recommendations
    )
    groups = []
    for group in g.groups:
        assert group.cardinality is not None
        groups.append(
            p.Group(group.name, group.label, group.cardinality, tuple(r.name for r in group.members), group.span)
        )
    return p.Program(
        id=g.id.value if g.id else "",
        title=g.title.value if g.title else "",
        version=g.version.value if g.version else "",
        status=g.status.value if g.status else "",
        filename=g.filename,
        source_text=g.source_text,
        sources=tuple(p.Source(s.key, s.reference, s.span) for s in g.sources),
        inputs=tuple(analysis.inputs.values()),
        definitions=definitions,
        steps=tuple(steps),
        checks=tuple(checks),
        recommendations=recommendations,
        groups=tuple(groups),
        span=g.span,
    )
