"""The user's environment is not the toolchain's bug (issue 19, items 3 and 4).

Streams: stdin closed, stdout unwritable (a full disk, a closed descriptor) exit 2 with one line
naming the problem; a reader that goes away (a broken pipe) ends the command quietly with 141;
stderr unwritable loses the messages, not the exit code. Real processes for the real
descriptors, in this process for the stream objects Python may hand over (None, closed, raising).

JSON numbers of any size are input values for the evaluator to judge, never an unusable file.

`make` installs system packages waiting for another package install's locks (item 7): run on a
fake apt-get, the only programs on PATH being a few the recipes need.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from compiler import cli
from compiler.files import EXACT_DIGITS, LargeNumber, read_json_object

ROOT = Path(__file__).resolve().parent.parent
GUIDELINE = ROOT / "guideline" / "azathioprine_thrombocytopenia.guideline"
PATIENT = ROOT / "guideline" / "azathioprine_thrombocytopenia.example.json"
SMALL = ROOT / "tests" / "examples" / "groups.guideline"
# `guideline` from this tree (not an installed copy), in a shell that can close descriptors first.
GUIDELINE_CMD = [sys.executable, "-c", "import sys; from compiler.cli.main import main; sys.exit(main())"]
FULL_DISK = "guideline: cannot write the output: No space left on device\n"
STDIN_CLOSED = "guideline: <stdin>: cannot be read (standard input is closed)\n"
STDOUT_CLOSED = "guideline: cannot write the output: standard output is closed\n"
TOO_LARGE = [{"input": "platelets", "problem": "the number is too large"}]


def shell(redirections: str, *argv: str, **options: Any) -> subprocess.CompletedProcess[str]:
    """`guideline ARGV...` with the shell's `redirections` (`<&-`, `>/dev/full`) applied first."""
    command = ["sh", "-c", f'exec "$@" {redirections}', "sh", *GUIDELINE_CMD, *argv]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=120, **options)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")


# ---- stdin ----


@pytest.mark.parametrize(
    "argv",
    [
        ("eval", str(GUIDELINE), "--input", "-"),
        ("check", "-"),
        ("render", str(SMALL), "-o", "x.svg", "--highlight", "-"),
    ],
    ids=lambda argv: argv[0],
)
def test_closed_stdin_is_unusable(argv: tuple[str, ...]) -> None:
    done = shell("<&-", *argv)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", STDIN_CLOSED)


def test_stdin_none_closed_or_unreadable_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert run(capsys, "check", "-") == (2, "", STDIN_CLOSED)
    closed = open(os.devnull, encoding="utf-8")  # noqa: SIM115 (closed on purpose)
    closed.close()
    monkeypatch.setattr(sys, "stdin", closed)
    assert run(capsys, "check", "-") == (2, "", STDIN_CLOSED)

    class Failing:
        class buffer:  # noqa: N801 (the attribute of a text stream)
            @staticmethod
            def read(size: int) -> bytes:
                raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(sys, "stdin", Failing())
    assert run(capsys, "check", "-") == (2, "", f"guideline: <stdin>: cannot be read ({os.strerror(errno.EIO)})\n")


# ---- stdout ----


@needs_dev_full
@pytest.mark.parametrize(
    "argv",
    [("eval", str(GUIDELINE), "--input", str(PATIENT)), ("check", str(SMALL)), ("--help",)],
    ids=lambda argv: argv[0],
)
def test_stdout_on_a_full_disk_is_unusable(argv: tuple[str, ...]) -> None:
    done = shell(">/dev/full", *argv)
    assert (done.returncode, done.stderr) == (2, FULL_DISK)


def test_closed_stdout_is_unusable() -> None:
    done = shell(">&-", "eval", str(GUIDELINE), "--input", str(PATIENT))
    assert (done.returncode, done.stderr) == (2, STDOUT_CLOSED)


