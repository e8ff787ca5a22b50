"""`guideline diff`: the real command on the corpus base (tests/diff/base.guideline) and edits of it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from compiler.cli import main

BASE = Path(__file__).resolve().parent / "diff" / "base.guideline"
TEXT = BASE.read_text(encoding="utf-8")


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["diff", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_moved_threshold_is_a_confirmed_region(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = TEXT.replace("count < 50", "count < 30").replace("version 1.0.0", "version 1.1.0")
    code, out, _ = run(capsys, str(BASE), write(tmp_path, "new.guideline", new), "--json")
    assert code == 0
    found = json.loads(out)
    assert set(found) >= {"contract", "regions", "version"}
    assert found["version"] == {"old": "1.0.0", "new": "1.1.0", "ok": True, "problem": None}
    confirmed = [r for r in found["regions"] if r["confirmed"]]
    assert confirmed and confirmed[0]["description"].startswith("30 <= count < 50")
    assert confirmed[0]["old"]["recommendations"] == ["stop_drug"]
    assert confirmed[0]["new"]["recommendations"] == ["reduce_dose"]


def test_a_removed_code_without_a_major_version_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = (
        TEXT.replace("recommend urgent_review\n", "")
        .replace('recommendation urgent_review\n  text "Urgent review."\n  cites manual\n  urgency critical\n', "")
        .replace("version 1.0.0", "version 1.1.0")
    )
    code, out, _ = run(capsys, str(BASE), write(tmp_path, "new.guideline", new), "--json")
    found = json.loads(out)
    assert code == 1
    assert {"kind": "recommendation removed", "name": "urgent_review", "breaking": True, "old": "urgent_review",
            "new": None} in found["contract"]  # fmt: skip
    assert not found["version"]["ok"]


def test_a_pure_refactor_reports_no_behaviour_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = TEXT.replace("# The base", "# A comment only.\n# The base")
    code, out, _ = run(capsys, str(BASE), write(tmp_path, "new.guideline", new))
    assert code == 0
    assert "no behaviour change" in out


def test_a_change_without_a_bump_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = TEXT.replace("count < 50", "count < 30")
    code, out, _ = run(capsys, str(BASE), write(tmp_path, "new.guideline", new))
    assert code == 1
    assert "version is still 1.0.0" in out


def test_a_missing_file_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(BASE), str(tmp_path / "absent.guideline"))
    assert code == 2
    assert len(err.strip().splitlines()) == 1


def test_a_name_error_is_exit_2_and_a_verifier_error_is_compared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    misspelt = TEXT.replace("when severe go to stop", "when sever go to stop")
    code, out, err = run(capsys, str(BASE), write(tmp_path, "misspelt.guideline", misspelt))
    assert (code, out) == (2, "") and "cannot be compared" in err and "sever" in err
    assert len(err.strip().splitlines()) == 1
    # `count < 30` after `severe` (`count < 50`) can never be taken: the verifier's error, which
    # `guideline check` reports; the diff compares the program as it is.
    dead = (
        TEXT.replace("  when count < 30 go to reduce\n", "")
        .replace("  when severe go to stop\n", "  when severe go to stop\n  when count < 30 go to reduce\n")
        .replace("version 1.0.0", "version 1.1.0")
    )
    path = write(tmp_path, "dead.guideline", dead)
    assert main(["check", path]) == 1 and "can never be taken" in capsys.readouterr().err
    code, out, _ = run(capsys, str(BASE), path, "--json")
    found = json.loads(out)
    assert code == 0 and found["version"]["ok"]
    assert any(r["confirmed"] and r["old"]["recommendations"] != r["new"]["recommendations"] for r in found["regions"])


@pytest.mark.parametrize("name", ["group_violated_on_a_path", "group_empty_on_a_path"])
def test_a_group_broken_on_a_route_is_refused(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A group's cardinality is proved on the verifier's routes: a text that declares groups is
    verified for the diff too, and a broken group refused as `check` refuses it."""
    path = str(Path(__file__).resolve().parent / "errors" / f"{name}.guideline")
    assert main(["check", path]) == 1
    capsys.readouterr()
    code, out, err = run(capsys, path, path)
    assert (code, out) == (2, "") and "cannot be compared" in err and "group" in err
    assert len(err.strip().splitlines()) == 1


def test_git_revisions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q")
    path = write(tmp_path, "g.guideline", TEXT)
    git("add", "g.guideline")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "base")
    write(tmp_path, "g.guideline", TEXT.replace("count < 50", "count < 30").replace("version 1.0.0", "version 2.0.0"))
    code, out, _ = run(capsys, "--git", "HEAD", path, "--json")
    assert code == 0 and json.loads(out)["version"]["old"] == "1.0.0"
    code, out, _ = run(capsys, f"HEAD:{path}", path, "--json")
    assert code == 0
    assert any(r["description"].startswith("30 <= count < 50") for r in json.loads(out)["regions"])
    code, _, err = run(capsys, "--git", "nosuchrev", path)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "cannot be read from git" in err


def test_a_library_cannot_be_compared(capsys: pytest.CaptureFixture[str]) -> None:
    library = str(Path(__file__).parent.parent / "guideline" / "common" / "blood_counts.guideline")
    code, out, err = run(capsys, library, str(BASE))
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1 and "library of inputs" in err
