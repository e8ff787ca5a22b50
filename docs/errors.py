"""Write docs/errors.md: every diagnostic code (`dsl.codes`), with an example from the error corpus.

Run `.venv/bin/python docs/errors.py` after changing `dsl/codes.py` or the corpus;
`tests/test_codes.py` fails when docs/errors.md is not what this script writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compiler.api import check_text  # noqa: E402
from dsl.codes import CODES  # noqa: E402
from dsl.errors import Diagnostic, GuidelineError  # noqa: E402

CORPORA = ("errors", "verify")
OUTPUT = ROOT / "docs" / "errors.md"


def diagnostics(path: Path) -> tuple[tuple[Diagnostic, ...], dict[str, str]]:
    """Every diagnostic of one corpus file, checked under the name the corpus' goldens use."""
    name = f"tests/{path.parent.name}/{path.name}"
    text = path.read_text(encoding="utf-8")
    try:
        checked = check_text(text, name)
    except GuidelineError as error:
        texts = error.source_text if isinstance(error.source_text, dict) else {name: text}
        return error.diagnostics, texts
    return checked.diagnostics, checked.texts


def corpus() -> list[Path]:
    return [p for corpus in CORPORA for p in sorted((ROOT / "tests" / corpus).glob("*.guideline"))]


def examples() -> dict[str, str]:
    """For each code, the first corpus diagnostic that has it, as `guideline check` shows it."""
    found: dict[str, str] = {}
    for path in corpus():
        found_here, texts = diagnostics(path)
        for diagnostic in found_here:
            if diagnostic.code is not None and diagnostic.code not in found:
                found[diagnostic.code] = f"{path.relative_to(ROOT)}\n\n" + diagnostic.format(texts)
    return found


def markdown() -> str:
    shown = examples()
    lines = [
        "# Diagnostic codes",
        "",
        "Every error and warning of `guideline check` (and of the language server) carries a stable",
        "code, shown after its message: `file:line:col: error: message [G0201]`. A code is never",
        "reused for another kind of mistake. The table is `dsl/codes.py`; this page is written by",
        "`docs/errors.py` from it and from the error corpus (`tests/errors/`, `tests/verify/`), whose",
        "first example of each code is shown. Do not edit it by hand.",
        "",
    ]
    for entry in CODES:
        lines += [f"## {entry.code}: {entry.title}", "", entry.fix, ""]
        example = shown.get(entry.code)
        if example is not None:
            where, report = example.split("\n\n", 1)
            lines += [f"Example (`{where}`):", "", "```", report, "```", ""]
    return "\n".join(lines)


def main() -> int:
    OUTPUT.write_text(markdown(), encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
