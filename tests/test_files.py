"""Files that are not guidelines, through every command: one line on stderr, exit 2, no traceback.

In-process through `compiler.cli.main`. A guideline with a UTF-8 byte order mark or with CRLF line
endings is a guideline: it gives exactly the output of the plain file. A patient's inputs that
are not JSON, or not a JSON object, are refused the same way, with the JSON error's line:column.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from compiler import cli
from compiler.files import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
GUIDELINE = ROOT / "guideline" / "azathioprine_thrombocytopenia.guideline"
PATIENT = ROOT / "guideline" / "azathioprine_thrombocytopenia.example.json"
# The commands run on a small guideline: each run checks it afresh, and the verification of the
# large one would make this file slow. Its cases and patient are written beside it.
SMALL = ROOT / "tests" / "examples" / "groups.guideline"
TEXT = SMALL.read_text(encoding="utf-8")
SMALL_CASES = """\
[[case]]
id = "mild"
description = "Score 2: watch."
status = "complete"
codes = ["watch"]
[case.inputs]
score = 2
"""
SMALL_PATIENT = '{"score": 9, "treated": false}'
LIMIT = f"over {MAX_BYTES // (1024 * 1024)} MiB"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def commands(path: str, tmp: Path) -> dict[str, list[str]]:
    """Each command with the guideline at `path`, everything else usable (written into `tmp`)."""
    if tmp.is_dir():
        (tmp / "small.cases").write_text(SMALL_CASES, encoding="utf-8")
        (tmp / "patient.json").write_text(SMALL_PATIENT, encoding="utf-8")
    return {
        "check": ["check", path],
        "compile": ["compile", path, "-o", str(tmp / "out.py")],
        "eval": ["eval", path, "--input", str(tmp / "patient.json")],
        "graph": ["graph", path],
        "graph --json": ["graph", path, "--json"],
        "test": ["test", path, "--cases", str(tmp / "small.cases")],
        # --min 0: the one case leaves gaps, and the command's output is what is compared.
        "coverage": ["coverage", path, "--cases", str(tmp / "small.cases"), "--min", "0"],
    }


COMMANDS = list(commands("FILE", Path("/nowhere")))


# ---- files that are not guidelines ----

# name: (how to make it at a path, the message after "guideline: PATH: ")
Maker = Callable[[Path], None]


def _bytes(data: bytes) -> Maker:
    def make(path: Path) -> None:
        path.write_bytes(data)

    return make


def _large(path: Path) -> None:
    """A real guideline padded with comments to 10 MB: refused for its size, not parsed."""
    padding = ("# " + "x" * 98 + "\n") * (10 * 1024 * 1024 // 100)
    path.write_text(TEXT + padding, encoding="utf-8")


NOT_GUIDELINES: dict[str, tuple[Maker, str]] = {
    "empty": (_bytes(b""), "is empty"),
    "whitespace only": (_bytes(b" \n\t\n\r\n  \f\n"), "is empty"),
    "BOM only": (_bytes(b"\xef\xbb\xbf\n"), "is empty"),
    "binary": (_bytes(bytes(range(256)) * 4), "is a binary file, not a guideline"),
    "png": (_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "is a binary file, not a guideline"),
    "latin-1": (_bytes("guideline café\n".encode("latin-1")), "is not UTF-8 text (byte 0xe9 at offset 13)"),
    "UTF-16": (_bytes(TEXT[:40].encode("utf-16")), "is a binary file, not a guideline"),
    "truncated UTF-8": (_bytes(TEXT[:20].encode() + "é".encode()[:1]), "is not UTF-8 text (byte 0xc3 at offset 20)"),
    "10 MB": (_large, f"too large for a guideline ({LIMIT})"),
    "directory": (lambda path: path.mkdir(), "is a directory, not a guideline"),
    "missing": (lambda path: None, "no such file"),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", sorted(NOT_GUIDELINES))
def test_not_a_guideline(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, command: str) -> None:
    make, message = NOT_GUIDELINES[kind]
    path = tmp_path / "input.guideline"
    make(path)
    if kind == "directory" and command == "check":  # `check DIR` checks the guidelines in it
        message = "has no .guideline files"
    code, out, err = run(capsys, *commands(str(path), tmp_path)[command])
    assert (code, out, err) == (2, "", f"guideline: {path}: {message}\n")
    assert not (tmp_path / "out.py").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_path_through_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    path = tmp_path / "file" / "input.guideline"
    (tmp_path / "file").write_text("not a directory", encoding="utf-8")
    code, out, err = run(capsys, *commands(str(path), tmp_path)[command])
    assert (code, out, err) == (2, "", f"guideline: {path}: cannot be read (Not a directory)\n")


# ---- a byte order mark and CRLF line endings are a guideline like any other ----

VARIANTS: dict[str, Callable[[str], bytes]] = {
    "BOM": lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    "CRLF": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "BOM and CRLF": lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    "CR": lambda text: text.replace("\n", "\r").encode("utf-8"),
    "no final line break": lambda text: text.rstrip("\n").encode("utf-8"),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_bom_and_line_endings_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], variant: str, command: str
) -> None:
    """Same output as the plain file of the same name (in another directory), and exit 0."""
    plain, odd = tmp_path / "plain", tmp_path / "odd"
    plain.mkdir()
    odd.mkdir()
    (plain / "g.guideline").write_text(TEXT, encoding="utf-8")
    (odd / "g.guideline").write_bytes(VARIANTS[variant](TEXT))
    expected = run(capsys, *commands(str(plain / "g.guideline"), plain)[command])
    actual = run(capsys, *commands(str(odd / "g.guideline"), odd)[command])
    assert expected[0] == 0 and expected[2] == ""
    assert actual == (0, expected[1].replace(str(plain), str(odd)), "")
    if command == "compile":
        assert (odd / "out.py").read_bytes() == (plain / "out.py").read_bytes()


def test_errors_in_a_crlf_guideline_point_at_the_same_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = TEXT.replace("when score <= 3 go to mild", "when scor <= 3 go to mild")
    plain, odd = tmp_path / "plain.guideline", tmp_path / "odd.guideline"
    plain.write_text(broken, encoding="utf-8")
    odd.write_bytes(b"\xef\xbb\xbf" + broken.replace("\n", "\r\n").encode("utf-8"))
    code, out, err = run(capsys, "check", str(plain))
    assert code == 1 and "'scor' is not an input or a definition (did you mean 'score'?)" in err
    assert run(capsys, "check", str(odd)) == (1, out, err.replace(str(plain), str(odd)))


# ---- patient inputs that are not a JSON object ----

NOT_JSON: dict[str, tuple[bytes, str]] = {
    "words": (b"platelets: 40\n", "1:1: not valid JSON: Expecting value"),
    "unclosed": (b'{\n  "platelets": 40,\n  "anc": 2\n', "4:1: not valid JSON: Expecting ',' delimiter"),
    "trailing comma": (
        b'{"platelets": 40,}',
        "1:18: not valid JSON: Expecting property name enclosed in double quotes",
    ),
    "bad string": (b'{"indication": "other\n"}', "1:22: not valid JSON: Invalid control character at"),
    "two objects": (b"{}\n{}\n", "2:1: not valid JSON: Extra data"),
    "comment": (b'// patient\n{"platelets": 40}', "1:1: not valid JSON: Expecting value"),
    "python": (
        b"{'platelets': 40, 'bleeding': True}",
        "1:2: not valid JSON: Expecting property name enclosed in double quotes",
    ),
}
NOT_OBJECT: dict[str, tuple[bytes, str]] = {
    "list": (b'[{"platelets": 40}]', "a list"),
    "text": (b'"platelets"', "a text"),
    "number": (b"40", "a number"),
    "float": (b"-4.5e3", "a number"),
    "null": (b"null", "null"),
    "true": (b"true", "true or false"),
}


@pytest.mark.parametrize("kind", sorted(NOT_JSON))
def test_patient_not_json(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    content, message = NOT_JSON[kind]
    path = tmp_path / "patient.json"
    path.write_bytes(content)
    code, out, err = run(capsys, "eval", str(GUIDELINE), "--input", str(path))
    assert (code, out, err) == (2, "", f"guideline: {path}:{message}\n")


@pytest.mark.parametrize("kind", sorted(NOT_OBJECT))
def test_patient_not_an_object(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    content, what = NOT_OBJECT[kind]
    path = tmp_path / "patient.json"
    path.write_bytes(content)
    code, out, err = run(capsys, "eval", str(GUIDELINE), "--input", str(path))
    assert (code, out, err) == (2, "", f"guideline: {path}: the patient's inputs must be a JSON object, got {what}\n")


def test_patient_not_json_on_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"platelets": 40\n  "anc": 2}')))
    code, out, err = run(capsys, "eval", str(GUIDELINE), "--input", "-")
    assert (code, out, err) == (2, "", "guideline: <stdin>:2:3: not valid JSON: Expecting ',' delimiter\n")


@pytest.mark.parametrize("kind", ["deeply nested"])
def test_patient_json_python_cannot_hold(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    """JSON that is well formed but beyond what Python's reader takes: still one line, exit 2.
    (A huge integer is read and judged as an input value: tests/test_streams.py.)"""
    content = "[" * 200_000 + "]" * 200_000 if kind == "deeply nested" else '{"platelets": ' + "9" * 5000 + "}"
    path = tmp_path / "patient.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "eval", str(GUIDELINE), "--input", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"guideline: {path}: not usable JSON: ") and err.count("\n") == 1


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_patient_json_with_bom_or_crlf(tmp_path: Path, capsys: pytest.CaptureFixture[str], variant: str) -> None:
    text = json.dumps(json.loads(PATIENT.read_text(encoding="utf-8")), indent=2)
    path = tmp_path / "patient.json"
    path.write_bytes(VARIANTS[variant](text))
    expected = run(capsys, "eval", str(GUIDELINE), "--input", str(PATIENT))
    assert run(capsys, "eval", str(GUIDELINE), "--input", str(path)) == expected
    assert expected[0] == 0


def test_patient_with_values_json_cannot_represent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """NaN, Infinity and 1e999 are read by Python's JSON: input errors (exit 1), and the output stays JSON."""
    path = tmp_path / "patient.json"
    path.write_text('{"platelets": NaN, "anc": Infinity, "platelets_before_azathioprine": 1e999}', encoding="utf-8")
    code, out, err = run(capsys, "eval", str(GUIDELINE), "--input", str(path))
    assert (code, err) == (1, "")
    result = json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} in the output"))
    assert result["status"] == "invalid_input"
    assert [e["input"] for e in result["errors"]] == ["anc", "platelets", "platelets_before_azathioprine"]


# ---- cases files that are not cases ----

NOT_CASES: dict[str, tuple[bytes | None, str]] = {
    "missing": (None, "no such file"),
    "empty": (b"", "is empty"),
    "binary": (b"\x00\x01", "is a binary file, not a cases file"),
    "not TOML": (b"[[case]\nid = 1", "not valid TOML: "),
}


@pytest.mark.parametrize("command", ["test", "coverage"])
@pytest.mark.parametrize("kind", sorted(NOT_CASES))
def test_not_a_cases_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, command: str) -> None:
    content, message = NOT_CASES[kind]
    path = tmp_path / "g.cases"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, command, str(SMALL), "--cases", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"guideline: {path}: {message}") and err.count("\n") == 1
