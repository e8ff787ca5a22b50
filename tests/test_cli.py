"""The `guideline` command: exit codes, messages, and outputs equal to the in-process API.

Mostly in-process through `cli.main` (fast); a few subprocesses prove that the installed command
and a compiled module behave the same outside pytest. No stderr may ever hold a traceback.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from compiler import cli
from compiler.api import load
from compiler.cli.main import commands
from tests.conftest import AZATHIOPRINE, EXAMPLE, SPECIFICATION, TESTS

GROUPS = TESTS / "examples" / "groups.guideline"

VIGNETTES: list[dict[str, Any]] = json.loads((SPECIFICATION / "vignettes.json").read_text(encoding="utf-8"))
P01 = VIGNETTES[0]["inputs"]

INVALID_GUIDELINE = """\
guideline broken
title "Broken"
version 1.0.0
status draft
input a "A"
  yes or no
decision d "D"
  when b go to e
"""

EXAMPLE_CASES = """\
[[case]]
id = "right"
description = "Arthritis, count 25: urgent."
status = "complete"
codes = ["stop", "weekly_count"]
[case.inputs]
condition = "arthritis"
count = 25
bleeding = false
pregnant = false
weeks = 1
score = 0
baseline = 100

[[case]]
id = "wrong"
description = "Arthritis, count 25000 /uL, expected wrongly."
status = "complete"
codes = ["reduce_dose"]
[case.inputs]
condition = "arthritis"
count = { value = 25000, unit = "/uL" }
bleeding = false
pregnant = false
weeks = 1
score = 0
baseline = 100
"""

EXAMPLE_INPUTS = {
    "condition": "arthritis",
    "count": 25,
    "bleeding": False,
    "pregnant": True,
    "weeks": 1,
    "score": 0,
    "baseline": 100,
}

ERROR_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): error: \S.*$")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`guideline ARGV...` in this process: (exit code, stdout, stderr)."""
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    return code, out, err


def write(path: Path, data: str | bytes) -> str:
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return str(path)


def guideline_command() -> list[str]:
    installed = Path(sys.executable).parent / "guideline"
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "compiler.cli"]


# ---- check ----


def test_check_valid_files(capsys: pytest.CaptureFixture[str]) -> None:
    # The real guideline is checked by test_guidelines.py; checking it again here would be slow.
    code, out, err = run(capsys, "check", str(EXAMPLE), str(GROUPS))
    assert (code, out, err) == (0, f"{EXAMPLE}: ok\n{GROUPS}: ok\n", "")


def test_check_invalid_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "broken.guideline", INVALID_GUIDELINE)
    code, out, err = run(capsys, "check", path)
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    errors = [line for line in lines if line.startswith(path + ":") and ": error: " in line]
    assert errors, err
    for line in errors:
        match = ERROR_LINE.match(line)
        assert match and match["file"] == path, line
    assert f"{path}:8:8: error: 'b' is not an input or a definition [G0201]" in errors
    # Each error is followed by its source line and a caret; the last line counts them.
    assert lines[-1] == f"{path}: {len(errors)} errors"
    assert ERROR_LINE.match(lines[0]) and lines[2].strip().startswith("^")


def test_check_reports_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = write(tmp_path / "broken.guideline", INVALID_GUIDELINE)
    code, out, err = run(capsys, "check", broken, str(EXAMPLE))
    assert code == 1
    assert out == f"{EXAMPLE}: ok\n"
    assert err.startswith(f"{broken}:")


def test_check_unusable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "missing.guideline")
    code, out, err = run(capsys, "check", missing, str(EXAMPLE))
    assert (code, out, err) == (2, f"{EXAMPLE}: ok\n", f"guideline: {missing}: no such file\n")


# ---- eval ----


@pytest.mark.parametrize(
    ("guideline", "inputs", "status"),
    [
        (AZATHIOPRINE, P01, "complete"),
        (AZATHIOPRINE, {"indication": "other"}, "needs_data"),
        (AZATHIOPRINE, {}, "needs_data"),
        (EXAMPLE, EXAMPLE_INPUTS, "complete"),
        (EXAMPLE, {"count": {"value": 25000, "unit": "/uL"}}, "needs_data"),
    ],
    ids=["p01", "azathioprine_needs_data", "azathioprine_empty", "example_complete", "example_needs_data"],
)
def test_eval_prints_the_api_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], guideline: Path, inputs: dict[str, Any], status: str
) -> None:
    path = write(tmp_path / "inputs.json", json.dumps(inputs))
    code, out, err = run(capsys, "eval", str(guideline), "--input", path)
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["status"] == status
    assert result == load(str(guideline)).evaluate(inputs)