def test_a_reader_that_reads_nothing_ends_the_command_quietly() -> None:
    """`guideline eval ... | true`: the pipe is closed before anything is written."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [*GUIDELINE_CMD, "eval", str(GUIDELINE), "--input", str(PATIENT)],
            cwd=ROOT,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=120,
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (141, "")


def test_a_reader_that_stops_after_one_line_ends_the_command_quietly(tmp_path: Path) -> None:
    """`guideline eval ... | head -1` on a long output (an error for each of 4,000 unknown inputs,
    far more than a pipe holds): the command is stopped while it writes."""
    patient = tmp_path / "patient.json"
    patient.write_text(json.dumps({f"unknown_{n}": 0 for n in range(4000)}), encoding="utf-8")
    process = subprocess.Popen(
        [*GUIDELINE_CMD, "eval", str(GUIDELINE), "--input", str(patient)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read()
    process.stderr.close()
    assert (process.wait(timeout=120), first, err) == (141, b"{\n", b"")


def test_unwritable_stderr_loses_the_message_not_the_exit_code() -> None:
    missing = str(ROOT / "no-such-patient.json")
    if os.path.exists("/dev/full"):
        done = shell("2>/dev/full", "eval", str(GUIDELINE), "--input", missing)
        assert (done.returncode, done.stdout) == (2, "")  # not 120: Python's exit flush did not fail
    done = shell("2>&-", "eval", str(GUIDELINE), "--input", missing)
    assert (done.returncode, done.stdout) == (2, "")  # the message did not go to stdout instead


class Unwritable:
    """A stdout whose every write fails with `error`."""

    def __init__(self, error: OSError) -> None:
        self.error, self.flushed = error, 0

    def write(self, text: str) -> int:
        raise self.error

    def flush(self) -> None:
        self.flushed += 1


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), 2, FULL_DISK),
        (
            OSError(errno.EIO, os.strerror(errno.EIO)),
            2,
            f"guideline: cannot write the output: {os.strerror(errno.EIO)}\n",
        ),
        (BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE)), 141, ""),
    ],
    ids=["full disk", "input/output error", "broken pipe"],
)
def test_unwritable_stdout_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], error: OSError, code: int, message: str
) -> None:
    stdout = Unwritable(error)
    monkeypatch.setattr(sys, "stdout", stdout)
    assert cli.main(["eval", str(GUIDELINE), "--input", str(PATIENT)]) == code
    assert sys.stdout is stdout  # restored
    assert capsys.readouterr().err == message


def test_stdout_none_or_closed_in_process(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    assert cli.main(["check", str(SMALL)]) == 2
    assert sys.stdout is None
    assert capsys.readouterr().err == STDOUT_CLOSED
    closed = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (closed on purpose)
    closed.close()
    monkeypatch.setattr(sys, "stdout", closed)
    assert cli.main(["check", str(SMALL)]) == 2
    assert capsys.readouterr().err == STDOUT_CLOSED


def test_an_oserror_that_is_not_the_output_is_still_a_bug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only a failure to write stdout is the stream's: an OSError elsewhere stays an internal error."""

    def broken(args: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.delenv("GUIDELINE_DEBUG", raising=False)
    from compiler.cli import check

    commands = tuple(c._replace(run=broken) if c.name == "graph" else c for c in check.COMMANDS)
    monkeypatch.setattr(check, "COMMANDS", commands)
    code, out, err = run(capsys, "graph", str(SMALL))
    assert (code, out) == (cli.INTERNAL_ERROR, "")
    assert err.startswith("guideline: internal error, a bug to report (OSError: ")


def test_every_exit_code_is_documented() -> None:
    codes = [line.split()[0] for line in cli.EXIT_CODES.splitlines()[1:] if line[2:3].isdigit()]
    assert codes == ["0", "1", "2", str(cli.INTERNAL_ERROR), "130", "141"]
    table = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert [f"| {code} |" in table for code in codes] == [True] * len(codes)
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "130 when interrupted; 141 (128 + SIGPIPE" in readme


# ---- numbers of any size ----


def write_patient(tmp_path: Path, text: str) -> str:
    path = tmp_path / "patient.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "platelets",
    [
        "1" + "0" * 5000,  # 5,001 digits: over Python's limit of 4,300 for int()
        "1" + "0" * 999_999,  # 1,000,000 digits: int() without the limit would take seconds
        "-" + "9" * 5000,
        "1" + "0" * 400,
        "1e999",
        "-1.5e999",
        '{"value": 1' + "0" * 5000 + ', "unit": "/uL"}',
    ],
    ids=["5001 digits", "1000000 digits", "negative", "401 digits", "1e999", "-1.5e999", "with a unit"],
)
def test_a_number_too_large_for_a_float_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], platelets: str
) -> None:
    path = write_patient(tmp_path, '{"platelets": ' + platelets + "}")
    code, out, err = run(capsys, "eval", str(GUIDELINE), "--input", path)
    assert (code, err) == (1, "")
    result = json.loads(out)
    assert (result["status"], result["errors"]) == ("invalid_input", TOO_LARGE)


@pytest.mark.parametrize(
    ("literal", "problem"),
    [
        ("NaN", "expected a number, got NaN"),
        ("Infinity", "expected a finite number, got infinity"),
        ("-Infinity", "expected a finite number, got -infinity"),
    ],
)
def test_nan_and_infinity_are_input_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], literal: str, problem: str
) -> None:
    code, out, err = run(
        capsys, "eval", str(GUIDELINE), "--input", write_patient(tmp_path, f'{{"platelets": {literal}}}')
    )
    assert (code, err) == (1, "")
    assert json.loads(out)["errors"] == [{"input": "platelets", "problem": problem}]


def test_large_numbers_as_read(tmp_path: Path) -> None:
    exact = "9" * EXACT_DIGITS
    large = "-1" + "2" * EXACT_DIGITS
    values = read_json_object(
        write_patient(tmp_path, f'{{"exact": {exact}, "large": {large}, "e": 1e999, "tiny": 1e-999}}')
    )
    assert type(values["exact"]) is int and values["exact"] == int(exact)
    assert isinstance(values["large"], LargeNumber) and str(values["large"]) == repr(values["large"]) == large
    assert values["large"] < -sys.float_info.max and values["e"] > sys.float_info.max
    with pytest.raises(OverflowError):
        float(values["large"])
    assert values["tiny"] == 0.0


