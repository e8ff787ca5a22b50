"""The generated module: deterministic, standalone, safe against hostile texts."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.api import check_text, load
from compiler.python.codegen import generate
from tests.conftest import AZATHIOPRINE, EXAMPLE, SPECIFICATION, TESTS

HOSTILE = TESTS / "golden" / "hostile.guideline"


def source_of(path: Path) -> str:
    return generate(check_text(path.read_text(encoding="utf-8"), str(path)).program)


@pytest.mark.parametrize("path", [EXAMPLE, HOSTILE, AZATHIOPRINE], ids=lambda p: p.stem)
def test_same_guideline_same_bytes(path: Path) -> None:
    assert source_of(path) == source_of(path)


def test_output_does_not_depend_on_the_directory_it_was_compiled_from() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    first = generate(check_text(text, "all_features.guideline").program)
    second = generate(check_text(text, "/some/other/place/all_features.guideline").program)
    assert first == second


def test_every_step_has_a_file_line_comment() -> None:
    source = source_of(AZATHIOPRINE)
    text = AZATHIOPRINE.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(text, start=1):
        if line.startswith(("decision ", "action ", "check ")):
            assert f"# azathioprine_thrombocytopenia.guideline:{number}: " in source, line


ALLOWED_CALLS = {
    # the runtime's own helpers and the builtins it uses
    "Unknown", "frozenset", "isinstance", "type", "set", "sorted", "list", "dict", "float", "min", "max",
    "repr", "len", "abs", "enumerate", "zip", "str", "tuple", "int",
    "step",  # evaluate's loop variable: the next step's function
    "get",  # inputs.get
}  # fmt: skip


def called_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            names.add(node.func.id)
    return names


def test_hostile_texts_stay_texts() -> None:
    source = source_of(HOSTILE)
    tree = ast.parse(source)
    defined = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    assert called_names(tree) <= ALLOWED_CALLS | defined
    imports = {alias.name for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) for alias in n.names}
    imported_from = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert imports | imported_from <= {"difflib", "math", "collections.abc", "Mapping"}
    # identifiers never come from the guideline's names
    identifiers = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert not identifiers & {"__import__", "eval", "exec", "globals", "os", "__class__", "__init__", "__dict__"}


def test_hostile_texts_come_out_exactly_as_written() -> None:
    result = load(str(HOSTILE)).evaluate({"n": 0.5, "__class__": "_x"})
    assert result["status"] == "complete"
    assert [r["text"] for r in result["recommendations"]] == [
        "__import__('os').system('echo pwned') \"\"\" ''' \\ \n\t done",
        '"; import sys; sys.exit(1); "',
    ]
    assert result["path"] == ["__builtins__", "globals", "end"]


def test_hostile_module_does_nothing_but_evaluate(tmp_path: Path) -> None:
    module = tmp_path / "hostile_evaluator.py"
    module.write_text(source_of(HOSTILE), encoding="utf-8")
    script = f"""
import importlib.util, json, sys
events = []
spec = importlib.util.spec_from_file_location("hostile_evaluator", {str(module)!r})
evaluator = importlib.util.module_from_spec(spec)
spec.loader.exec_module(evaluator)
sys.addaudithook(lambda event, args: events.append(event))
for inputs in ({{"n": 0.5, "__class__": "_x"}}, {{"n": -0.5}}, {{"__class__": "eval"}}, {{"n": "x"}}):
    evaluator.evaluate(inputs)
print(json.dumps(sorted(set(events))))
"""
    out = subprocess.run([sys.executable, "-I", "-S", "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


@pytest.mark.parametrize("path", [EXAMPLE, AZATHIOPRINE], ids=lambda p: p.stem)
def test_module_runs_with_nothing_installed(path: Path, tmp_path: Path) -> None:
    """`python -I -S` sees neither site-packages nor this project: the module needs only the stdlib."""
    module = tmp_path / "evaluator.py"
    module.write_text(source_of(path), encoding="utf-8")
    vignettes = json.loads((SPECIFICATION / "vignettes.json").read_text(encoding="utf-8"))
    patients = [v["inputs"] for v in vignettes] if path == AZATHIOPRINE else [{}, {"condition": "arthritis"}]
    script = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        "import evaluator\n"
        "assert 'lark' not in sys.modules and 'networkx' not in sys.modules\n"
        "patients = json.loads(sys.stdin.read())\n"
        "print(json.dumps([evaluator.evaluate(p) for p in patients]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script],
        input=json.dumps(patients),
        capture_output=True,
        text=True,
        check=True,
    )
    in_process = load(str(path))
    assert json.loads(out.stdout) == [in_process.evaluate(p) for p in patients]


def test_module_exposes_its_contract() -> None:
    evaluator = load(str(AZATHIOPRINE))
    assert (evaluator.guideline_id, evaluator.version) == ("azathioprine-thrombocytopenia", "1.0.0")
    schema = evaluator.input_schema
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert schema["properties"]["platelets"]["x-ucum-unit"] == "10*9/L"
    assert schema["properties"]["platelet_lower_limit"]["default"] == 150.0
    assert schema["properties"]["indication"]["enum"] == [
        "autoimmune_hepatitis", "inflammatory_bowel_disease", "immune_thrombocytopenia", "other", None,
    ]  # fmt: skip
    json.dumps(schema)  # a JSON Schema is JSON


def test_generated_source_is_compiled_before_it_is_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    import compiler.python.codegen as codegen

    monkeypatch.setattr(codegen.CodeGenerator, "generate", lambda self: "def broken(:\n")
    with pytest.raises(SyntaxError):
        codegen.generate(check_text(EXAMPLE.read_text(encoding="utf-8"), EXAMPLE.name).program)
