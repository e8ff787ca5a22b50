"""`guideline diff`: its time on the shipped azathioprine guideline against mutants of it (each
number of a `define` line moved down by two fifths, one at a time: the severe threshold 50 -> 30
and the `recovered` threshold 50 -> 30 among them), and on 1,000-step guidelines (the ladder and
the chain of `benchmarks.shapes`, one threshold moved; `benchmarks.synthetic` with 1, 4, 16 and
64 thresholds moved, for the growth with the number of steps changed), next to the time of
`guideline coverage` in the same run. CPU seconds of this process (`time.process_time`) and wall
seconds, each the best of `--repeat` runs; a diff's time includes checking both versions (the
compiled evaluators come from the cache after the first run), and it stops at the default
budget (`compiler.diff.compare.BUDGET`), which the table says.

`python -m benchmarks.diff [--repeat N] [--quick]` prints markdown tables.
"""

from __future__ import annotations

import argparse
import io
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from benchmarks.shapes import write as write_shape
from benchmarks.synthetic import synthetic
from compiler.cli import main as cli
from compiler.diff import Diff, compare

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "guideline" / "azathioprine_thrombocytopenia.guideline"
DEFINE_NUMBER = re.compile(r"^(define .*?\b)(\d+(?:\.\d+)?)\b", re.MULTILINE)
SYNTHETIC_THRESHOLD = re.compile(r"when (x\d+) > (\d+) go")
MOVED = (1, 4, 16, 64)  # thresholds moved at once in the 1,000-step synthetic guideline


def best(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    cpu, wall = [], []
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        run()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return min(cpu), min(wall)


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


def coverage_time(path: Path, repeat: int) -> tuple[float, float]:
    def run() -> None:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            cli(["coverage", str(path)])

    return best(run, repeat)


def measured(old: str, new: str, path: Path, repeat: int) -> tuple[Diff, float, float]:
    diff = compare(old, str(path), new, str(path))
    cpu, wall = best(lambda: compare(old, str(path), new, str(path)), repeat)
    return diff, cpu, wall


def row(name: str, diff: Diff, cpu: float, wall: float) -> str:
    undecided = sum(r.undecided and r.kind != "unwalked" for r in diff.regions)
    proved = sum(r.witness is not None for r in diff.regions)
    done = "yes" if diff.complete else f"no ({diff.stopped})"
    return (
        f"| {name} | {diff.mode} | {proved} | {undecided} | {len(diff.unwalked)} | {done} | "
        f"{int(diff.figures['states'])} | {cpu:.2f} | {wall:.2f} | {diff.figures['check_seconds']:.2f} |"
    )


HEADER = (
    "| change | mode | regions with a witness | undecided | not walked | complete | states "
    "| diff CPU s | diff wall s | checking both, wall s (first run) |\n|---|---|---:|---:|---:|---|---:|---:|---:|---:|"
)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each diff (the best counts)")
    parser.add_argument("--quick", action="store_true", help="the shipped guideline only")
    args = parser.parse_args()
    text = SHIPPED.read_text(encoding="utf-8")
    cpu, wall = coverage_time(SHIPPED, args.repeat)
    print(f"`guideline coverage` of the shipped guideline: {cpu:.2f} s CPU, {wall:.2f} s wall\n")
    print(HEADER)
    for name, changed in (*mutants(text), *changes(text)):
        print(row(name, *measured(text, changed, SHIPPED, args.repeat)), flush=True)
    if args.quick:
        return
    with tempfile.TemporaryDirectory() as directory:
        print("\n1,000-step guidelines (`guideline coverage` of the old version, with its cases):\n")
        print(HEADER.replace("| change |", "| guideline, change |", 1).replace("|---|", "|---|", 1))
        for shape, edit in (("ladder", ("when x < 501 go", "when x <= 501 go")),
                            ("chain", ("platelets < 501\n", "platelets < 500\n"))):  # fmt: skip
            path = write_shape(shape, 1000, Path(directory))
            old = path.read_text(encoding="utf-8")
            new = bumped(old.replace(*edit))
            c, w = coverage_time(path, 1)
            print(row(f"{shape}-1000, `{edit[0].strip()}` -> `{edit[1].strip()}` (coverage {c:.2f} s CPU, "
                      f"{w:.2f} s wall)", *measured(old, new, path, args.repeat)), flush=True)  # fmt: skip
        old = synthetic(1000)
        path = Path(directory) / "synthetic-1000.guideline"
        for count in MOVED:
            new = bumped(moved(old, count))
            print(row(f"synthetic-1000, {count} threshold(s) moved", *measured(old, new, path, args.repeat)),
                  flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