def test_a_huge_top_level_number_is_not_an_object(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_patient(tmp_path, "1" * 5001)
    assert run(capsys, "eval", str(GUIDELINE), "--input", path) == (
        2,
        "",
        f"guideline: {path}: the patient's inputs must be a JSON object, got a number\n",
    )


# ---- make: system packages wait for apt's locks ----

FAKE_APT = """#!/bin/sh
# update: fails on the package lists' lock while $LOCKED_UPDATES > 0 tries are left; logs every call
echo "$*" >> "$APT_LOG"
case " $* " in
  *" update "*)
    left=0; [ -f "$APT_STATE" ] && read -r left < "$APT_STATE"
    if [ "$left" = network ]; then echo "E: Failed to fetch http://deb.example/ Temporary failure" >&2; exit 100; fi
    if [ "$left" -gt 0 ]; then
      echo $((left - 1)) > "$APT_STATE"
      echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)" >&2
      echo "E: Unable to lock directory /var/lib/apt/lists/" >&2
      exit 100
    fi;;
esac
exit 0
"""
FAKE_PYTHON = """#!/bin/sh
# no ensurepip (-c fails); -m venv DIR makes DIR/bin/python, which does nothing
case "$1" in
  -c) exit 1;;
  -m) [ "$2" = venv ] || exit 0
      mkdir -p "$3/bin" && printf '#!/bin/sh\\n' > "$3/bin/python" && chmod +x "$3/bin/python";;
esac
"""
TOOLS = ("id", "env", "sed", "head", "sleep", "mkdir", "chmod", "touch")
needs_make = pytest.mark.skipif(
    shutil.which("make") is None or any(shutil.which(tool) is None for tool in TOOLS), reason="no make"
)


def make(tmp_path: Path, *targets: str, state: str = "0", **variables: str) -> tuple[int, str, str, list[str]]:
    """`make TARGETS` with PATH holding only a fake apt-get (and sudo), a fake python3 and `TOOLS`:
    no `dot`, no ensurepip. (exit code, stdout, stderr, apt-get's argument lines)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name, text in (("apt-get", FAKE_APT), ("sudo", '#!/bin/sh\nexec "$@"\n'), ("python3", FAKE_PYTHON)):
        (bin_dir / name).write_text(text, encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    for tool in TOOLS:
        if not (bin_dir / tool).exists():
            (bin_dir / tool).symlink_to(shutil.which(tool) or tool)
    log, apt_state = tmp_path / "apt.log", tmp_path / "apt.state"
    log.write_text("", encoding="utf-8")
    apt_state.write_text(state + "\n", encoding="utf-8")
    env = {"PATH": str(bin_dir), "APT_LOG": str(log), "APT_STATE": str(apt_state), "HOME": str(tmp_path)}
    settings = [f"{name}={value}" for name, value in {"APT_LOCK_POLL": "0", **variables}.items()]
    done = subprocess.run(
        [shutil.which("make") or "make", "-s", "--no-print-directory", "-C", str(ROOT), *settings, *targets],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return done.returncode, done.stdout, done.stderr, log.read_text(encoding="utf-8").splitlines()


UPDATE = "-o DPkg::Lock::Timeout=600 update -qq"
WAITING = "waiting for the package lists, locked by another package manager (process 4242 (apt-get)) ...\n"


def updating(wait: int = 600) -> str:
    return f"updating the package lists (apt-get update; waits up to {wait} s for another package install) ...\n"


@needs_make
def test_make_graphviz_waits_for_the_package_lists_lock(tmp_path: Path) -> None:
    code, out, err, calls = make(tmp_path, "graphviz", state="2")
    installing = (
        "installing graphviz fonts-dejavu-core (system packages; waits up to 600 s for another package install) ...\n"
    )
    assert (code, out, err) == (0, updating() + WAITING + installing, "")
    install = "-o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends graphviz fonts-dejavu-core"
    assert calls == [UPDATE, UPDATE, UPDATE, install]


@needs_make
def test_make_setup_installs_python3_venv_waiting_for_the_lock(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    code, out, err, calls = make(tmp_path, f"{venv}/.installed", VENV=str(venv))
    installing = "installing python3-venv (system package; waits up to 600 s for another package install) ...\n"
    assert (code, err) == (0, "")
    assert out.startswith(updating() + installing)
    assert calls == [UPDATE, "-o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends python3-venv"]
    assert (venv / ".installed").exists()


@needs_make
@pytest.mark.parametrize(
    ("state", "message"),
    [("network", "E: Failed to fetch"), ("99", "E: Could not get lock /var/lib/apt/lists/lock")],
    ids=["not the lock", "the lock, too long"],
)
def test_make_graphviz_gives_up_on_other_failures_and_after_the_wait(tmp_path: Path, state: str, message: str) -> None:
    code, out, err, calls = make(tmp_path, "graphviz", state=state, APT_LOCK_WAIT="1", APT_LOCK_POLL="1")
    assert code != 0 and message in err
    assert "installing" not in out and not any(" install " in f" {call} " for call in calls)
    assert len(calls) == (1 if state == "network" else 2)  # the lock: tried at 0 s and at 1 s, the limit
