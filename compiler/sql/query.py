"""The `Program` → one SQL query (a sqlglot tree), one row out per patient row in.

CTEs, each column with a comment naming the guideline line it comes from:

1. `__row`: the id column, the kept columns and the input and unit cells, renamed to internal
   names (the user's names appear only here, as quoted identifiers);
2. `__cell`: each cell read by the row mapping (`compiler.sql.columns`);
3. `__input`: each input validated (`compiler.sql.validation`): its value and its problem;
4. `__definitions_N`: the definitions, level by level (a definition after those it reads);
5. `__condition`: every decision's branch condition and every check's line;
6. `__outcome`: each decision's and check's outcome, and whether the row has an input problem;
7. `__steps_N`: whether the walk reaches each step, level by level;
   `__route`: the number of the route it takes (`compiler.sql.routes`), unless there are too many;
8. `__division`: the first division by zero met (only when the guideline divides by a value);
then the result columns: the id, the kept columns, `status`, `recommendations`, `needs`,
`errors`, `path` (`compiler.sql.steps`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence

from sqlglot import exp

from compiler.files import UsageError
from compiler.sql import nodes as n
from compiler.sql.columns import ColumnKind, declared_kind, unit_column
from compiler.sql.dialects import check_dialect
from compiler.sql.expressions import Expressions
from compiler.sql.steps import ERROR, ROUTE, Walk, division_errors
from compiler.sql.validation import Cell, Numbers, cell, check, conversion, padded_digits, shown_decimals
from dsl import ir
from dsl import program as p

RESULT_COLUMNS = ("status", "recommendations", "needs", "errors", "path")  # after the id column
_SAFE_FILE = re.compile(r"[A-Za-z0-9_.-]+")


class _Builder:
    def __init__(
        self,
        program: p.Program,
        relation: str,
        id_column: str,
        columns: Mapping[str, ColumnKind] | None,
        keep: Sequence[str],
    ) -> None:
        self.program = program
        self.relation = relation
        self.id_column = id_column
        self.keep = list(keep)
        names = list(program.input_table)
        self.slot = {name: index for index, name in enumerate(names)}
        self.definition_slot = {d.name: index for index, d in enumerate(program.definitions)}
        self.kinds: dict[str, ColumnKind | None] = {}
        self.units: dict[str, bool] = {}
        for name, spec in program.input_table.items():
            if columns is None:
                self.kinds[name] = declared_kind(spec)
                self.units[name] = False
            else:
                self.kinds[name] = columns.get(name)
                unit = columns.get(unit_column(name))
                if unit is not None and spec.kind == "number" and name in columns:
                    if unit != "text":
                        raise UsageError(f"the unit column {unit_column(name)} must hold text, not {unit}")
                    self.units[name] = True
                else:
                    self.units[name] = False
        base = os.path.basename(program.filename)
        self.file = base if _SAFE_FILE.fullmatch(base) else "the guideline"
        self.expressions = Expressions(
            program.definition_table,
            lambda name: n.column(f"__v{self.slot[name]}"),
            lambda name: n.column(f"__d{self.definition_slot[name]}"),
        )
        self.walk = Walk(program, self.expressions)
        self.ctes: list[exp.CTE] = []
        self.previous = ""

    def where(self, span: p.Span | None, what: str) -> str:
        if span is None:
            return f"{self.file}: {what}"
        base = os.path.basename(span.filename)
        return f"{base if _SAFE_FILE.fullmatch(base) else self.file}:{span.line}: {what}"

    def cte(self, name: str, columns: list[exp.Expr], comment: str, source: exp.Expr | None = None) -> None:
        select = exp.select(exp.Star(), *columns) if source is None else exp.select(*columns)
        select = select.from_(source if source is not None else exp.to_table(self.previous))
        node = exp.CTE(this=select, alias=exp.TableAlias(this=exp.to_identifier(name)))
        node.add_comments([comment])
        self.ctes.append(node)
        self.previous = name

    def build(self) -> exp.Expr:
        g = self.program
        rows = [n.alias(n.user_column(self.id_column), "__id", "the id column")]
        rows += [n.alias(n.user_column(k), f"__keep{j}", "a kept column") for j, k in enumerate(self.keep)]
        for name, spec in g.input_table.items():
            i = self.slot[name]
            if self.kinds[name] is not None:
                rows.append(n.alias(n.user_column(name), f"__r{i}", self.where(spec.span, f"input {name}")))
            if self.units[name]:
                rows.append(
                    n.alias(n.user_column(unit_column(name)), f"__u{i}", self.where(spec.span, f"unit of {name}"))
                )
        parts = self.relation.split(".")
        table = exp.Table(
            this=exp.to_identifier(parts[-1], quoted=True),
            db=exp.to_identifier(parts[-2], quoted=True) if len(parts) > 1 else None,
            catalog=exp.to_identifier(".".join(parts[:-2]), quoted=True) if len(parts) > 2 else None,
        )
        self.cte("__row", rows, "one row per patient", table)

        cells: dict[str, Cell] = {}
        columns: list[exp.Expr] = []
        for name, spec in g.input_table.items():
            i = self.slot[name]
            kind = self.kinds[name]
            raw = n.column(f"__r{i}") if kind is not None else None
            unit = n.column(f"__u{i}") if self.units[name] else None
            c = cell(spec, kind, raw, unit)
            where = self.where(spec.span, f"input {name}")
            if kind is not None:
                columns.append(n.alias(c.present, f"__e{i}", where + " (present)"))
                columns.append(n.alias(c.candidate, f"__n{i}", where + " (as read)"))
                if c.unit is not None:
                    columns.append(n.alias(c.unit, f"__g{i}", where + " (unit given)"))
            cells[name] = Cell(
                n.column(f"__e{i}") if kind is not None else n.false(),
                n.column(f"__n{i}") if kind is not None else n.null(),
                n.column(f"__g{i}") if c.unit is not None else None,
            )
        self.cte(
            "__cell",
            columns or [n.alias(n.true(), "__cells", "no input column")],
            "the row mapping (compiler.sql.columns)",
        )

        numbers: dict[str, Numbers] = {}
        converted_columns: list[exp.Expr] = []
        decimal_columns: list[exp.Expr] = []
        digit_columns: list[exp.Expr] = []
        for name, spec in g.input_table.items():
            i = self.slot[name]
            if spec.kind != "number" or self.kinds[name] is None:
                continue
            where = self.where(spec.span, f"input {name}")
            converted_columns.append(
                n.alias(conversion(spec, cells[name]), f"__x{i}", where + f" (in {spec.unit or 'no unit'})")
            )
            bare, converted = shown_decimals(spec, cells[name], n.column(f"__x{i}"))
            decimal_columns.append(n.alias(bare, f"__kn{i}", where + " (decimals shown)"))
            decimal_columns.append(n.alias(converted, f"__kx{i}", where + " (decimals shown)"))
            digit_columns.append(n.alias(padded_digits(n.column(f"__n{i}"), n.column(f"__kn{i}")), f"__an{i}", where))
            digit_columns.append(n.alias(padded_digits(n.column(f"__x{i}"), n.column(f"__kx{i}")), f"__ax{i}", where))
            numbers[name] = Numbers(
                n.column(f"__x{i}"),
                (n.column(f"__kn{i}"), n.column(f"__an{i}")),
                (n.column(f"__kx{i}"), n.column(f"__ax{i}")),
            )
        if converted_columns:
            self.cte("__number", converted_columns, "numbers in their declared units")
            self.cte("__decimals", decimal_columns, "how many decimals a problem text shows")
            self.cte("__digits", digit_columns, "the digits a problem text shows")

        columns = []
        for name, spec in g.input_table.items():
            i = self.slot[name]
            kind = self.kinds[name]
            raw = n.column(f"__r{i}")
            checked = check(spec, kind, raw, cells[name], numbers.get(name))
            where = self.where(spec.span, f"input {name}")
            columns.append(n.alias(checked.value, f"__v{i}", where))
            columns.append(n.alias(checked.problem, f"__p{i}", where + " (problem)"))
        self.cte("__input", columns or [n.alias(n.true(), "__inputs", "no input")], "input validation (dsl.validation)")

        for level, definitions in enumerate(self.definition_levels()):
            columns = [
                n.alias(
                    self.expressions.value(d.node),
                    f"__d{self.definition_slot[d.name]}",
                    self.where(d.span, f"define {d.name}"),
                )
                for d in definitions
            ]
            self.cte(f"__definitions_{level}", columns, "definitions")

        spans = [(name, node, span) for name, node, span in self.walk.conditions]
        if spans:
            columns = [
                n.alias(self.expressions.value(node), name, self.where(span, "condition")) for name, node, span in spans
            ]
            self.cte("__condition", columns, "every decision's branches and every check's lines")
        columns = []
        for step in g.steps:
            if isinstance(step, p.Decision):
                rules = self.walk.decisions[step.id]
                columns.append(
                    n.alias(self.walk.outcome(rules), rules.name, self.where(step.span, f"decision {step.id}"))
                )
        for rules, check_ in zip(self.walk.checks, g.checks, strict=True):
            columns.append(n.alias(self.walk.outcome(rules), rules.name, self.where(check_.span, f"check {check_.id}")))
        bad = n.or_(*(n.is_known(n.column(f"__p{self.slot[name]}")) for name in g.input_table))
        columns.append(n.alias(bad, "__bad", "an input has a problem"))
        self.cte("__outcome", columns, "outcomes: the branch taken, or -1 when unknown")

        for level, steps in enumerate(self.walk.levels):
            columns = [
                n.alias(self.walk.reach(s), f"__s{s.index}", self.where(s.span, f"{_kind(s)} {s.id}")) for s in steps
            ]
            self.cte(f"__steps_{level}", columns, "the steps the walk reaches")
        if self.walk.routes is not None:
            where = self.where(g.start.span if g.start is not None else None, "the route from the start")
            self.cte("__route", [n.alias(self.walk.route(), ROUTE, where)], "the route the walk takes (numbered)")

        division = self.walk.division()
        if division is not None:
            self.cte(
                "__division", [n.alias(division[0], "__div", "the first division by zero met")], "divisions by zero"
            )
        return self.result(division)

    def result(self, division: tuple[exp.Expr, list[tuple[int, tuple[str, ...]]]] | None) -> exp.Expr:
        g = self.program
        bad = n.column("__bad")
        divided = n.is_known(n.column("__div")) if division is not None else n.false()
        invalid = n.or_(bad, divided)
        needs, stopped = self.walk.needs()
        status = n.case(
            [(invalid, n.text("invalid_input")), (stopped, n.text("needs_data"))],
            n.text("complete"),
        )
        empty = n.array([], "VARCHAR")
        problems = [
            n.case(
                [
                    (
                        n.is_known(n.column(f"__p{self.slot[name]}")),
                        n.struct([("input", n.text(name)), ("problem", n.column(f"__p{self.slot[name]}"))]),
                    )
                ]
            )
            for name in sorted(g.input_table)
        ]
        errors_when: list[tuple[exp.Expr, exp.Expr]] = [(bad, n.present(problems, ERROR))]
        if division is not None:
            errors_when.append((divided, division_errors(n.column("__div"), division[1])))
        errors = n.case(errors_when, n.array([], ERROR))
        columns = [n.alias(n.column("__id"), self.id_column, "the id column")]
        columns[0] = exp.alias_(n.column("__id"), exp.to_identifier(self.id_column, quoted=True))
        columns += [
            exp.alias_(n.column(f"__keep{j}"), exp.to_identifier(k, quoted=True)) for j, k in enumerate(self.keep)
        ]
        columns += [
            n.alias(status, "status", "invalid_input, needs_data or complete"),
            n.alias(
                n.case([(invalid, empty)], self.walk.recommendations()),
                "recommendations",
                "in the order added, each once",
            ),
            n.alias(n.case([(invalid, empty), (stopped, needs)], empty), "needs", "sorted"),
            n.alias(errors, "errors", "sorted by input"),
            n.alias(n.case([(invalid, empty)], self.walk.path()), "path", "the steps visited"),
        ]
        query = exp.select(*columns).from_(exp.to_table(self.previous))
        query.add_comments([f"{self.file}: guideline {g.id} {g.version}"])
        for cte in self.ctes:
            query = query.with_(cte.alias, as_=cte.this, copy=False)
        # `with_` drops the CTEs' comments: put them back.
        for made, cte in zip(
            query.args["with_"].expressions if "with_" in query.args else query.args["with"].expressions,
            self.ctes,
            strict=True,
        ):
            made.add_comments(cte.comments)
        return query

    def definition_levels(self) -> list[list[p.Definition]]:
        level: dict[str, int] = {}
        for d in self.program.definitions:  # in dependency order
            named = ir.definitions_in_order(d.node)
            level[d.name] = 1 + max((level[m] for m in named), default=-1)
        grouped: list[list[p.Definition]] = [[] for _ in range(max(level.values(), default=-1) + 1)]
        for d in self.program.definitions:
            grouped[level[d.name]].append(d)
        return grouped


def _kind(step: p.Step) -> str:
    return "decision" if isinstance(step, p.Decision) else "action"


def expression(
    program: p.Program,
    *,
    dialect: str = "duckdb",
    relation: str = "patients",
    id_column: str = "id",
    columns: Mapping[str, ColumnKind] | None = None,
    keep: Sequence[str] = (),
) -> exp.Expr:
    """The query as a sqlglot tree (the same tree for every dialect)."""
    check_dialect(dialect)
    return _Builder(program, relation, id_column, columns, keep).build()


def query(
    program: p.Program,
    *,
    dialect: str = "duckdb",
    relation: str = "patients",
    id_column: str = "id",
    columns: Mapping[str, ColumnKind] | None = None,
    keep: Sequence[str] = (),
) -> str:
    """The query's text in `dialect`: deterministic bytes for the same program and arguments."""
    tree = expression(program, dialect=dialect, relation=relation, id_column=id_column, columns=columns, keep=keep)
    return tree.sql(dialect=dialect, pretty=True) + "\n"
