"""The look-up of one `from observation|condition|medication` line in a record.

Each look-up ends in one of three ways:

- `Found`: a value, with the resources it came from;
- `Nothing`: a search that was made, complete, and found no match (why, in words): this is what
  `absent means no` may turn into `false`;
- `Trouble`: the record cannot answer (a search not made or cut short, a resource that cannot be
  read where it would count, two resources that disagree): the input stays unknown, whatever the
  other lines say.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from compiler.fhir.chart import Chart, Search
from compiler.fhir.codes import coding_words, described, matches, own_codes, token
from compiler.fhir.dates import When, days_before, place
from compiler.fhir.provenance import Provenance
from compiler.fhir.queries import key_of
from compiler.fhir.resources import (
    CONDITION_CLINICAL,
    CONDITION_EXCLUDED,
    MEDICATION_USABLE,
    OBSERVATION_USABLE,
    UCUM,
    Condition,
    MedicationRequest,
    Observation,
    Quantity,
    Rejected,
)
from dsl.bindings import Code, Record
from dsl.program import Input

Label = tuple[str, int]  # a binding's line as written, and its line number


@dataclass(frozen=True)
class Found:
    value: object  # as the input JSON holds it
    sources: tuple[Provenance, ...]
    same: object  # what two values are compared by, to tell whether lines agree
    observation: Observation | None = None  # the Observation it was read from (reference ranges)


@dataclass(frozen=True)
class Nothing:
    reason: str


@dataclass(frozen=True)
class Trouble:
    reason: str


Outcome = Found | Nothing | Trouble


@dataclass(frozen=True)
class Context:
    chart: Chart
    now: datetime


# ---- shared pieces ----


def search_trouble(search: Search, what: str) -> Trouble | None:
    if not search.made:
        return Trouble(f"the search for {what} could not be made ({search.problem})")
    return None


def relevant_rejected(rejected: Sequence[Rejected], kind: str, codes: Sequence[Code]) -> list[Rejected]:
    """Refused resources of this type that may hold one of `codes` and may be usable."""
    return [
        r
        for r in rejected
        if r.resource_type == kind and r.usable and (r.codes is None or matches(codes, r.codes) is not None)
    ]


def rejected_words(found: Sequence[Rejected]) -> str:
    return "; ".join(f"{r.reference} cannot be read ({r.problem})" for r in found)


def window_words(within: int | None, before: str | None = None) -> str:
    if before is not None:
        return f"before {before}" + (f" and within {within} days of it" if within is not None else "")
    return f"in the last {within} days" if within is not None else "in the record"


def convert(spec: Input, value: int | float, unit: str) -> Fraction | None:
    """`value` in `unit` as a number of the input's own unit, through the input's accepted units
    and aliases (the table the evaluator validates with); None when it does not accept the unit."""
    for spelling, numerator, denominator in spec.units:
        if spelling == unit:
            return Fraction(value) * numerator / denominator
    if not spec.units and unit == spec.unit:
        return Fraction(value)
    return None


def read_quantity(
    quantity: Quantity | None, reference: str, assumed_unit: str | None = None
) -> tuple[int | float, str | None] | Trouble:
    """An exact number and its unit as recorded, or what is wrong with it."""
    if quantity is None or quantity.value is None:
        return Trouble(f"{reference} has no value")
    if quantity.comparator:
        return Trouble(f"{reference} records {quantity.comparator} {quantity.value}: not an exact value")
    if quantity.system is not None and quantity.system != UCUM:
        return Trouble(f"{reference} records its unit in the code system {quantity.system!r}, not UCUM ({UCUM})")
    unit = quantity.recorded_unit or assumed_unit
    return quantity.value, unit


def quantity_value(
    spec: Input, number: int | float, unit: str | None, reference: str
) -> tuple[object, object] | Trouble:
    """The input JSON for a recorded number (exactly as recorded: the evaluator converts or
    rejects the unit) and what it is compared by."""
    if spec.units:
        if unit is None:
            return Trouble(f"{reference} has a value without a unit")
        converted = convert(spec, number, unit)
        return {"value": number, "unit": unit}, (converted if converted is not None else (number, unit))
    if unit is None or unit == spec.unit or (spec.unit is None and unit == "1"):
        return number, Fraction(number)
    return Trouble(
        f"{reference} is recorded in {unit!r}, but {spec.name} is a bare number"
        + (f" in {spec.unit}" if spec.unit else "")
    )


def _latest_key(item: Observation) -> tuple[datetime, datetime, str]:
    assert item.when is not None
    issued = item.issued.start if item.issued is not None else item.when.start
    return item.when.start, issued, item.reference


def in_window(
    items: Sequence[Observation], start: datetime | None, end: datetime | None, window: str
) -> list[Observation] | Trouble:
    """The items dated inside the window; Trouble when one cannot be placed against it."""
    inside = []
    for item in items:
        if item.when is None:
            return Trouble(f"{item.reference} has no date, so it cannot be placed {window}")
        where = place(item.when, start, end)
        if where == "unsure":
            return Trouble(
                f"{item.reference} is dated {item.when.text}: not precise enough to tell whether it is {window}"
            )
        if where == "inside":
            inside.append(item)
    return sorted(inside, key=_latest_key)


def usable_observations(context: Context, codes: Sequence[Code], record: Record | None = None) -> list[Observation]:
    found = []
    for item in context.chart.observations:
        if item.status not in OBSERVATION_USABLE or matches(codes, item.codes) is None:
            continue
        if record is not None and record.component is not None and not _has_component(item, record.component):
            continue
        found.append(item)
    return found


def _has_component(item: Observation, component: tuple[Code, Code]) -> bool:
    code, value = component
    return any(
        matches((code,), c.codes) is not None and matches((value,), c.concept) is not None for c in item.components
    )


def truncated(search: Search, start: datetime | None) -> bool:
    """Whether results cut short by paging may have left out something dated after `start`."""
    if search.complete:
        return False
    return start is None or search.horizon is None or search.horizon > start


# ---- observations ----


def observation(
    context: Context,
    spec: Input,
    record: Record,
    label: Label,
    first: Callable[[tuple[Code, ...]], tuple[When, MedicationRequest] | Outcome],
) -> Outcome:
    codes = own_codes(record.codes, spec, record.span)
    key = key_of(record)
    search = context.chart.search(key or "")
    problem = search_trouble(search, f"Observations of {described(codes)}")
    if problem is not None:
        return problem
    start: datetime | None
    end: datetime | None = None
    anchor_source: tuple[Provenance, ...] = ()
    if record.before_first is not None:
        anchor = first(record.before_first)
        if not isinstance(anchor, tuple):
            return anchor if not isinstance(anchor, Found) else Trouble("internal: no first order")
        when, order = anchor
        end = when.start
        start = days_before(end, record.within_days) if record.within_days is not None else None
        window = window_words(
            record.within_days,
            f"the first MedicationRequest of {described(record.before_first)} ({order.reference}, {when.text})",
        )
        anchor_source = (Provenance(order.reference, when.text, when.text, None, label[0], label[1]),)
    else:
        start = days_before(context.now, record.within_days) if record.within_days is not None else None
        window = window_words(record.within_days)
    refused = relevant_rejected(context.chart.rejected, "Observation", codes)
    if refused:
        return Trouble(rejected_words(refused))
    inside = in_window(usable_observations(context, codes, record), start, end, window)
    if isinstance(inside, Trouble):
        return inside
    if not inside:
        if truncated(search, start):
            return Trouble(
                f"the search for Observations of {described(codes)} was cut short (paged) before reaching back {window}"
            )
        return Nothing(f"no usable Observation of {described(codes)} {window}")
    latest = inside[-1]
    got = observation_value(spec, record, latest, label)
    if isinstance(got, Found):
        tied = [o for o in inside[:-1] if _latest_key(o)[:2] == _latest_key(latest)[:2]]
        for other in tied:
            again = observation_value(spec, record, other, label)
            if not isinstance(again, Found) or again.same != got.same:
                return Trouble(f"{latest.reference} and {other.reference} have the same date and disagree")
        return Found(got.value, got.sources + anchor_source, got.same, latest)
    return got


def observation_value(spec: Input, record: Record, item: Observation, label: Label) -> Outcome:
    """What one Observation gives for the input: its value, or what is wrong with it."""
    date = item.when.text if item.when is not None else None

    def found(value: object, same: object, recorded: object, unit: str | None = None) -> Found:
        return Found(value, (Provenance(item.reference, date, recorded, unit, label[0], label[1]),), same, item)

    if record.value is not None:
        return found(record.value, record.value, _recorded(item))
    missing = f" ({item.absent_reason})" if item.absent_reason else ""
    if record.maps:
        if item.concept is None:
            return Trouble(f"{item.reference} has no coded value{missing}")
        mapped = {m.value for m in record.maps if matches((m.code,), item.concept) is not None}
        if not mapped:
            shown = ", ".join(coding_words(c) for c in item.concept) or "no code"
            return Nothing(
                f"the latest Observation, {item.reference}, has the value {shown}, which the guideline does not map"
            )
        if len(mapped) > 1:
            return Trouble(f"{item.reference} holds codes that map to different values")
        value = mapped.pop()
        return found(value, value, ", ".join(token(c) for c in item.concept))
    if spec.kind == "number":
        if item.quantity is None:
            return Trouble(f"{item.reference} has no valueQuantity{missing}")
        number = read_quantity(item.quantity, item.reference, record.unit)
        if isinstance(number, Trouble):
            return number
        recorded, unit = number
        read = quantity_value(spec, recorded, unit, item.reference)
        if isinstance(read, Trouble):
            return read
        return found(read[0], read[1], recorded, unit)
    if spec.kind == "boolean":
        if item.boolean is None:
            return Trouble(f"{item.reference} has no valueBoolean{missing}")
        return found(item.boolean, item.boolean, item.boolean)
    return Trouble(f"{item.reference}: the guideline maps none of its values to {spec.name}")


def _recorded(item: Observation) -> object:
    if item.quantity is not None:
        return item.quantity.value
    if item.concept is not None:
        return ", ".join(token(c) for c in item.concept)
    return item.boolean


# ---- conditions ----


def _usable_condition(item: Condition) -> bool:
    return item.clinical in CONDITION_CLINICAL and item.verification not in CONDITION_EXCLUDED


def condition(context: Context, spec: Input, record: Record, label: Label) -> Outcome:
    codes = record.codes
    search = context.chart.search(key_of(record) or "")
    start = days_before(context.now, record.within_days) if record.within_days is not None else None
    window = window_words(record.within_days)
    value = _match_value(spec, record)
    if isinstance(value, Trouble):
        return value
    found: list[Provenance] = []
    for item in context.chart.conditions:
        matched = matches(codes, item.codes)
        if matched is None or not _usable_condition(item):
            continue
        date = item.when.text if item.when is not None else None
        if start is not None:
            if item.when is None:
                return Trouble(f"{item.reference} has no onset or recorded date, so it cannot be placed {window}")
            where = place(item.when, start, None)
            if where == "unsure":
                return Trouble(
                    f"{item.reference} is dated {item.when.text}: not precise enough to tell whether it is {window}"
                )
            if where == "outside":
                continue
        found.append(Provenance(item.reference, date, token(matched), None, label[0], label[1]))
    if found:
        return Found(value, tuple(found), value)
    refused = relevant_rejected(context.chart.rejected, "Condition", codes)
    if refused:
        return Trouble(rejected_words(refused))
    problem = search_trouble(search, f"Conditions of {described(codes)}")
    if problem is not None:
        return problem
    if not search.complete:
        return Trouble(
            "the search for Conditions was cut short (paged): "
            f"an active Condition of {described(codes)} may be among the rest"
        )
    return Nothing(f"no active Condition of {described(codes)} {window}")


def _match_value(spec: Input, record: Record) -> bool | str | Trouble:
    if record.value is not None:
        return record.value
    if spec.kind == "boolean":
        return True
    return Trouble(f"the line {record.span.line} gives {spec.name} no value (`means`)")


# ---- medications ----


def medication_codes(context: Context, item: MedicationRequest) -> tuple[tuple[str, str], ...] | None:
    """The codes of a request's medication: its medicationCodeableConcept, or the Medication it
    references (contained, or in the record) with its ingredients; None when that Medication is
    not in the record."""
    if item.medication is None:
        return item.codes
    if item.medication.startswith("#"):
        contained = next((m for m in item.contained if m.reference == item.medication), None)
        return None if contained is None else item.codes + contained.codes
    medications = context.chart.medications
    target = medications.get(item.medication)
    if target is None and "/" in item.medication:
        tail = "/".join(item.medication.rstrip("/").split("/")[-2:])
        target = medications.get(tail)
    return None if target is None else item.codes + target.codes


def active_requests(context: Context) -> list[MedicationRequest]:
    """MedicationRequests that count as prescribed: active ones, and the context's draft orders."""
    seen = set()
    found = []
    for item in [*context.chart.drafts, *(r for r in context.chart.requests if r.status in MEDICATION_USABLE)]:
        if item.reference not in seen:
            seen.add(item.reference)
            found.append(item)
    return found