def test_eval_invalid_inputs_exit_1_and_still_print_the_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = {**P01, "platelets": {"value": 50, "unit": "%"}, "bleding": True}
    path = write(tmp_path / "inputs.json", json.dumps(inputs))
    code, out, err = run(capsys, "eval", str(AZATHIOPRINE), "--input", path)
    assert (code, err) == (1, "")
    result = json.loads(out)
    assert result == load(str(AZATHIOPRINE)).evaluate(inputs)
    assert [e["input"] for e in result["errors"]] == ["bleding", "platelets"]


def test_eval_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(P01).encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, err = run(capsys, "eval", str(AZATHIOPRINE), "--input", "-")
    assert (code, err) == (0, "")
    assert json.loads(out) == load(str(AZATHIOPRINE)).evaluate(P01)


def test_eval_reads_stdin_with_a_byte_order_mark_and_crlf(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = "\ufeff" + json.dumps(P01, indent=1).replace("\n", "\r\n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8")), encoding="utf-8"))
    code, out, _ = run(capsys, "eval", str(AZATHIOPRINE), "--input", "-")
    assert code == 0
    assert json.loads(out) == load(str(AZATHIOPRINE)).evaluate(P01)


def test_eval_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "inputs.json", json.dumps(EXAMPLE_INPUTS))
    code, out, err = run(capsys, "eval", str(EXAMPLE), "--input", path, "--summary")
    assert (code, err) == (0, "")
    summary, separator, rest = out.partition("\n\n")
    assert separator
    assert summary == "\n".join(
        [
            "Every feature of the guideline language (example-all-features 0.1.0)",
            "Status: complete",
            "Recommendations:",
            "  1. Stop the drug now: count below 30 x10^9/L or bleeding. [drug-label]",
            "  2. Check the count every week until it recovers. [lab-manual]",
            "  3. Refer to a specialist. [drug-label]",
            "Path: first -> arthritis_review -> stop_drug -> general -> specialist -> end",
            "Why:",
            "  first: condition is arthritis -> yes",
            "  arthritis_review: urgent -> yes",
            "  general: pregnant is yes -> yes",
            "  pregnancy: pregnant -> yes",
            "  baseline_missing: baseline is known and baseline < 50 -> no",
            "  baseline_missing: weeks is unknown -> no",
        ]
    )
    assert json.loads(rest) == load(str(EXAMPLE)).evaluate(EXAMPLE_INPUTS)


def test_eval_summary_of_needs_data_and_invalid_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "inputs.json", json.dumps({"condition": "arthritis", "count": 20}))
    code, out, _ = run(capsys, "eval", str(EXAMPLE), "--input", path, "--summary")
    assert code == 0
    assert "Status: needs_data\n" in out and "Needs data: pregnant\n" in out
    assert "  general: pregnant is yes -> unknown\n" in out

    path = write(tmp_path / "bad.json", json.dumps({"count": "20", "bleeding": 1}))
    code, out, _ = run(capsys, "eval", str(EXAMPLE), "--input", path, "--summary")
    assert code == 1
    summary, _, rest = out.partition("\n\n")
    assert summary == "\n".join(
        [
            "Every feature of the guideline language (example-all-features 0.1.0)",
            "Status: invalid_input",
            "Invalid inputs (nothing is recommended):",
            "  - bleeding: expected true or false, got a number",
            "  - count: expected a number, got the text '20'",
        ]
    )
    assert json.loads(rest)["status"] == "invalid_input"


GUIDELINE_FILES: list[tuple[str, str | bytes | None, str]] = [
    # name, content (None: do not create), the message after "guideline: PATH: "
    ("missing.guideline", None, "no such file"),
    ("empty.guideline", "", "is empty"),
    ("blank.guideline", "  \n\n\t\n", "is empty"),
    ("binary.guideline", b"guideline x\x00\x01\x02", "is a binary file, not a guideline"),
    ("latin1.guideline", "guideline café\n".encode("latin-1"), "is not UTF-8 text (byte 0xe9 at offset 13)"),
]


