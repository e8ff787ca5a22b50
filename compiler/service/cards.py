"""The cards of one evaluation (CDS Hooks 2.0 "CDS Service Response").

The design (docs/cds-hooks.md):

- **One card per urgency** reached (`critical`, `warning`, `info`: section 8 of the contract,
  `Recommendation.urgency`; a recommendation without one is `info`), holding every
  recommendation of that urgency, in the order of the result. Its `indicator` is that urgency, so
  cards are ordered most urgent first and the most urgent card is the result's urgency.
- **`needs_data`**: besides the cards of the recommendations already reached, an `info` card
  "More data needed" naming each missing input (its label and name). The result is thus shown at
  `info` unless a recommendation already reached is more urgent.
- **`invalid_input`**: one `warning` card naming each bad input and its problem; it recommends
  nothing.
- Every card has a `uuid`, a plain-text `summary` under 140 characters, a markdown `detail`
  (every text of the guideline or the record through `compiler.service.markdown`), `source`
  (the guideline's title, its page on this service, and a topic coding its id), a link to this
  evaluation's highlighted flowchart on this service, `overrideReasons` when it recommends
  something, and `extension.codes` (the codes it shows; empty for a card about data) and
  `extension.status` (the result's status).
- **Suggestions** (order-select, order-sign): a `critical` recommendation that a check gives
  because of a medication of the record (the febuxostat check: `febuxostat is yes`) whose value
  came from a draft order of this call suggests removing that draft order (`delete` with its
  `resourceId`), `selectionBehavior` `at-most-one`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from compiler.service import markdown as md
from dsl import ir
from dsl.program import Program
from dsl.text import one_line

__all__ = ["URGENCIES", "Draft", "cards", "summary"]

URGENCIES = ("critical", "warning", "info")  # most urgent first
SUMMARY_LIMIT = 139  # "<140-character summary"
OVERRIDE_SYSTEM = "urn:guideline-toolchain:override-reason"
OVERRIDE_REASONS = (
    ("not-applicable", "Does not apply to this patient"),
    ("already-addressed", "Already addressed"),
    ("benefit-outweighs-risk", "Benefit outweighs the risk, with monitoring"),
    ("record-incorrect", "The record's data are wrong or out of date"),
)
TOPIC_SYSTEM = "urn:guideline-toolchain:guideline"


@dataclass(frozen=True)
class Draft:
    """A draft order of the call that gave an input its value."""

    reference: str  # "MedicationRequest/ID", as the suggestion's resourceId
    label: str  # what the order is, for the suggestion's label


def summary(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """Plain text on one line, at most `limit` characters, cut at a word with an ellipsis."""
    shown = " ".join(one_line(text).split())
    if len(shown) <= limit:
        return shown
    cut = shown[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.") + "…"


def _first_sentence(text: str) -> str:
    for end in (". ", ": "):
        head, sep, _ = text.partition(end)
        if sep and len(head) >= 12:
            return head + ("." if end == ". " else "")
    return text


def urgency(program: Program, code: str) -> str:
    declared = program.recommendation(code).urgency
    return declared if declared is not None else "info"


def medication_checks(program: Program) -> dict[str, frozenset[str]]:
    """Recommendation code → the medication inputs of the check rules that give it."""
    reads = ir.Reads(program.definition_table)
    medications = {
        i.name
        for i in program.inputs
        if i.fhir is not None and any(getattr(b, "resource", None) == "MedicationRequest" for b in i.fhir.bindings)
    }
    found: dict[str, set[str]] = {}
    for check in program.checks:
        for rule in check.rules:
            used = reads.inputs(rule.condition) & medications
            if used:
                for code in rule.codes:
                    found.setdefault(code, set()).update(used)
    return {code: frozenset(names) for code, names in found.items()}


def _label(program: Program, name: str) -> str:
    table = program.input_table
    spec = table.get(name)
    return spec.label if spec is not None and spec.label else name


def _sources(program: Program, keys: Sequence[str]) -> list[str]:
    references = {s.key: s.reference for s in program.sources}
    lines = [md.bold("Sources"), ""]
    lines += [md.item(f"{md.text(key)}: {md.text(references.get(key, ''))}") for key in keys]
    return lines


def _card(
    program: Program,
    result: Mapping[str, Any],
    indicator: str,
    summary_text: str,
    detail: list[str],
    codes: list[str],
    links: list[dict[str, str]],
    source: dict[str, Any],
) -> dict[str, Any]:
    card: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "summary": summary(summary_text),
        "indicator": indicator,
        "detail": "\n".join(detail).strip() + "\n",
        "source": source,
        "links": links,
        "extension": {"codes": codes, "status": result["status"]},
    }
    if codes:
        card["overrideReasons"] = [
            {"system": OVERRIDE_SYSTEM, "code": code, "display": display} for code, display in OVERRIDE_REASONS
        ]
    return card


def cards(
    program: Program,
    result: Mapping[str, Any],
    *,
    chart_url: str,
    guideline_url: str,
    drafts: Mapping[str, Sequence[Draft]] | None = None,
    record: Sequence[str] = (),
    why: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The cards of one result, most urgent first. `drafts`: the draft orders of the call that
    gave each input its value; `record`: lines of markdown (already escaped) saying what was read
    from the record, shown on the first card; `why`: per input left unknown, the reason (shown
    beside each missing input)."""
    drafts = drafts or {}
    why = why or {}
    source = {
        "label": summary(program.title, 100),
        "url": guideline_url,
        "topic": {"system": TOPIC_SYSTEM, "code": program.id, "display": summary(program.title, 100)},
    }
    links = [{"label": "Flowchart of this evaluation", "url": chart_url, "type": "absolute"}]
    made: list[tuple[int, dict[str, Any]]] = []
    status = result["status"]

    if status == "invalid_input":
        errors = result["errors"]
        names = [_label(program, e["input"]) for e in errors]
        detail = [md.bold(md.text("Nothing is recommended: these inputs from the record cannot be used.")), ""]
        detail += [
            md.item(f"{md.text(_label(program, e['input']))} ({md.text(e['input'])}): {md.text(e['problem'])}")
            for e in errors
        ]
        head = f"Cannot evaluate: {len(errors)} invalid input{'s' if len(errors) != 1 else ''}: " + ", ".join(names)
        made.append((1, _card(program, result, "warning", head, detail, [], links, source)))

    by_urgency: dict[str, list[Mapping[str, Any]]] = {}
    for rec in result["recommendations"]:
        by_urgency.setdefault(urgency(program, rec["code"]), []).append(rec)
    checks = medication_checks(program) if drafts else {}
    for rank, level in enumerate(URGENCIES):
        recs = by_urgency.get(level, [])
        if not recs:
            continue
        detail = [md.bold(md.text(f"{level.capitalize()}: {program.title}")), ""]
        cited: list[str] = []
        for rec in recs:
            shown = md.text(rec["text"])
            if rec["citations"]:
                shown += " (" + ", ".join(md.text(c) for c in rec["citations"]) + ")"
            detail.append(md.item(shown))
            cited += [c for c in rec["citations"] if c not in cited]
        if status == "needs_data":
            detail += [
                "",
                md.text("The evaluation stopped for missing data: more may be recommended once it is given."),
            ]
        detail += [""] + _sources(program, cited)
        head = _first_sentence(recs[0]["text"])
        if len(recs) > 1:
            head = summary(head, SUMMARY_LIMIT - 16) + f" (+{len(recs) - 1} more)"
        card = _card(program, result, level, head, detail, [r["code"] for r in recs], links, source)
        suggestions = _suggestions(recs, level, checks, drafts)
        if suggestions:
            card["suggestions"] = suggestions
            card["selectionBehavior"] = "at-most-one"
        made.append((rank, card))

    if status == "needs_data":
        names = [_label(program, n) for n in result["needs"]]
        detail = [md.bold(md.text("More data needed to finish this evaluation:")), ""]
        for name in result["needs"]:
            shown = f"{md.text(_label(program, name))} ({md.text(name)})"
            if name in why:
                shown += ": " + md.text(why[name])
            detail.append(md.item(shown))
        head = "More data needed: " + ", ".join(names)
        made.append((2, _card(program, result, "info", head, detail, [], links, source)))

    made.sort(key=lambda pair: pair[0])  # stable: the order above within one urgency
    ordered = [card for _, card in made]
    if ordered and record:
        ordered[0]["detail"] += "\n" + "\n".join([md.bold("From the record"), "", *record]) + "\n"
    return ordered


def _suggestions(
    recs: Sequence[Mapping[str, Any]],
    level: str,
    checks: Mapping[str, frozenset[str]],
    drafts: Mapping[str, Sequence[Draft]],
) -> list[dict[str, Any]]:
    if level != "critical":
        return []
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for rec in recs:
        for name in sorted(checks.get(rec["code"], ())):
            for draft in drafts.get(name, ()):
                if draft.reference in seen:
                    continue
                seen.add(draft.reference)
                label = summary(f"Remove the draft order: {draft.label}", 80)
                found.append(
                    {
                        "label": label,
                        "uuid": str(uuid.uuid4()),
                        "isRecommended": True,
                        "actions": [{"type": "delete", "description": label, "resourceId": draft.reference}],
                    }
                )
    return found
