"""Generated patients for the azathioprine guideline: a realistic, seeded mix.

Most are complete and valid; some miss inputs (unknown), some sit exactly on a threshold, some
send counts with units, and a few are invalid. The same seed gives the same patients.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SPECIFICATION = Path(__file__).resolve().parent.parent / "docs" / "specification"

INDICATIONS = ["autoimmune_hepatitis", "inflammatory_bowel_disease", "immune_thrombocytopenia", "other"]
STATUSES = ["taking", "dose_reduced", "withdrawn"]
TRENDS = ["falling", "stable", "rising"]
PHENOTYPES = [
    "normal_metabolizer", "intermediate_metabolizer", "possible_intermediate_metabolizer",
    "poor_metabolizer", "indeterminate", "not_tested",
]  # fmt: skip
THRESHOLDS: dict[str, list[float]] = {
    "platelets": [30, 50, 150],
    "anc": [1.0, 1.5],
    "weeks_since_change": [2, 4],
    "months_on_azathioprine": [4],
}


def vignettes() -> list[dict[str, Any]]:
    return [v["inputs"] for v in json.loads((SPECIFICATION / "vignettes.json").read_text(encoding="utf-8"))]


def patient(rng: random.Random) -> dict[str, Any]:
    p: dict[str, Any] = {
        "indication": rng.choice(INDICATIONS),
        "azathioprine_status": rng.choices(STATUSES, [6, 2, 2])[0],
        "platelets": round(rng.uniform(5, 400), 1),
        "anc": round(rng.uniform(0.3, 8), 2),
        "platelet_trend": rng.choice(TRENDS),
        "tpmt_phenotype": rng.choices(PHENOTYPES, [20, 3, 1, 1, 1, 3])[0],
        "nudt15_phenotype": rng.choices(PHENOTYPES, [20, 3, 1, 1, 1, 3])[0],
        "allopurinol": rng.random() < 0.1,
        "febuxostat": rng.random() < 0.03,
        "pregnant_or_breastfeeding": rng.random() < 0.05,
        "cirrhosis": rng.random() < 0.2,
        "weeks_since_change": rng.randrange(0, 12),
        "severe_cytopenia_this_episode": rng.random() < 0.3,
        "months_on_azathioprine": rng.randrange(0, 60),
        "bleeding": rng.random() < 0.05,
        "platelets_before_azathioprine": rng.randrange(10, 400),
    }
    roll = rng.random()
    if roll < 0.15:  # a threshold exactly
        name = rng.choice(sorted(THRESHOLDS))
        p[name] = rng.choice(THRESHOLDS[name])
    elif roll < 0.30:  # some inputs unknown
        for name in rng.sample(sorted(p), rng.randrange(1, 4)):
            if rng.random() < 0.5:
                del p[name]
            else:
                p[name] = None
    elif roll < 0.40:  # counts with units
        p["platelets"] = {"value": int(p["platelets"] * 1000), "unit": rng.choice(["/uL", "/mm3"])}
        p["anc"] = {"value": p["anc"], "unit": rng.choice(["10*3/uL", "K/uL", "x10^9/L"])}
    elif roll < 0.45:  # invalid
        name = rng.choice(["platelets", "anc", "indication", "bleeding", "platelet_lower_limit"])
        p[name] = rng.choice(["high", -1, 5000, True, {"value": 3, "unit": "%"}, float("nan")])
    return p


def patients(count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """`count` patients, generated one at a time (a million need no memory)."""
    rng = random.Random(seed)
    for _ in range(count):
        yield patient(rng)


def mix(generated: int = 10000) -> list[dict[str, Any]]:
    """The benchmark's mix: the public vignettes, then generated patients."""
    return vignettes() + list(patients(generated))