@pytest.mark.parametrize(("name", "content", "message"), GUIDELINE_FILES, ids=[g[0] for g in GUIDELINE_FILES])
def test_eval_unusable_guideline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | bytes | None, message: str
) -> None:
    inputs = write(tmp_path / "inputs.json", "{}")
    path = tmp_path / name
    if content is not None:
        write(path, content)
    code, out, err = run(capsys, "eval", str(path), "--input", inputs)
    assert (code, out, err) == (2, "", f"guideline: {path}: {message}\n")


def test_eval_directory_as_guideline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = write(tmp_path / "inputs.json", "{}")
    code, out, err = run(capsys, "eval", str(tmp_path), "--input", inputs)
    assert (code, out, err) == (2, "", f"guideline: {tmp_path}: is a directory, not a guideline\n")


def test_eval_guideline_with_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "broken.guideline", INVALID_GUIDELINE)
    inputs = write(tmp_path / "inputs.json", "{}")
    code, out, err = run(capsys, "eval", path, "--input", inputs)
    assert (code, out) == (2, "")
    errors = [line for line in err.splitlines() if ERROR_LINE.match(line)]
    assert errors and all(line.startswith(f"{path}:") for line in errors)
    assert f"{path}:8:8: error: 'b' is not an input or a definition [G0201]" in errors


INPUT_FILES: list[tuple[str, str | bytes | None, str]] = [
    ("missing.json", None, "no such file"),
    ("empty.json", "", "is empty"),
    (
        "truncated.json",
        '{"platelets": 40,\n',
        "2:1: not valid JSON: Expecting property name enclosed in double quotes",
    ),
    (
        "single_quotes.json",
        "{'platelets': 40}",
        "1:2: not valid JSON: Expecting property name enclosed in double quotes",
    ),
    ("trailing.json", '{"platelets": 40}\n{}', "2:1: not valid JSON: Extra data"),
    ("words.json", "platelets = 40", "1:1: not valid JSON: Expecting value"),
    ("list.json", "[1, 2]", "the patient's inputs must be a JSON object, got a list"),
    ("text.json", '"platelets"', "the patient's inputs must be a JSON object, got a text"),
    ("null.json", "null", "the patient's inputs must be a JSON object, got null"),
    ("number.json", "40", "the patient's inputs must be a JSON object, got a number"),
    ("true.json", "true", "the patient's inputs must be a JSON object, got true or false"),
    ("duplicate.json", '{"platelets": 40, "anc": 2, "platelets": 140}', "'platelets' is given twice"),
    ("binary.json", b'{"platelets": 40}\x00', "is a binary file, not a JSON file"),
    (
        "latin1.json",
        '{"indication": "autre é"}'.encode("latin-1"),
        "is not UTF-8 text (byte 0xe9 at offset 22)",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), INPUT_FILES, ids=[f[0] for f in INPUT_FILES])
def test_eval_unusable_inputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        write(path, content)
    code, out, err = run(capsys, "eval", str(AZATHIOPRINE), "--input", str(path))
    separator = ":" if message[0].isdigit() else ": "
    assert (code, out, err) == (2, "", f"guideline: {path}{separator}{message}\n")


def test_eval_unusable_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"anc": 1,}'), encoding="utf-8"))
    code, out, err = run(capsys, "eval", str(AZATHIOPRINE), "--input", "-")
    assert (code, out, err) == (
        2,
        "",
        "guideline: <stdin>:1:11: not valid JSON: Expecting property name enclosed in double quotes\n",
    )


@pytest.mark.parametrize(
    ("argv", "message", "command"),
    [
        (["eval", str(EXAMPLE)], "one of the arguments --input --fhir is required", "eval"),
        (["eval", "--input", "x.json"], "the following arguments are required: FILE", "eval"),
        (["compile", str(EXAMPLE)], "the following arguments are required: -o/--output", "compile"),
        (["check"], "the following arguments are required: FILE", "check"),
        (["eval", str(EXAMPLE), "--input", "x.json", "--frob"], "unrecognized arguments: --frob", ""),
        ([], "the following arguments are required: COMMAND", ""),
        (
            ["frobnicate"],
            "argument COMMAND: invalid choice: 'frobnicate' (choose from "
            + ", ".join(f"'{c.name}'" for c in sorted(commands(), key=lambda c: c.position))
            + ")",
            "",
        ),
        (["coverage", str(EXAMPLE), "--min"], "argument --min: expected one argument", "coverage"),
    ],
    ids=repr,
)
def test_usage_errors_exit_2_in_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str, command: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    see = f"guideline {command}".strip()
    assert err == f"guideline: error: {message} (see {see} --help)\n"


