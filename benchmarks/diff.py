"""`guideline diff`: its time next to `guideline coverage`'s, each a command in a fresh process.

The changes: the shipped azathioprine guideline against each of its mutants (each number of a
`define` line moved down by two fifths, one at a time: the severe threshold 50 -> 30 and the
`recovered` threshold 50 -> 30 among them) and five further meaningful edits; the 1,000-step
ladder and chain of `benchmarks.shapes`, one threshold moved; `benchmarks.synthetic` at 1,000
steps with 1, 4, 16 and 64 thresholds moved (the growth with the number of steps changed).

Each command runs as an author runs it, `guideline diff OLD NEW` and
`guideline coverage FILE` (coverage of the larger version with its clinical cases:
the old one, whose cases exist), in a fresh process, wall seconds:
- cold: the toolchain's cache (`GUIDELINE_CACHE_DIR`) empty, as on a fresh installation: the
  parser's tables and the UCUM facts are built too, then both versions are parsed, checked and
  compiled; coverage parses, checks, verifies and compiles its one;
- new: the toolchain has run before (the same command on copies of the files with a comment line
  added, so that no entry kept for a text is found), and the texts are new to it: a reviewer
  running the diff on a new pull request (the best of `--repeat`);
- warm: the same command run once before into the same cache, then timed (the best of
  `--repeat`): what a reviewer sees the second time, or in CI after `guideline check`.
The diff stops at its default budget (`compiler.diff.compare.BUDGET`); the regions it reports
come from an in-process run of `compiler.diff.compare`.

`python -m benchmarks.diff [--repeat N] [--quick]` prints the tables;
`python -m benchmarks.run --only diff` writes `benchmarks/results/diff.md`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from benchmarks.shapes import write as write_shape
from benchmarks.synthetic import synthetic
from compiler.diff import Diff, compare

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "guideline" / "azathioprine_thrombocytopenia.guideline"
DEFINE_NUMBER = re.compile(r"^(define .*?\b)(\d+(?:\.\d+)?)\b", re.MULTILINE)
SYNTHETIC_THRESHOLD = re.compile(r"when (x\d+) > (\d+) go")
CLI = [sys.executable, "-c", "import sys; from compiler.cli import main; sys.exit(main(sys.argv[1:]))"]
MOVED = (1, 4, 16, 64)  # thresholds moved at once in the 1,000-step synthetic guideline


def mutants(text: str) -> Iterator[tuple[str, str]]:
    """Each number of a `define` line moved down by two fifths, one at a time."""
    for match in DEFINE_NUMBER.finditer(text):
        old = float(match.group(2))
        new = f"{old * 0.6:g}"
        line = text[match.start() : text.index("\n", match.start())]
        changed = text[: match.start(2)] + new + text[match.end(2) :]
        yield f"`{line.strip()[:48]}`: {match.group(2)} -> {new}", bumped(changed)


# Further meaningful changes of the shipped guideline: (name, text replaced, replacement).
CHANGES = (
    ("severe: `anc < 1.0` -> `anc < 0.5`", "define severe as platelets < 50 or anc < 1.0",
     "define severe as platelets < 50 or anc < 0.5"),
    ("drug_toxicity: `severe` and `poor_metabolizer` branches swapped",
     "  when severe go to withdraw_now\n  when poor_metabolizer go to poor_metabolizer_switch\n",
     "  when poor_metabolizer go to poor_metabolizer_switch\n  when severe go to withdraw_now\n"),
    ("withdrawn_review: `weeks_since_change >= 2` -> `>= 3`",
     "  when weeks_since_change >= 2 go to withdrawn_not_recovered",
     "  when weeks_since_change >= 3 go to withdrawn_not_recovered"),
    ("dose_reduced_review: `weeks_since_change >= 4` -> `>= 6`",
     "or weeks_since_change >= 4 go to reduced_dose_failing",
     "or weeks_since_change >= 6 go to reduced_dose_failing"),
    ("itp_response: `2 * platelets_before_azathioprine` -> `1.5 *`", "platelets >= 2 * platelets_before_azathioprine",
     "platelets >= 1.5 * platelets_before_azathioprine"),
)  # fmt: skip


def changes(text: str) -> Iterator[tuple[str, str]]:
    for name, old, new in CHANGES:
        if text.count(old) != 1:
            raise SystemExit(f"benchmarks/diff.py: the shipped guideline no longer has {old!r} once")
        yield name, bumped(text.replace(old, new))


def bumped(text: str) -> str:
    return text.replace("version 1.0.0", "version 1.1.0", 1)


def moved(text: str, count: int) -> str:
    """The first `count` thresholds of the synthetic guideline's `x > N` branches moved up by one."""
    done = 0

    def move(m: re.Match[str]) -> str:
        nonlocal done
        if done >= count:
            return m.group(0)
        done += 1
        number = int(m.group(2))
        return f"when {m.group(1)} > {number + 1 if number < 999 else number - 1} go"  # within 0 to 1000

    return SYNTHETIC_THRESHOLD.sub(move, text)


