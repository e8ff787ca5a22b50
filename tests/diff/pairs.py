"""The diff corpus: each pair is tests/diff/base.guideline and one edit of it, with what the diff
must say about it, written by hand (tests/test_diff_corpus.py). An edit is a list of replacements,
each of a text that occurs exactly once in the base; `version` is the new version line.

`contract` is the whole set of contract changes, as (kind, name, breaking); `version_ok` the
version rule's verdict; `regions` the descriptions of regions that must be reported (each a
region's whole description), or () for "no behaviour change". The whole text report of each
pair is also compared with its golden file, tests/diff/golden/NAME.txt.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Pair:
    name: str
    edits: tuple[tuple[str, str], ...]
    contract: frozenset[tuple[str, str, bool]] = frozenset()
    regions: tuple[str, ...] = ()
    version: str = "1.1.0"
    version_ok: bool = True
    changed: bool = True  # whether the behaviour changes at all
    notes: str = field(default="", compare=False)


def c(*items: tuple[str, str, bool]) -> frozenset[tuple[str, str, bool]]:
    return frozenset(items)


RECOMMENDATION_STOP = """recommendation stop_drug
  text "Stop the drug."
  cites manual
  urgency critical
"""

CHECK_BLEEDING = """
recommendation check_bleeding
  text "Assess the bleeding."
  cites manual
  urgency warning
