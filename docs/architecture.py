"""The architecture diagram and the table of module sizes, drawn from the code's own imports.

    .venv/bin/python docs/architecture.py          # writes docs/architecture.dot, .svg, and the sizes in .md
    .venv/bin/python docs/architecture.py --check  # only says what is stale (exit 1), writes nothing

Every module of the `dsl` and `compiler` packages is read with `ast`; nothing of them is imported
but the DOT writer and its escaper (`compiler.flowchart.dot`). A node per module (named by its
path, labelled with its file name and line count) in a cluster per package; an edge per import
between project modules: solid at module level, dashed when only under `TYPE_CHECKING`, dotted
when inside a function (lazy); a hollow grey arrow where a module reads another file's text
(`resources.files(PACKAGE).joinpath(NAME)`: the grammar, the runtime copied into compiled modules).
The same code gives the same bytes: everything sorted, no timestamp. `tests/test_architecture.py`
fails when the committed files are stale, and checks the layering rules on the same analysis.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the DOT writer of this very checkout
    sys.path.insert(0, str(ROOT))

from compiler.flowchart.dot import AttrValue, DotWriter, Html, dot_escape, run_dot  # noqa: E402

TOP_PACKAGES = ("dsl", "compiler")
DATA_SUFFIXES = (".lark", ".json")  # package data that is part of a stage (the grammars)
HUB = "dsl.program"  # the resolved `Program`: what every backend reads
DOT = ROOT / "docs" / "architecture.dot"
SVG = ROOT / "docs" / "architecture.svg"
MARKDOWN = ROOT / "docs" / "architecture.md"
SIZES_BEGIN = "<!-- sizes begin -->"
SIZES_END = "<!-- sizes end -->"
REGENERATE = ".venv/bin/python docs/architecture.py"

Kind = Literal["import", "lazy", "typing", "reads"]
# When a module imports another in several ways, its edge shows the one that loads it soonest.
STRENGTH: dict[Kind, int] = {"import": 3, "lazy": 2, "typing": 1, "reads": 0}
Style = dict[str, AttrValue]
EDGE_STYLE: dict[Kind, Style] = {
    "import": {},
    "lazy": {"style": "dotted"},
    "typing": {"style": "dashed"},
    "reads": {"color": "#888888", "arrowhead": "onormal"},
}
FONT = "DejaVu Sans"
HUB_COLOUR = "#b8860b"
NODE: Style = {"shape": "box", "style": "rounded,filled", "fillcolor": "white", "fontname": FONT, "fontsize": 11}
HUB_NODE: Style = {"penwidth": 3, "color": HUB_COLOUR, "fillcolor": "#fff3c4", "fontsize": 13}
DATA_NODE: Style = {"shape": "note", "style": "filled", "fillcolor": "#f4f4f4"}  # the grammar
TO_HUB: Style = {"color": HUB_COLOUR, "penwidth": 1.4}
CLUSTER: Style = {"style": "rounded", "color": "#999999"}


@dataclass(frozen=True)
class Import:
    """One imported name (or module) as written: `from dsl.model import Span` is `("dsl.model",
    "Span")`; `from dsl import ir` resolves to the module, `("dsl.ir", None)`."""

    module: str  # dotted, as resolved (a project module's name, or e.g. `networkx`, `pypdf.errors`)
    name: str | None  # the name taken from it, None for the module itself
    kind: Kind
    line: int


@dataclass(frozen=True)
class Module:
    name: str  # dotted; a package's `__init__.py` has the package's name; data files keep their suffix
    package: str
    path: str  # relative to the root, with slashes: the node's id
    lines: int
    imports: tuple[Import, ...]

    @property
    def file(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def _files(root: Path) -> Iterator[tuple[str, Path]]:
    """(package, file) for every module and data file of the project's packages, sorted."""
    for top in TOP_PACKAGES:
        for directory in sorted([root / top, *(root / top).rglob("*")]):
            if not directory.is_dir() or "__pycache__" in directory.parts or not (directory / "__init__.py").is_file():
                continue
            package = directory.relative_to(root).as_posix().replace("/", ".")
            for path in sorted(directory.iterdir()):
                if path.is_file() and (path.suffix == ".py" or path.suffix in DATA_SUFFIXES):
                    yield package, path