class Timing(NamedTuple):
    cold: float
    new: float
    warm: float


STATES = ("cold", "new", "warm")
UNSEEN = "\n# a copy the toolchain has not seen\n"


def timed(command: list[str], files: list[Path], cache: Path, repeat: int) -> Timing:
    """Wall seconds of `python -m compiler.cli COMMAND FILES` in a fresh process: with `cache`
    empty (cold); with `cache` holding only what the same command on unseen copies of the files
    kept (new, the best of `repeat`); then run into the same cache again (warm, the best of
    `repeat`)."""
    env = {**os.environ, "GUIDELINE_CACHE_DIR": str(cache)}
    env.pop("GUIDELINE_NO_CACHE", None)
    env.pop("GUIDELINE_NO_REPORT_CACHE", None)
    copies = [unseen(path) for path in files]

    def run(paths: list[Path]) -> float:
        began = time.perf_counter()
        args = [*command, *map(str, paths)]
        done = subprocess.run([*CLI, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode not in (0, 1):  # 1: a version rule broken, a case failed: still timed
            raise SystemExit(f"benchmarks/diff.py: {' '.join(args)} exited {done.returncode}: {done.stderr}")
        return time.perf_counter() - began

    def emptied() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir(parents=True)

    emptied()
    cold = run(files)
    new = []
    for _ in range(repeat):
        emptied()
        run(copies)
        new.append(run(files))
    warm = [run(files) for _ in range(repeat)]
    return Timing(cold, min(new), min(warm))


def unseen(path: Path) -> Path:
    """A copy of a guideline (and of its cases) that no cache entry kept for the file fits."""
    copy = path.with_name(f"unseen-{path.name}")
    copy.write_text(path.read_text(encoding="utf-8") + UNSEEN, encoding="utf-8")
    cases = path.with_suffix(".cases")
    if cases.is_file():
        shutil.copyfile(cases, copy.with_suffix(".cases"))
    return copy


class Row(NamedTuple):
    name: str
    diff: Diff
    diff_time: Timing
    coverage_time: Timing | None


def measure(name: str, old: Path, new: Path, scratch: Path, repeat: int, coverage: bool = True) -> Row:
    found = compare(old.read_text(encoding="utf-8"), str(old), new.read_text(encoding="utf-8"), str(new))
    diff_time = timed(["diff"], [old, new], scratch / "cache-diff", repeat)
    coverage_time = timed(["coverage"], [old], scratch / "cache-coverage", repeat) if coverage else None
    return Row(name, found, diff_time, coverage_time)


HEADER = (
    "| change | mode | regions with a witness | undecided | not walked | complete | diff cold s | coverage cold s "
    "| diff new s | coverage new s | diff warm s | coverage warm s |\n"
    "|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|"
)


def row_text(row: Row) -> str:
    d = row.diff
    undecided = sum(r.undecided and r.kind != "unwalked" for r in d.regions)
    proved = sum(r.witness is not None for r in d.regions)
    done = "yes" if d.complete else f"no ({d.stopped})"
    cov = row.coverage_time
    times = " | ".join(
        f"{getattr(row.diff_time, state):.2f} | " + (f"{getattr(cov, state):.2f}" if cov else "—") for state in STATES
    )
    return f"| {row.name} | {d.mode} | {proved} | {undecided} | {len(d.unwalked)} | {done} | {times} |"


def run(repeat: int, quick: bool) -> tuple[list[Row], list[Row]]:
    """The rows of the shipped guideline's changes, and of the 1,000-step guidelines."""
    shipped: list[Row] = []
    large: list[Row] = []
    with tempfile.TemporaryDirectory() as directory:
        scratch = Path(directory)
        work = scratch / "guideline"
        shutil.copytree(SHIPPED.parent, work)  # the mutants beside the libraries they import
        old = work / SHIPPED.name
        text = old.read_text(encoding="utf-8")
        for n, (name, changed) in enumerate((*mutants(text), *changes(text))):
            new = work / f"mutant-{n}.guideline"
            new.write_text(changed, encoding="utf-8")
            shipped.append(measure(name, old, new, scratch, repeat))
            print(row_text(shipped[-1]), file=sys.stderr, flush=True)
        if quick:
            return shipped, large
        for shape, edit in (("ladder", ("when x < 501 go", "when x <= 501 go")),
                            ("chain", ("platelets < 501\n", "platelets < 500\n"))):  # fmt: skip
            path = write_shape(shape, 1000, scratch)
            new = scratch / f"{shape}-1000-new.guideline"
            new.write_text(bumped(path.read_text(encoding="utf-8").replace(*edit)), encoding="utf-8")
            name = f"{shape}-1000, `{edit[0].strip()}` -> `{edit[1].strip()}`"
            large.append(measure(name, path, new, scratch, repeat))
            print(row_text(large[-1]), file=sys.stderr, flush=True)
        base = scratch / "synthetic-1000.guideline"
        base.write_text(synthetic(1000), encoding="utf-8")
        for count in MOVED:
            new = scratch / f"synthetic-1000-{count}.guideline"
            new.write_text(bumped(moved(base.read_text(encoding="utf-8"), count)), encoding="utf-8")
            name = f"synthetic-1000, {count} threshold(s) moved (no cases: no coverage)"
            large.append(measure(name, base, new, scratch, repeat, coverage=False))
            print(row_text(large[-1]), file=sys.stderr, flush=True)
    return shipped, large


def summary(rows: list[Row]) -> list[str]:
    with_coverage = [r for r in rows if r.coverage_time is not None]
    lines = []
    for state in STATES:
        under = [r for r in with_coverage if getattr(r.diff_time, state) < getattr(r.coverage_time, state)]
        ratios = sorted(getattr(r.diff_time, state) / getattr(r.coverage_time, state) for r in with_coverage)
        if ratios:
            median = ratios[len(ratios) // 2]
            lines.append(
                f"- {state}: the diff is under coverage's time in {len(under)} of {len(with_coverage)} changes; "
                f"diff over coverage: median {median:.2f}x, from {ratios[0]:.2f}x to {ratios[-1]:.2f}x."
            )
    return lines


def section(args: argparse.Namespace) -> tuple[str, str]:
    """For `benchmarks/run.py`: (title, body)."""
    quick = bool(getattr(args, "quick", False))
    shipped, large = run(1 if quick else 3, quick)
    body = [
        "Each command in a fresh process, as an author runs it (`guideline diff OLD NEW`,",
        "`guideline coverage OLD`, with OLD's clinical cases), wall seconds: cold with the",
        "toolchain's cache empty, as on a fresh installation (the parser's tables and the UCUM facts",
        "built, both versions parsed, checked and compiled; coverage parses, checks, verifies and",
        "compiles its one version); new with the toolchain run before on other texts and these texts",
        "new to it, as for a reviewer's next pull request; warm with the same command run before",
        "(new and warm: the best of three).",
        "Target: the diff under coverage's time, growing no faster than the number of steps changed",
        "(`benchmarks/diff.py`).",
        "",
        "The shipped guideline against its mutants and five further edits:",
        "",
        HEADER,
        *map(row_text, shipped),
        "",
        *summary(shipped),
    ]
    if large:
        body += [
            "",
            "1,000-step guidelines:",
            "",
            HEADER.replace("| change |", "| guideline, change |", 1),
            *map(row_text, large),
            "",
            *summary(large),
        ]
    return "`guideline diff` against `guideline coverage`", "\n".join(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the shipped guideline only, one warm run")
    args = parser.parse_args()
    title, body = section(args)
    print(f"## {title}\n\n{body}")


if __name__ == "__main__":
    main()