def test_help_documents_every_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["--help"])
    out, err = capsys.readouterr()
    assert (caught.value.code, err) == (0, "")
    assert out.endswith("\n" + cli.EXIT_CODES)
    codes = [line.split()[0] for line in cli.EXIT_CODES.splitlines()[1:] if line[2:3].isdigit()]
    assert codes == ["0", "1", "2", str(cli.INTERNAL_ERROR), "130", "141"]
    readme = (TESTS.parent / "README.md").read_text(encoding="utf-8")
    assert f"{cli.INTERNAL_ERROR} for an internal error" in " ".join(readme.split())


def test_an_internal_error_is_one_line_naming_a_bug(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(args: Any) -> int:
        raise RuntimeError("the impossible\nhappened \ud800")

    monkeypatch.delenv("GUIDELINE_DEBUG", raising=False)
    from compiler.cli import check

    commands = tuple(c._replace(run=broken) if c.name == "graph" else c for c in check.COMMANDS)
    monkeypatch.setattr(check, "COMMANDS", commands)
    code, out, err = run(capsys, "graph", str(EXAMPLE))
    assert (code, out) == (cli.INTERNAL_ERROR, "")
    assert err == (
        "guideline: internal error, a bug to report (RuntimeError: the impossible happened \\ud800);"
        " GUIDELINE_DEBUG=1 shows the traceback\n"
    )


# ---- output that the terminal's encoding cannot hold ----

# A lone surrogate (valid JSON, not encodable in UTF-8), an accent and an emoji (not in ASCII).
AWKWARD = '{"\\ud800": 1, "caf\\u00e9": 2, "\\ud83d\\ude00": 3}'


def run_with_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], encoding: str, *argv: str, stdin: str = ""
) -> tuple[int, str, str]:
    """`guideline ARGV...` writing to a strict stdout in `encoding`: (exit code, stdout, stderr)."""
    buffer = io.BytesIO()
    stdout = io.TextIOWrapper(buffer, encoding=encoding, errors="strict")
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
    code = cli.main(list(argv))
    stdout.flush()
    assert stdout.errors == "strict"  # main leaves the stream as it found it
    err = capsys.readouterr().err
    assert "Traceback" not in err and code != cli.INTERNAL_ERROR, err
    return code, buffer.getvalue().decode(encoding), err


