"""Start-up (issue 12, item 9): the `guideline` command on the real guideline in fresh processes,
against the interpreter importing the libraries the command needs, and where the import time goes.

Each command runs once before the timings (the OS cache and the toolchain's caches, parse tables,
unit facts and compiled evaluators, are warm), then all of them run in rounds, in an order that
rotates from round to round, so that the machine's drift weighs on each alike; a ratio is the
median over the rounds of the ratio within a round.

- `guideline check GUIDELINE` against `python -c "import lark, networkx"` (target: within 1.5x);
  a check of an unchanged text is answered from the toolchain's cache of reports, so a second
  row times `check` of a text it has not seen, everything else cached
- `guideline --help` and `guideline eval` (evaluator cache warm) against `python -c pass`
- `guideline eval` with the evaluator cache off (parse, check, verify, compile), outside the rounds
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.shapes import command_line

ROOT = Path(__file__).resolve().parent.parent
GUIDELINE = "guideline/azathioprine_thrombocytopenia.guideline"
PATIENT = "guideline/azathioprine_thrombocytopenia.example.json"
TARGET = 1.5  # `guideline check` at most this many times the libraries' import

# Name, command line, and the name of its baseline (None for a baseline).
PROGRAMS: tuple[tuple[str, list[str], str | None], ...] = (
    ("libraries", [sys.executable, "-c", "import lark, networkx"], None),
    ("check", [*command_line(), "check", GUIDELINE], "libraries"),
    ("python", [sys.executable, "-c", "pass"], None),
    ("help", [*command_line(), "--help"], "python"),
    ("eval_warm", [*command_line(), "eval", GUIDELINE, "--input", PATIENT], "python"),
)


def once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """The wall time and exit status of one fresh process."""
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, check=False)
    return time.perf_counter() - start, done.returncode


def rounds(env: dict[str, str], repeat: int) -> dict[str, Any]:
    """Every program once to warm up, then `repeat` rounds of all of them, the order rotating."""
    statuses = {name: once(argv, env)[1] for name, argv, _ in PROGRAMS}
    times: dict[str, list[float]] = {name: [] for name, _, _ in PROGRAMS}
    for number in range(repeat):
        shift = number % len(PROGRAMS)
        for name, argv, _ in PROGRAMS[shift:] + PROGRAMS[:shift]:
            seconds, status = once(argv, env)
            times[name].append(seconds)
            statuses[name] = max(statuses[name], status)  # a failure in any run shows
    result: dict[str, Any] = {"rounds": repeat, "statuses": statuses}
    for name, _, baseline in PROGRAMS:
        result[name] = statistics.median(times[name])
        if baseline is not None:
            ratios = [t / b for t, b in zip(times[name], times[baseline], strict=True)]
            result[f"{name}_ratio"] = statistics.median(ratios)
    return result


def wall(argv: list[str], env: dict[str, str], repeat: int) -> tuple[float, int]:
    runs = [once(argv, env) for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), max(s for _, s in runs)


def imports(arguments: list[str], env: dict[str, str]) -> list[tuple[str, float]]:
    """Top-level imports and their cumulative time (ms), largest first."""
    program = command_line()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *(program[1:] if program[0] == sys.executable else program), *arguments],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    found = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
        if match and not match.group(2).startswith(" "):
            found.append((match.group(2).strip(), int(match.group(1)) / 1000))
    return sorted(found, key=lambda item: -item[1])[:8]


def run(repeat: int = 15, cold_repeat: int = 5) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "GUIDELINE_CACHE_DIR": cache}
        result = rounds(env, repeat)
        evaluate = ["eval", GUIDELINE, "--input", PATIENT]
        cold = {**env, "GUIDELINE_NO_CACHE": "1"}
        result["eval_cold"], result["statuses"]["eval_cold"] = wall([*command_line(), *evaluate], cold, cold_repeat)
        # `check` of a text it has not seen (a comment changed each run): its report is not in
        # the cache, everything else is (parse tables, unit facts).
        text = (ROOT / GUIDELINE).read_text(encoding="utf-8")
        fresh = []
        for number in range(cold_repeat):
            copy = Path(cache) / f"fresh-{number}.guideline"
            copy.write_text(text + f"# run {number}\n", encoding="utf-8")
            fresh.append(once([*command_line(), "check", str(copy)], env))
        result["check_fresh"] = statistics.median(t for t, _ in fresh)
        result["statuses"]["check_fresh"] = max(s for _, s in fresh)
        result["check_fresh_ratio"] = result["check_fresh"] / result["libraries"]
        result["imports_warm"] = imports(evaluate, env)
        result["imports_check"] = imports(["check", GUIDELINE], env)
    return result


def table(r: dict[str, Any]) -> str:
    status = r["statuses"]
    check = "met" if r["check_ratio"] <= TARGET else "not met"

    def row(label: str, name: str, ratio: str) -> str:
        return f"| {label} | {r[name] * 1000:.0f} ms | {ratio} | {status[name]} |"

    lines = [
        f"| command (fresh process, caches warm; median of {r['rounds']} interleaved rounds) "
        "| median wall time | ratio to its baseline | exit status |",
        "|---|---:|---:|---:|",
        row('`python -c "import lark, networkx"` (the baseline of `check`)', "libraries", "1.00x"),
        row(f"`guideline check {GUIDELINE}`", "check", f"{r['check_ratio']:.2f}x (target {TARGET}x: {check})"),
        row(
            "`guideline check` of a text not checked before (its report not cached: parse, check, verify)",
            "check_fresh",
            f"{r['check_fresh_ratio']:.2f}x (against the median above)",
        ),
        row("`python -c pass` (the interpreter alone: the baseline of the next two)", "python", "1.00x"),
        row("`guideline --help`", "help", f"{r['help_ratio']:.2f}x"),
        row("`guideline eval`, evaluator cache warm", "eval_warm", f"{r['eval_warm_ratio']:.2f}x"),
        row("`guideline eval`, evaluator cache off (parse, check, verify, compile)", "eval_cold", ""),
        "",
        "Largest top-level imports of `guideline eval` (warm), cumulative:",
        "",
    ]
    lines += [f"- `{name}`: {ms:.1f} ms" for name, ms in r["imports_warm"]]
    lines += ["", "Largest top-level imports of `guideline check`, cumulative:", ""]
    lines += [f"- `{name}`: {ms:.1f} ms" for name, ms in r["imports_check"]]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(run()))
