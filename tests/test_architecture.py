"""docs/architecture.md is current, and the layering it describes holds.

The committed diagram (`docs/architecture.dot`, and the SVG drawn from it) and the size table are
compared with what `docs/architecture.py` produces from the source now; the layering rules are
checked on the same `ast` reading of every module's imports (nothing of the code is imported to
check them); and `guideline --help` runs in a fresh interpreter to see what it loads.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import networkx as nx
import pytest

from tests.conftest import ROOT

DOCS = ROOT / "docs"
STALE = "is stale: run .venv/bin/python docs/architecture.py (and commit what it writes)"
BACKENDS = ("compiler.python", "compiler.testing", "compiler.flowchart", "compiler.sql", "compiler.fhir")
FRONT_END = ("dsl.syntax", "dsl.semantics", "dsl.lower", "dsl.units", "dsl.checks")
HEAVY = ("lark", "networkx", "graphviz", "pypdf", "ucumvert")  # libraries that take time to import


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_architecture", DOCS / "architecture.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


architecture = _script()


@pytest.fixture(scope="module")
def found() -> list[Any]:
    modules: list[Any] = architecture.modules()
    return modules


def _in(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def _imports(found: list[Any], packages: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    """(importing module, import) for every import of the modules of `packages`."""
    for module in found:
        if _in(module.name, packages):
            for imported in module.imports:
                yield module.name, imported


def _where(module: str, imported: Any) -> str:
    taken = f" ({imported.name})" if imported.name else ""
    return f"{module} imports {imported.module}{taken} ({imported.kind}, line {imported.line})"


# ---- the committed files are what the script makes of the source now ----


def test_the_committed_diagram_is_what_the_script_draws_now(found: list[Any]) -> None:
    committed = (DOCS / "architecture.dot").read_text(encoding="utf-8")
    assert committed == architecture.dot_text(found), f"docs/architecture.dot {STALE}"


def test_the_size_table_is_what_the_script_counts_now(found: list[Any]) -> None:
    markdown = (DOCS / "architecture.md").read_text(encoding="utf-8")
    assert architecture.SIZES_BEGIN in markdown and architecture.SIZES_END in markdown
    assert architecture.sizes_in(markdown) == architecture.sizes_table(found), f"docs/architecture.md {STALE}"


def test_the_svg_shows_the_current_modules_sizes_and_imports(found: list[Any]) -> None:
    """Without running Graphviz: every node of the SVG (its title is the module's path) carries the
    module's current line count, and its edges are the current imports."""
    svg = "{http://www.w3.org/2000/svg}"
    nodes: dict[str, list[str]] = {}
    edges: set[str] = set()
    for group in ET.parse(DOCS / "architecture.svg").getroot().iter(f"{svg}g"):
        title = group.findtext(f"{svg}title") or ""
        if title.startswith("legend "):
            continue
        if group.get("class") == "node":
            nodes[title] = [text.text or "" for text in group.iter(f"{svg}text")]
        elif group.get("class") == "edge":
            edges.add(title)
    drawn = {m.path: architecture.lines_text(m.lines) for m in found if m.lines}
    assert set(nodes) == set(drawn), f"docs/architecture.svg {STALE}"
    for path, lines in drawn.items():
        assert lines in nodes[path], f"docs/architecture.svg {STALE} ({path} has {lines})"
    assert edges == {f"{s}->{t}" for s, t, _ in architecture.edges(found)}, f"docs/architecture.svg {STALE}"


def test_the_reading_sees_every_kind_of_import(found: list[Any]) -> None:
    """The rules below are only as good as the reading: it tells module-level, TYPE_CHECKING-only
    and lazy imports apart, and sees the grammar being read."""
    kinds = {(m, i.module, i.name): i.kind for m, i in _imports(found, ("dsl", "compiler"))}
    assert kinds["dsl.syntax.parser", "lark", "Lark"] == "import"
    assert kinds["dsl.program", "networkx", None] == "typing"
    assert kinds["dsl.program", "dsl.graph", "build_graph"] == "lazy"
    assert kinds["dsl.syntax.parser", "dsl.syntax.grammar.lark", None] == "reads"
    assert kinds["compiler.python.codegen", "compiler.python.runtime.py", None] == "reads"
    assert {m.package for m in found} >= {"dsl", "dsl.syntax", "dsl.verify", "compiler", "compiler.cli", *BACKENDS}


# ---- the layering rules ----


def test_lark_is_imported_by_the_parser_alone(found: list[Any]) -> None:
    importers = {m for m, i in _imports(found, ("dsl", "compiler")) if _in(i.module, ("lark",))}
    assert importers == {"dsl.syntax.parser"}


def test_compiler_reaches_the_front_end_only_through_the_front_door(found: list[Any]) -> None:
    """No module of `compiler` imports the parser, the analysis, the lowering or the checker (the
    API names `dsl.checks.Report` as a type only); only `compiler.api` calls `dsl.pipeline`,
    everything else takes the `Checked` type from it."""
    broken = []
    for module, imported in _imports(found, ("compiler",)):
        if _in(imported.module, FRONT_END) and not (imported.module == "dsl.checks" and imported.kind == "typing"):
            broken.append(_where(module, imported))
        if imported.module == "dsl.pipeline" and module != "compiler.api" and imported.name != "Checked":
            broken.append(_where(module, imported))
    assert broken == []


def test_backends_read_the_program_not_the_model(found: list[Any]) -> None:
    """The backends take nothing of `dsl.model` but `Span`, at any level, and no lark."""
    broken = [
        _where(module, imported)
        for module, imported in _imports(found, BACKENDS)
        if (imported.module == "dsl.model" and imported.name != "Span") or _in(imported.module, ("lark", *FRONT_END))
    ]
    assert broken == []


def test_the_program_and_the_verifier_take_only_span_from_the_model(found: list[Any]) -> None:
    broken = [
        _where(module, imported)
        for module, imported in _imports(found, ("dsl.program", "dsl.verify"))
        if (imported.module == "dsl.model" and imported.name != "Span") or _in(imported.module, ("lark", *FRONT_END))
    ]
    assert broken == []
    program = {(i.module, i.kind) for _, i in _imports(found, ("dsl.program",)) if _in(i.module, ("dsl",))}
    assert program <= {("dsl.ir", "import"), ("dsl.model", "import"), ("dsl.bindings", "import"), ("dsl.graph", "lazy")}


def test_the_bottom_layer_imports_nothing_of_the_project(found: list[Any]) -> None:
    bottom = ("dsl.model", "dsl.ir", "dsl.logic", "dsl.text", "compiler.files", "compiler.result")
    broken = [
        _where(module, imported)
        for module, imported in _imports(found, bottom)
        if module in bottom and _in(imported.module, ("dsl", "compiler"))
    ]
    assert broken == []


def test_dsl_imports_nothing_of_compiler(found: list[Any]) -> None:
    assert [_where(m, i) for m, i in _imports(found, ("dsl",)) if _in(i.module, ("compiler",))] == []


def test_backends_import_neither_each_other_nor_the_cli(found: list[Any]) -> None:
    broken = []
    for module, imported in _imports(found, ("dsl", "compiler")):
        own = next((b for b in BACKENDS if _in(module, (b,))), None)
        if _in(imported.module, ("compiler.cli",)) and not _in(module, ("compiler.cli",)):
            broken.append(_where(module, imported))
        if own is not None and _in(imported.module, BACKENDS) and not _in(imported.module, (own,)):
            broken.append(_where(module, imported))
    assert broken == []


def test_compiler_imports_heavy_libraries_only_where_they_are_used(found: list[Any]) -> None:
    """networkx, graphviz, pypdf (and lark, ucumvert) never at module level in `compiler`."""
    broken = [
        _where(module, imported)
        for module, imported in _imports(found, ("compiler",))
        if _in(imported.module, HEAVY) and imported.kind == "import"
    ]
    assert broken == []


def test_command_modules_import_no_backend_at_the_top(found: list[Any]) -> None:
    """`compiler.cli.command`: `arguments` only declares options and `run` imports what it needs."""
    allowed = ("compiler.cli", "compiler.files", "dsl.text")
    broken = [
        _where(module, imported)
        for module, imported in _imports(found, ("compiler.cli",))
        if imported.kind == "import" and _in(imported.module, ("dsl", "compiler")) and not _in(imported.module, allowed)
    ]
    assert broken == []


def test_the_language_rules_are_written_once_and_shared(found: list[Any]) -> None:
    """The interpreter evaluates through `dsl.logic` and validates through `dsl.validation`; the
    code generator copies `dsl.validation` into every module (docs/architecture.md, the rules)."""
    taken = {(m, i.module) for m, i in _imports(found, ("compiler",))}
    assert ("compiler.testing.interpreter", "dsl.logic") in taken
    assert ("compiler.testing.interpreter", "dsl.validation") in taken
    assert ("compiler.python.codegen", "dsl.validation") in taken


EXHAUSTIVE = (
    "dsl/ir.py",
    "dsl/program.py",
    "dsl/graph.py",
    "compiler/python/expressions.py",
    "compiler/python/codegen.py",
    "compiler/testing/interpreter.py",
    "dsl/verify/solver.py",
    "compiler/flowchart/chart.py",
)


@pytest.mark.parametrize("path", EXHAUSTIVE)
def test_dispatch_over_nodes_and_steps_is_exhaustive(path: str) -> None:
    """Each of these has a `match` whose last case is `case _: assert_never(...)`, and every
    `match` in it ends so."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    matches = [node for node in ast.walk(tree) if isinstance(node, ast.Match)]
    assert matches, f"{path} has no match statement"
    for match in matches:
        last = match.cases[-1]
        wildcard = isinstance(last.pattern, ast.MatchAs) and last.pattern.pattern is None
        call = last.body[0] if last.body else None
        assert_never = (
            isinstance(call, ast.Expr)
            and isinstance(call.value, ast.Call)
            and isinstance(call.value.func, ast.Name)
            and call.value.func.id == "assert_never"
        )
        assert wildcard and assert_never, f"{path}:{match.lineno}: a match that does not end in assert_never"


# Cycles that exist (docs/architecture.md, "Known tangles"): allowed, but no new ones.
KNOWN_PACKAGE_CYCLES = {("dsl", "dsl.syntax"), ("dsl", "dsl.verify"), ("compiler", "compiler.population")}
KNOWN_MODULE_CYCLES = {
    frozenset({"dsl/program.py", "dsl/graph.py"}),
    frozenset({"compiler/cli/__init__.py", "compiler/cli/main.py"}),
    frozenset({"compiler/population/engine.py", "compiler/population/spark.py"}),
}


def test_no_new_import_cycles(found: list[Any]) -> None:
    package_cycles = set(architecture.package_cycles(found))
    assert package_cycles <= KNOWN_PACKAGE_CYCLES, (
        f"new cycles between packages: {package_cycles - KNOWN_PACKAGE_CYCLES}"
    )
    runtime = [(s, t) for s, t, kind in architecture.edges(found) if kind in ("import", "lazy")]
    cycles = {frozenset(c) for c in nx.strongly_connected_components(nx.DiGraph(runtime)) if len(c) > 1}
    assert cycles <= KNOWN_MODULE_CYCLES, f"new cycles between modules: {cycles - KNOWN_MODULE_CYCLES}"
    at_import = nx.DiGraph([(s, t) for s, t, kind in architecture.edges(found) if kind == "import"])
    assert nx.is_directed_acyclic_graph(at_import)


# ---- what `guideline --help` loads ----

HELP = """
import contextlib, io, json, sys
from compiler.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        code = main(["--help"])
    except SystemExit as exit:
        code = exit.code
print(json.dumps({"code": code, "help": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def test_help_loads_no_backend_and_no_heavy_library() -> None:
    shown = subprocess.run(
        [sys.executable, "-c", HELP], capture_output=True, text=True, cwd=ROOT, timeout=60, check=True
    ).stdout
    result = json.loads(shown)
    assert result["code"] == 0 and "usage: guideline" in result["help"]
    loaded = [
        m
        for m in result["modules"]
        if _in(m, (*BACKENDS, "compiler.api", "dsl.program", "dsl.pipeline", *FRONT_END, "dsl.verify", *HEAVY))
    ]
    assert loaded == []


def test_the_script_reads_the_code_without_importing_it() -> None:
    """Of the project the script imports only the DOT writer (`compiler.flowchart.dot`, with its
    package): nothing of the front end or the program, no lark, no networkx, so it stays fast."""
    script = str(DOCS / "architecture.py")
    code = f"import json, runpy, sys; runpy.run_path({script!r}); print(json.dumps(sorted(sys.modules)))"
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60, check=True
    )
    loaded = [m for m in json.loads(shown.stdout) if _in(m, (*FRONT_END, "dsl.program", "dsl.pipeline", *HEAVY))]
    assert loaded == []