def _module_name(package: str, path: Path) -> str:
    if path.name == "__init__.py":
        return package
    return f"{package}.{path.stem}" if path.suffix == ".py" else f"{package}.{path.name}"


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _reads(call: ast.Call) -> tuple[str, str] | None:
    """`resources.files("PACKAGE").joinpath("NAME")` → (PACKAGE, NAME)."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "joinpath" and isinstance(func.value, ast.Call)):
        return None
    inner = func.value
    if not (isinstance(inner.func, ast.Attribute) and inner.func.attr == "files"):
        return None
    arguments = [*inner.args, *call.args]
    if len(arguments) != 2 or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in arguments):
        return None
    package, name = (a.value for a in arguments if isinstance(a, ast.Constant))
    return str(package), str(name)


STATEMENTS = (ast.stmt, ast.excepthandler, ast.match_case)  # what a compound statement's blocks hold


def _imports(tree: ast.Module, package: str, known: frozenset[str], reads: bool) -> Iterator[Import]:
    """Every import in the module with where it runs: at import time, inside a function, or never
    (only under `TYPE_CHECKING`); and, when `reads`, every file it reads through `importlib.resources`.
    Imports are statements, so only statements are walked."""

    def resolve(base: str, name: str) -> tuple[str, str | None]:
        return (f"{base}.{name}", None) if f"{base}.{name}" in known else (base, name)

    stack: list[tuple[ast.AST, Kind]] = [(node, "import") for node in reversed(tree.body)]
    while stack:
        node, kind = stack.pop()
        if isinstance(node, ast.Import):
            yield from (Import(alias.name, None, kind, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package the module is in
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            yield from (Import(*resolve(base, alias.name), kind, node.lineno) for alias in node.names)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            stack += [(n, kind) for n in reversed(node.orelse)] + [(n, "typing") for n in reversed(node.body)]
        else:
            function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            inner: Kind = "lazy" if kind == "import" and function else kind
            for field in ("finalbody", "orelse", "handlers", "cases", "body"):  # compound statements
                block = getattr(node, field, None)
                if isinstance(block, list):
                    stack += [(n, inner) for n in reversed(block) if isinstance(n, STATEMENTS)]
    if reads:
        for call in ast.walk(tree):
            if isinstance(call, ast.Call) and (read := _reads(call)) is not None:
                yield Import(f"{read[0]}.{read[1]}", None, "reads", call.lineno)


def modules(root: Path = ROOT) -> list[Module]:
    """Every module and data file of the project, with its imports, sorted by name."""
    files = list(_files(root))
    known = frozenset(_module_name(package, path) for package, path in files)
    # A data file is "read" as `PACKAGE.NAME`, a module under its dotted name without `.py`.
    known |= frozenset(f"{package}.{path.name}" for package, path in files)
    found = []
    for package, path in files:
        text = path.read_text(encoding="utf-8")
        imports: tuple[Import, ...] = ()
        if path.suffix == ".py":
            tree = ast.parse(text, filename=str(path))
            imports = tuple(_imports(tree, package, known, "joinpath" in text))
        relative = path.relative_to(root).as_posix()
        imports = tuple(sorted(imports, key=lambda i: (i.line, i.module, i.name or "", i.kind)))
        found.append(Module(_module_name(package, path), package, relative, len(text.splitlines()), imports))
    return sorted(found, key=lambda module: module.name)


def edges(found: list[Module]) -> list[tuple[str, str, Kind]]:
    """(importer, imported, kind) between drawn modules (paths), one per pair, sorted."""
    by_name = {m.name: m for m in found if m.lines}
    by_name |= {f"{m.package}.{m.file}": m for m in found if m.lines}  # what `reads` names
    best: dict[tuple[str, str], Kind] = {}
    for module in found:
        if not module.lines:
            continue
        for imported in module.imports:
            target = by_name.get(imported.module)
            if target is None or target is module:
                continue
            key = (module.path, target.path)
            if key not in best or STRENGTH[imported.kind] > STRENGTH[best[key]]:
                best[key] = imported.kind
    return sorted((source, target, kind) for (source, target), kind in best.items())


def package_cycles(found: list[Module], kinds: tuple[Kind, ...] = ("import", "lazy")) -> list[tuple[str, str]]:
    """Pairs of packages that import each other (through imports of `kinds`), sorted."""
    package_of = {m.path: m.package for m in found}
    pairs = {(package_of[s], package_of[t]) for s, t, kind in edges(found) if kind in kinds}
    return sorted((a, b) for a, b in pairs if a < b and (b, a) in pairs)


def lines_text(count: int) -> str:
    """A node's size as its label shows it."""
    return f"{count} line" + ("" if count == 1 else "s")


def _label(module: Module) -> Html:
    lines = dot_escape(lines_text(module.lines))
    title = f"<B>{dot_escape(module.file)}</B>"
    if module.name == HUB:
        return Html(f'{title}<BR/><FONT POINT-SIZE="10">the Program, read by every backend</FONT><BR/>{lines}')
    return Html(f'{title}<BR/><FONT POINT-SIZE="9">{lines}</FONT>')


