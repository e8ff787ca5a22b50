"""Synthetic guidelines for benchmarks: `steps` steps in a chain of two-way decisions that rejoin.

Each decision either goes through its own action or skips it, so a guideline of 2k decisions has
2**k routes. Decisions read a handful of shared inputs with different thresholds, as a real
pathway does, so some combinations along a route contradict each other.
"""

from __future__ import annotations

import argparse

INPUTS = 20


def synthetic(steps: int) -> str:
    """A valid guideline text with about `steps` steps (decisions and actions)."""
    decisions = max(1, (steps - 1) // 2)
    lines = [
        "guideline synthetic",
        f'title "Synthetic guideline of {steps} steps"',
        "version 1.0.0",
        "status draft",
        'source manual "A manual"',
    ]
    used = min(INPUTS, decisions)
    for i in range(used):
        lines += [f'input x{i} "Value {i}"', "  number in 10*9/L", "  range 0 to 1000", "  accepts /uL"]
    lines += ['input flag "A flag"', "  yes or no"]
    for i in range(decisions):
        following = f"d{i + 1}" if i + 1 < decisions else "finish"
        condition = (
            f"x{i % used} > {(i * 37) % 1000}" if i % 7 else f"flag is yes and x{i % used} < {(i * 13) % 1000 + 1}"
        )
        lines += [
            f'decision d{i} "Decision {i}?"',
            f"  when {condition} go to a{i}",
            f"  otherwise go to {following}",
            f'action a{i} "Action {i}"',
            f"  recommend r{i % 50}",
            f"  then go to {following}",
        ]
    lines += ['action finish "Finish"', "  recommend r0", "  then end"]
    for code in range(min(50, decisions)):
        lines += [f"recommendation r{code}", f'  text "Recommendation {code}."', "  cites manual"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("steps", type=int)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write(synthetic(args.steps))


if __name__ == "__main__":
    main()
