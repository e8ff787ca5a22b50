"""Start-up: `guideline check` and `guideline eval` on the real guideline in fresh processes,
with the compiled-evaluator cache cold and warm, and where the import time goes."""

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

ROOT = Path(__file__).resolve().parent.parent
GUIDELINE = "guideline/azathioprine_thrombocytopenia.guideline"
PATIENT = "guideline/azathioprine_thrombocytopenia.example.json"
COMMAND = [sys.executable, "-m", "compiler.cli"]


def wall(arguments: list[str], env: dict[str, str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(COMMAND + arguments, cwd=ROOT, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def imports(arguments: list[str], env: dict[str, str]) -> list[tuple[str, float]]:
    """Top-level imports and their cumulative time (ms), largest first."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "compiler.cli", *arguments],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    found = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
        if match and not match.group(2).startswith(" "):
            found.append((match.group(2).strip(), int(match.group(1)) / 1000))
    return sorted(found, key=lambda item: -item[1])[:8]


def run(repeat: int = 7) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "GUIDELINE_CACHE_DIR": cache}
        cold_env = {**env, "GUIDELINE_NO_CACHE": "1"}
        evaluate = ["eval", GUIDELINE, "--input", PATIENT]
        result = {
            "python": _python_alone(repeat),
            "check": wall(["check", GUIDELINE], env, repeat),
            "eval_cold": wall(evaluate, cold_env, repeat),
            "eval_warm": wall(evaluate, env, repeat),
            "imports_warm": imports(evaluate, env),
            "imports_check": imports(["check", GUIDELINE], env),
        }
    return result


def _python_alone(repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def table(r: dict[str, Any]) -> str:
    lines = [
        "| command (fresh process) | median wall time |",
        "|---|---:|",
        f"| `python -c pass` (interpreter alone) | {r['python'] * 1000:.0f} ms |",
        f"| `guideline check` | {r['check'] * 1000:.0f} ms |",
        f"| `guideline eval`, evaluator cache cold (parse, check, verify, compile) | {r['eval_cold'] * 1000:.0f} ms |",
        f"| `guideline eval`, evaluator cache warm | {r['eval_warm'] * 1000:.0f} ms |",
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