def dot_text(every: list[Module]) -> str:
    """The diagram as DOT: the same code gives the same text."""
    found = [m for m in every if m.lines]
    w = DotWriter("architecture")
    w.attrs(
        "graph",
        rankdir="TB",
        newrank="true",
        compound="true",
        nodesep=0.25,
        ranksep=0.6,
        fontname=FONT,
        fontsize=12,
        labelloc="t",
        label=Html(
            "<B>dsl and compiler: modules and their imports</B><BR/>"
            + dot_escape(f"generated by {REGENERATE} from the source; do not edit")
        ),
    )
    w.attrs("node", **NODE, margin="0.1,0.04")
    w.attrs("edge", color="#444444", arrowsize=0.6, penwidth=0.8)
    packages = sorted({".".join(m.package.split(".")[:n]) for m in found for n in range(1, m.package.count(".") + 2)})

    def cluster(package: str) -> None:  # nested as the packages are: dsl.verify inside dsl
        w.open(f"cluster {package}", **CLUSTER, label=Html(f"<B>{dot_escape(package)}</B>"))
        for module in (m for m in found if m.package == package):
            hub = HUB_NODE if module.name == HUB else {}
            data = DATA_NODE if module.path.endswith(DATA_SUFFIXES) else {}
            w.node(module.path, hub, data, label=_label(module), tooltip=module.path)
        for inner in packages:
            if inner.rpartition(".")[0] == package:
                cluster(inner)
        w.close()

    for package in packages:
        if "." not in package:
            cluster(package)
    hub_path = next((m.path for m in found if m.name == HUB), None)
    for source, target, kind in edges(found):
        w.edge(source, target, EDGE_STYLE[kind], TO_HUB if target == hub_path else {})
    _legend(w)
    return f"// Generated by {REGENERATE}: do not edit.\n" + w.text()


def _legend(w: DotWriter) -> None:
    w.open("cluster legend", **CLUSTER, label=Html("<B>legend</B>"), fontsize=10)
    w.attrs("node", shape="plaintext", style="", fontsize=9, width=0, height=0, margin=0)
    shown: list[tuple[str, str, Style]] = [
        ("import", "imported at module level", EDGE_STYLE["import"]),
        ("typing", "only under TYPE_CHECKING", EDGE_STYLE["typing"]),
        ("lazy", "inside a function (lazy)", EDGE_STYLE["lazy"]),
        ("reads", "reads the file's text", EDGE_STYLE["reads"]),
        ("hub", "into the Program", TO_HUB),
    ]
    for key, text, style in reversed(shown):  # dot lays the row out right to left
        w.node(f"legend {key}", label=Html(dot_escape(text)))
        w.node(f"legend {key} target", label=Html(" "))
        w.edge(f"legend {key}", f"legend {key} target", style)
    w.close()


def sizes_table(every: list[Module]) -> str:
    """The markdown table of module sizes, between (not including) the two markers."""
    found = [m for m in every if m.lines]
    rows = ["| package | module | lines |", "|---|---|---:|"]
    for package in sorted({m.package for m in found}):
        members = [m for m in found if m.package == package]
        for module in members:
            rows.append(f"| `{package}` | [`{module.file}`](../{module.path}) | {module.lines} |")
        rows.append(f"| `{package}` | *all {len(members)}* | *{sum(m.lines for m in members)}* |")
    rows.append(f"| **all** | **{len(found)} files** | **{sum(m.lines for m in found)}** |")
    return "\n".join(rows) + "\n"


def with_sizes(markdown: str, table: str) -> str:
    """`markdown` with the text between the size markers replaced by `table`."""
    head, begin, rest = markdown.partition(SIZES_BEGIN)
    _, end, tail = rest.partition(SIZES_END)
    if not begin or not end:
        raise SystemExit(f"{MARKDOWN.name}: the markers {SIZES_BEGIN} and {SIZES_END} are missing")
    return f"{head}{SIZES_BEGIN}\n{table}{SIZES_END}{tail}"


def sizes_in(markdown: str) -> str:
    """The table now between the markers of `markdown`."""
    return markdown.partition(SIZES_BEGIN)[2].partition(SIZES_END)[0].removeprefix("\n")


def main(argv: list[str]) -> int:
    check = argv == ["--check"]
    if argv and not check:
        print(f"usage: {REGENERATE} [--check]", file=sys.stderr)
        return 2
    found = modules()
    dot = dot_text(found)
    markdown = MARKDOWN.read_text(encoding="utf-8")
    updated = with_sizes(markdown, sizes_table(found))
    if check:
        wanted = ((DOT, dot), (MARKDOWN, updated))
        stale = [p.name for p, current in wanted if not p.is_file() or p.read_text(encoding="utf-8") != current]
        for name in stale:
            print(f"docs/{name} is stale: run {REGENERATE}", file=sys.stderr)
        return 1 if stale else 0
    DOT.write_text(dot, encoding="utf-8")
    SVG.write_bytes(run_dot(dot, "svg"))
    if updated != markdown:
        MARKDOWN.write_text(updated, encoding="utf-8")
    for path in (DOT, SVG, MARKDOWN):
        print(f"{path.relative_to(ROOT)}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