"""

PAIRS: tuple[Pair, ...] = (
    Pair(
        "threshold_lowered",
        regions=("30 <= count < 50 and cause is one of drug, other and count < limit",),
        edits=(("define severe as count < 50", "define severe as count < 30"),),
    ),
    Pair(
        "threshold_raised",
        regions=("50 <= count < 60 and cause is one of drug, other and count < limit",),
        edits=(("define severe as count < 50", "define severe as count < 60"),),
    ),
    Pair(
        "boundary_included",
        regions=("count = 50 and cause is one of drug, other and count < limit",),
        edits=(("define severe as count < 50", "define severe as count <= 50"),),
    ),
    Pair(
        "limit_boundary_included",
        regions=("count >= 50 and cause is one of drug, other and not count < limit and count <= limit",),
        edits=(("when count < limit go to reduce", "when count <= limit go to reduce"),),
    ),
    Pair(
        "branches_reordered",
        regions=(
            "count < 30 and bleeding is yes and cause is immune",
            "count is unknown and bleeding is yes and cause is immune",
            "count < 30 and bleeding is unknown and cause is immune",
        ),
        edits=(
            (
                "  when bleeding is yes go to urgent\n  when count < 30 go to reduce\n",
                "  when count < 30 go to reduce\n  when bleeding is yes go to urgent\n",
            ),
        ),
    ),
    Pair(
        "disjoint_branches_reordered",
        edits=(
            (
                "  when cause is immune go to immune_review\n  when cause is drug go to drug_review\n",
                "  when cause is drug go to drug_review\n  when cause is immune go to immune_review\n",
            ),
        ),
        version="1.0.1",
        changed=False,
    ),
    Pair(
        "condition_negated",
        regions=(
            "count < 30 and bleeding is yes and cause is immune",
            "count >= 30 and bleeding is yes and cause is immune",
        ),
        edits=(("when bleeding is yes go to urgent", "when bleeding is no go to urgent"),),
    ),
    Pair(
        "check_removed",
        regions=(
            "bleeding is yes and cause is immune",
            "count < 50 and bleeding is yes and cause is one of drug, other",
            "count < 50 and bleeding is unknown and cause is one of drug, other",
        ),
        edits=(
            ('check bleeding_check "Bleeding"\n  when bleeding is yes recommend check_bleeding\n', ""),
            (CHECK_BLEEDING, ""),
        ),
        contract=c(("recommendation removed", "check_bleeding", True)),
        version="2.0.0",
    ),
    Pair(
        "check_removed_without_major",
        regions=("bleeding is yes and cause is immune",),
        edits=(
            ('check bleeding_check "Bleeding"\n  when bleeding is yes recommend check_bleeding\n', ""),
            (CHECK_BLEEDING, ""),
        ),
        contract=c(("recommendation removed", "check_bleeding", True)),
        version="1.1.0",
        version_ok=False,
    ),
    Pair(
        "check_added",
        regions=(
            "count is unknown and bleeding is yes and cause is immune",
            "count < 20 and bleeding is no and cause is immune",
        ),
        edits=(
            (
                "check bleeding_check",
                'check low_check "Low"\n  when count < 20 recommend check_bleeding\n\ncheck bleeding_check',
            ),
        ),
    ),
    Pair(
        "code_renamed",
        regions=("count < 50 and cause is one of drug, other",),
        edits=(
            ("  recommend stop_drug\n", "  recommend halt_drug\n"),
            (RECOMMENDATION_STOP, RECOMMENDATION_STOP.replace("stop_drug", "halt_drug")),
        ),
        contract=c(("recommendation removed", "stop_drug", True), ("recommendation added", "halt_drug", False)),
        version="2.0.0",
    ),
    Pair(
        "unit_changed",
        edits=(
            ('input count "Platelet count"\n  number in 10*9/L', 'input count "Platelet count"\n  number in 10*3/uL'),
        ),
        contract=c(("input unit changed", "count", True)),
        version="2.0.0",
        changed=False,
    ),
    Pair(
        "range_narrowed",
        regions=("500 < count <= 1000 (only the old version accepts it)",),
        edits=(("  range 0 to 1000\n", "  range 0 to 500\n"),),
        contract=c(("input range changed", "count", True)),
        version="2.0.0",
    ),
    Pair(
        "range_widened",
        regions=("1000 < count <= 2000 (only the new version accepts it)",),
        edits=(("  range 0 to 1000\n", "  range 0 to 2000\n"),),
        contract=c(("input range changed", "count", False)),
    ),
    Pair(
        "choice_added",
        regions=("cause is unclear (only the new version accepts it)",),
        edits=(("one of drug, immune, other", "one of drug, immune, other, unclear"),),
        contract=c(("input choices changed", "cause", False)),
    ),
    Pair(
        "choice_removed",
        regions=("cause is other (only the old version accepts it)",),
        edits=(("one of drug, immune, other", "one of drug, immune"),),
        contract=c(("input choices changed", "cause", True)),
        version="2.0.0",
    ),
    Pair(
        "input_added",
        regions=(
            "count < 30 and bleeding is no and cause is immune and (bleeding is yes or transfused is yes)",
            "count < 30 and bleeding is no and cause is immune and (bleeding is yes or transfused is yes) is unknown",
        ),
        edits=(
            ("input limit", 'input transfused "Transfused"\n  yes or no\n\ninput limit'),
            ("when bleeding is yes go to urgent", "when bleeding is yes or transfused is yes go to urgent"),
        ),
        contract=c(("input added", "transfused", False)),
    ),
    Pair(
        "input_removed",
        regions=(
            "count >= 150 and cause is one of drug, other and count < limit",
            "50 <= count < 150 and cause is one of drug, other and not count < limit",
        ),
        edits=(
            ('input limit "Lower limit"\n  number in 10*9/L\n  range 100 to 200\n  default 150\n', ""),
            ("when count < limit go to reduce", "when count < 150 go to reduce"),
        ),
        contract=c(("input removed", "limit", True)),
        version="2.0.0",
    ),
    Pair(
        "input_renamed_by_loinc",
        regions=(
            "platelets >= 30 and bleeding is no and cause is immune and count < 30",
            "platelets is unknown and bleeding is no and cause is immune and count < 30",
        ),
        edits=(
            ('input count "Platelet count"', 'input platelets "Platelet count"'),
            ("define severe as count < 50", "define severe as platelets < 50"),
            ("when count < limit go to reduce", "when platelets < limit go to reduce"),
            ("when count < 30 go to reduce", "when platelets < 30 go to reduce"),
        ),
        contract=c(("input renamed", "platelets", True)),
        version="2.0.0",
    ),
    Pair(
        "default_changed",
        regions=("120 <= count < 150 and cause is one of drug, other and limit is unknown",),
        edits=(("  default 150\n", "  default 120\n"),),
        contract=c(("input default changed", "limit", False)),
    ),
    Pair(
        "default_removed",
        regions=(
            "50 <= count < 150 and cause is one of drug, other and limit is unknown and (count < limit) is unknown",
            "count >= 150 and cause is one of drug, other and limit is unknown and (count < limit) is unknown",
            "count is unknown and cause is one of drug, other and limit is unknown"
            " and one version asks for 'limit' and the other does not",
        ),
        edits=(("  default 150\n", ""),),
        contract=c(("input default changed", "limit", False)),
    ),
    Pair(
        "unknown_now_handled",
        regions=("count is unknown and cause is one of drug, other",),
        edits=(("  when severe go to stop\n", "  when count is unknown go to keep\n  when severe go to stop\n"),),
    ),
    Pair(
        "step_target_changed",
        regions=("bleeding is yes and cause is immune",),
        edits=(("  recommend urgent_review\n  then go to keep\n", "  recommend urgent_review\n  then end\n"),),
    ),
    Pair(
        "otherwise_changed",
        regions=(
            "30 <= count < 50 and bleeding is no and cause is immune",
            "count >= 50 and bleeding is no and cause is immune and count < limit",
        ),
        edits=(
            (
                "  when count < 30 go to reduce\n  otherwise go to keep\n",
                "  when count < 30 go to reduce\n  otherwise go to drug_review\n",
            ),
        ),
    ),
    Pair(
        "code_added_to_action",
        regions=(
            "bleeding is yes and cause is immune",
            "count >= 30 and bleeding is no and cause is immune",
            "count >= 50 and cause is one of drug, other and not count < limit",
        ),
        edits=(
            ("  recommend continue_drug\n", "  recommend continue_drug\n  recommend recheck_count\n"),
            (
                RECOMMENDATION_STOP,
                RECOMMENDATION_STOP
                + '\nrecommendation recheck_count\n  text "Recheck."\n  cites manual\n  urgency info\n',
            ),
        ),
        contract=c(("recommendation added", "recheck_count", False)),
    ),
    Pair(
        "urgency_changed",
        edits=(
            (
                '  text "Reduce the dose."\n  cites manual\n  urgency warning',
                '  text "Reduce the dose."\n  cites manual\n  urgency critical',
            ),
        ),
        contract=c(("recommendation urgency changed", "reduce_dose", True)),
        version="2.0.0",
        changed=False,
    ),
    Pair(
        "text_changed",
        edits=(('text "Continue."', 'text "Continue the drug."'),),
        contract=c(("recommendation text changed", "continue_drug", False)),
        version="1.0.1",
        changed=False,
    ),
    Pair(
        "comment_only",
        edits=(("# The base", "# A comment only.\n# The base"),),
        version="1.0.0",
        changed=False,
    ),
    Pair(
        "definition_inlined",
        edits=(("  when severe go to stop\n", "  when count < 50 go to stop\n"), ("define severe as count < 50\n", "")),
        version="1.0.1",
        changed=False,
    ),
    Pair(
        "definition_renamed",
        edits=(
            ("define severe as count < 50", "define very_low as count < 50"),
            ("  when severe go to stop\n", "  when very_low go to stop\n"),
        ),
        version="1.0.1",
        changed=False,
    ),
    Pair(
        "step_renamed",
        edits=(("when severe go to stop", "when severe go to halt"), ('action stop "Stop"', 'action halt "Stop"')),
        version="1.0.1",
        changed=False,
    ),
    Pair(
        "version_not_bumped",
        regions=("30 <= count < 50 and cause is one of drug, other and count < limit",),
        edits=(("define severe as count < 50", "define severe as count < 30"),),
        version="1.0.0",
        version_ok=False,
    ),
    Pair(
        "version_went_down",
        edits=(('text "Continue."', 'text "Continue the drug."'),),
        contract=c(("recommendation text changed", "continue_drug", False)),
        version="0.9.0",
        version_ok=False,
        changed=False,
    ),
    Pair(
        "id_changed",
        edits=(("guideline diff-base", "guideline diff-base-two"),),
        contract=c(("guideline id changed", "diff-base-two", True)),
        version="2.0.0",
        changed=False,
    ),
    Pair(
        "check_rule_negated",
        regions=(
            "bleeding is yes and cause is immune",
            "count < 30 and bleeding is no and cause is immune",
        ),
        edits=(("when bleeding is yes recommend check_bleeding", "when bleeding is no recommend check_bleeding"),),
    ),
)