@pytest.mark.parametrize("encoding", ["utf-8", "ascii", "latin-1", "cp1252"])
def test_eval_output_stays_valid_json_in_any_encoding(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    inputs = json.loads(AWKWARD)
    code, out, err = run_with_stdout(
        monkeypatch, capsys, encoding, "eval", str(AZATHIOPRINE), "--input", "-", stdin=AWKWARD
    )
    assert (code, err) == (1, "")
    result = json.loads(out)
    assert result == load(str(AZATHIOPRINE)).evaluate(inputs)
    assert sorted(e["input"] for e in result["errors"]) == sorted(inputs)
    # Escaped only where the encoding cannot hold a character: readable wherever it can.
    assert ("café" in out) == (encoding != "ascii")
    assert "\\ud800" in out


def test_eval_summary_escapes_what_it_cannot_print(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ("eval", str(AZATHIOPRINE), "--input", "-", "--summary")
    code, out, _ = run_with_stdout(monkeypatch, capsys, "ascii", *argv, stdin=AWKWARD)
    summary, _, rest = out.partition("\n\n")
    assert code == 1
    assert "  - caf\\xe9: unknown input\n" in summary + "\n" and "  - \\ud800: unknown input" in summary
    assert json.loads(rest)["status"] == "invalid_input"


def test_test_and_coverage_print_what_the_encoding_cannot_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A file name that is not UTF-8 (its byte arrives as a lone surrogate), and a case whose
    # description and inputs are not ASCII.
    guideline = Path(write(tmp_path / "guide é ☃.guideline", EXAMPLE.read_text(encoding="utf-8")))
    cases = write(
        tmp_path / "caf\udcff.cases",
        EXAMPLE_CASES.replace("expected wrongly.", "attendu à tort ☕").replace("baseline = 100", '"café ☃" = 1'),
    )
    for encoding in ("utf-8", "ascii"):

        def shown(text: str, encoding: str = encoding) -> str:
            return text.encode(encoding, "backslashreplace").decode(encoding)

        code, out, _ = run_with_stdout(monkeypatch, capsys, encoding, "test", str(guideline), "--cases", cases)
        assert code == 1
        lines = out.splitlines()
        assert lines[9] == shown("FAIL wrong: Arthritis, count 25000 /uL, attendu à tort ☕")
        assert lines[14] == shown("    errors  -                                                != café ☃")
        assert lines[-1] == shown(f"{cases}: 0 passed, 2 failed")

        code, out, _ = run_with_stdout(monkeypatch, capsys, encoding, "coverage", str(guideline), "--cases", cases)
        assert code == 1
        assert out.splitlines()[0] == shown(f"Coverage of {guideline} by 2 cases (0 evaluated, 2 with invalid input)")


def test_installed_command_with_an_ascii_or_c_locale() -> None:
    """The real standard output, in a process of its own: as it is, PYTHONIOENCODING=ascii, LANG=C."""
    for env in ({}, {"PYTHONIOENCODING": "ascii"}, {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": ""}):
        done = subprocess.run(
            [*guideline_command(), "eval", str(AZATHIOPRINE), "--input", "-"],
            input=AWKWARD.encode("utf-8"),
            capture_output=True,
            timeout=60,
            check=False,
            env={**os.environ, **env},
        )
        assert (done.returncode, done.stderr) == (1, b""), done.stderr
        assert json.loads(done.stdout) == load(str(AZATHIOPRINE)).evaluate(json.loads(AWKWARD))


# ---- compile ----

DRIVER = """\
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("compiled_guideline", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print(json.dumps([module.evaluate(inputs) for inputs in json.load(sys.stdin)]))
"""


def test_compiled_module_runs_alone_and_agrees_with_the_api(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_path = tmp_path / "build" / "azathioprine.py"  # the directory does not exist yet
    code, out, err = run(capsys, "compile", str(AZATHIOPRINE), "-o", str(out_path))
    source = out_path.read_text(encoding="utf-8")
    assert (code, out, err) == (0, f"{out_path}: written ({len(source.splitlines())} lines)\n", "")

    cases: list[Any] = [v["inputs"] for v in VIGNETTES]
    cases += [
        {},
        {
            "platelets": {"value": 49999, "unit": "/uL"},
            "indication": "other",
            "azathioprine_status": "taking",
        },
        {"platelets": "40", "anc": {"value": 1, "unit": "%"}, "indicaton": "other"},
        {"platelets": float("nan")},
    ]
    # -I: no environment, no user site; -S: no site-packages, so only the standard library.
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", DRIVER, str(out_path)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    evaluator = load(str(AZATHIOPRINE))
    expected = [json.loads(json.dumps(evaluator.evaluate(inputs))) for inputs in cases]
    assert json.loads(done.stdout) == expected


def test_compile_writes_the_same_bytes_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a.py", tmp_path / "b.py"
    assert run(capsys, "compile", str(EXAMPLE), "-o", str(first))[0] == 0
    assert run(capsys, "compile", str(EXAMPLE), "--output", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_text(encoding="utf-8") == load(str(EXAMPLE)).source


def test_compile_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = write(tmp_path / "broken.guideline", INVALID_GUIDELINE)
    code, out, err = run(capsys, "compile", broken, "-o", str(tmp_path / "out.py"))
    assert (code, out) == (2, "")
    assert ERROR_LINE.match(err.splitlines()[0])
    assert not (tmp_path / "out.py").exists()

    blocker = write(tmp_path / "file", "not a directory")
    target = Path(blocker) / "out.py"
    code, out, err = run(capsys, "compile", str(EXAMPLE), "-o", str(target))
    assert (code, out) == (2, "")
    assert err.startswith(f"guideline: {target}: cannot be written (") and err.endswith(")\n")


# ---- graph ----


def test_graph_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "graph", str(EXAMPLE))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "example-all-features 0.1.0: 3 decisions, 5 actions, 14 edges, 10 paths from 'first' to the end"
    assert lines[1:6] == [
        "first (decision, line 53): Which indication?",
        "    condition is arthritis -> arthritis_review",
        "    condition = colitis and weeks >= 2 'wk' -> colitis_action",
        "    condition is not other and adjusted > 4 -> end",
        "    otherwise -> general",
    ]


def test_graph_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "graph", str(EXAMPLE), "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["paths"] == 10
    assert data["directed"] is True and data["multigraph"] is False
    steps = "first arthritis_review stop_drug reduce colitis_action carry_on general specialist end"
    assert {n["id"] for n in data["nodes"]} == set(steps.split())
    assert len(data["edges"]) == 14
    assert {(e["source"], e["target"]) for e in data["edges"]} >= {
        ("first", "arthritis_review"),
        ("specialist", "end"),
    }
    assert data["graph"]["start"] == "first"


def test_graph_counts_in_the_singular(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "graph", str(GROUPS))
    assert code == 0
    assert (
        out.splitlines()[0] == "example-groups 2.1.0: 1 decision, 3 actions, 6 edges, 3 paths from 'triage' to the end"
    )
    code, out, _ = run(capsys, "graph", str(GROUPS), "--json")
    assert code == 0
    assert json.loads(out)["paths"] == 3


# ---- test ----


def test_test_passes_on_the_real_guideline(capsys: pytest.CaptureFixture[str]) -> None:
    cases = AZATHIOPRINE.with_suffix(".cases")
    count = len(tomllib.loads(cases.read_text(encoding="utf-8"))["case"])
    code, out, err = run(capsys, "test", str(AZATHIOPRINE))
    assert (code, out, err) == (0, f"{cases}: {count} passed, 0 failed\n", "")


def test_test_reports_a_wrong_expectation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = write(tmp_path / "example.cases", EXAMPLE_CASES)
    code, out, err = run(capsys, "test", str(EXAMPLE), "--cases", cases)
    assert (code, err) == (1, "")
    expected = "\n".join(
        [
            "FAIL wrong: Arthritis, count 25000 /uL, expected wrongly.",
            "            expected                                            actual",
            "    status  complete                                            complete",
            "    codes   reduce_dose                                      != stop, weekly_count",
            "    needs   -                                                   -",
            "    errors  -                                                   -",
            "    missing reduce_dose",
            "    extra   stop, weekly_count",
            "    path    first -> arthritis_review -> stop_drug -> general -> end",
            f"{cases}: 1 passed, 1 failed",
        ]
    )
    assert out == expected + "\n"


def test_test_without_a_cases_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    guideline = write(tmp_path / "example.guideline", EXAMPLE.read_text(encoding="utf-8"))
    code, out, err = run(capsys, "test", guideline)
    assert (code, out, err) == (2, "", f"guideline: {tmp_path / 'example.cases'}: no such file\n")


# ---- the installed command, in a process of its own ----


def test_installed_command_eval_from_stdin() -> None:
    done = subprocess.run(
        [*guideline_command(), "eval", str(EXAMPLE), "--input", "-"],
        input=json.dumps(EXAMPLE_INPUTS),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stderr == ""
    assert done.returncode == 0
    assert json.loads(done.stdout) == load(str(EXAMPLE)).evaluate(EXAMPLE_INPUTS)


def test_installed_command_fails_without_a_traceback(tmp_path: Path) -> None:
    broken = write(tmp_path / "broken.guideline", INVALID_GUIDELINE)
    binary = write(tmp_path / "binary.guideline", b"\x00\xff")
    done = subprocess.run(
        [*guideline_command(), "check", broken, binary, str(EXAMPLE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == 2  # an unusable file outranks a guideline with errors
    assert done.stdout == f"{EXAMPLE}: ok\n"
    assert f"{broken}:8:8: error: 'b' is not an input or a definition [G0201]\n" in done.stderr
    assert done.stderr.endswith(f"guideline: {binary}: is a binary file, not a guideline\n")


def test_check_takes_a_directory_of_guidelines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`guideline check DIR` checks every `.guideline` in it, in name order; a directory without
    one is unusable (exit 2)."""
    (tmp_path / "b_bad.guideline").write_text(
        (TESTS / "errors" / "misspelled_input.guideline").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "a_good.guideline").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a guideline", encoding="utf-8")
    code, out, err = run(capsys, "check", str(tmp_path))
    assert code == 1
    assert out == f"{tmp_path / 'a_good.guideline'}: ok\n"
    assert err.splitlines()[-1] == f"{tmp_path / 'b_bad.guideline'}: 1 error"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(capsys, "check", str(empty)) == (2, "", f"guideline: {empty}: has no .guideline files\n")