def medication(context: Context, spec: Input, record: Record, label: Label) -> Outcome:
    codes = record.codes
    search = context.chart.search(key_of(record) or "")
    start = days_before(context.now, record.within_days) if record.within_days is not None else None
    window = window_words(record.within_days)
    value = _match_value(spec, record)
    if isinstance(value, Trouble):
        return value
    found: list[Provenance] = []
    unread: list[str] = []
    for item in active_requests(context):
        held = medication_codes(context, item)
        if held is None:
            unread.append(f"{item.reference} names the medication {item.medication}, which the record does not include")
            continue
        matched = matches(codes, held)
        if matched is None:
            continue
        date = item.authored.text if item.authored is not None else None
        if start is not None:
            if item.authored is None:
                return Trouble(f"{item.reference} has no authoredOn, so it cannot be placed {window}")
            where = place(item.authored, start, None)
            if where == "unsure":
                return Trouble(
                    f"{item.reference} is dated {item.authored.text}: not precise enough to tell whether it is {window}"
                )
            if where == "outside":
                continue
        found.append(Provenance(item.reference, date, token(matched), None, label[0], label[1]))
    if found:
        return Found(value, tuple(found), value)
    refused = relevant_rejected(context.chart.rejected, "MedicationRequest", codes)
    refused += [r for r in context.chart.rejected_drafts if r.codes is None or matches(codes, r.codes) is not None]
    if refused or unread:
        return Trouble("; ".join([*unread, *(f"{r.reference} cannot be read ({r.problem})" for r in refused)]))
    problem = search_trouble(search, "MedicationRequests")
    if problem is not None:
        return problem
    if not search.complete:
        return Trouble(
            f"the search for MedicationRequests was cut short (paged): one of {described(codes)} may be among the rest"
        )
    return Nothing(f"no active MedicationRequest of {described(codes)} {window}")
