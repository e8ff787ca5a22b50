"""The values the bindings derive from several resources: the first order of a medication and the
months since it, the trend of the last counts, the reference range of the Observation another
input was read from."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from compiler.fhir.codes import described, matches
from compiler.fhir.dates import When, days_before, whole_months
from compiler.fhir.find import (
    Context,
    Found,
    Label,
    Nothing,
    Outcome,
    Trouble,
    active_requests,
    convert,
    in_window,
    medication_codes,
    read_quantity,
    relevant_rejected,
    search_trouble,
    truncated,
    usable_observations,
    window_words,
)
from compiler.fhir.provenance import Provenance
from compiler.fhir.queries import MEDICATIONS, OBSERVATIONS, observation_codes
from compiler.fhir.resources import MedicationRequest
from dsl.bindings import Code, MonthsSince, ReferenceRange, Trend
from dsl.program import Input, Program

NEVER_GIVEN = frozenset({"entered-in-error", "cancelled", "draft"})  # orders that never were


def first_request(context: Context, codes: tuple[Code, ...]) -> tuple[When, MedicationRequest] | Outcome:
    """The earliest `authoredOn` among the MedicationRequests of `codes` (any status but
    entered-in-error, cancelled or a draft of the record; the context's draft orders count, dated
    now when they give no date)."""
    what = f"MedicationRequests of {described(codes)}"
    search = context.chart.search(MEDICATIONS)
    problem = search_trouble(search, what)
    if problem is not None:
        return problem
    if not search.complete:
        return Trouble(f"the search for {what} was cut short (paged), so the first one cannot be told")
    dated: list[tuple[When, MedicationRequest]] = []
    undated: list[str] = []
    orders = [r for r in context.chart.requests if r.status not in NEVER_GIVEN]
    for item in [*orders, *context.chart.drafts]:
        held = medication_codes(context, item)
        if held is None:
            undated.append(
                f"{item.reference} names the medication {item.medication}, which the record does not include"
            )
            continue
        if matches(codes, held) is None:
            continue
        when = item.authored
        if when is None and item in context.chart.drafts:
            moment = context.now
            when = When(moment, moment, moment.isoformat())
        if when is None or not when.exact:
            shown = "no authoredOn" if when is None else f"an authoredOn of {when.text} only"
            undated.append(f"{item.reference} has {shown}, so the first one cannot be told")
            continue
        dated.append((when, item))
    refused = [
        r
        for r in context.chart.rejected
        if r.resource_type == "MedicationRequest" and (r.codes is None or matches(codes, r.codes) is not None)
    ]
    if refused or undated:
        return Trouble("; ".join([*undated, *(f"{r.reference} cannot be read ({r.problem})" for r in refused)]))
    if not dated:
        return Nothing(f"no MedicationRequest of {described(codes)} in the record")
    return min(dated, key=lambda pair: (pair[0].start, pair[1].reference))


def months_since(context: Context, binding: MonthsSince, label: Label) -> Outcome:
    first = first_request(context, binding.codes)
    if not isinstance(first, tuple):
        return first
    active = [r for r in active_requests(context) if _holds(context, r, binding.codes)]
    if not active:
        return Nothing(f"no active MedicationRequest of {described(binding.codes)}")
    when, order = first
    months = whole_months(when.start, context.now)
    sources = [Provenance(order.reference, when.text, when.text, None, label[0], label[1])]
    current = active[0]
    if current.reference != order.reference:
        date = current.authored.text if current.authored is not None else None
        sources.append(Provenance(current.reference, date, current.status, None, label[0], label[1]))
    return Found(months, tuple(sources), Fraction(months))


def _holds(context: Context, item: MedicationRequest, codes: tuple[Code, ...]) -> bool:
    held = medication_codes(context, item)
    return held is not None and matches(codes, held) is not None


def trend(context: Context, program: Program, binding: Trend, label: Label) -> Outcome:
    of = program.input_table.get(binding.of)
    if of is None:
        return Trouble(f"the trend reads {binding.of}, which is not an input")
    codes = observation_codes(program, of)
    search = context.chart.search(OBSERVATIONS)
    what = f"Observations of {described(codes)}"
    problem = search_trouble(search, what)
    if problem is not None:
        return problem
    start = days_before(context.now, binding.within_days)
    window = window_words(binding.within_days)
    refused = relevant_rejected(context.chart.rejected, "Observation", codes)
    if refused:
        return Trouble("; ".join(f"{r.reference} cannot be read ({r.problem})" for r in refused))
    inside = in_window(usable_observations(context, codes), start, None, window)
    if isinstance(inside, Trouble):
        return inside
    if len(inside) < binding.count:
        if truncated(search, start):
            return Trouble(f"the search for {what} was cut short (paged) before reaching back {window}")
        return Nothing(f"{len(inside)} usable {what} {window}: a trend needs {binding.count}")
    last = inside[-binding.count :]
    values: list[Fraction] = []
    sources: list[Provenance] = []
    for item in last:
        number = read_quantity(item.quantity, item.reference)
        if isinstance(number, Trouble):
            return number
        value, unit = number
        converted = None if unit is None else convert(of, value, unit)
        if converted is None:
            shown = "no unit" if unit is None else f"the unit {unit!r}"
            return Trouble(f"{item.reference} has {shown}, which {of.name} does not accept")
        values.append(converted)
        date = item.when.text if item.when is not None else None
        sources.append(Provenance(item.reference, date, value, unit, label[0], label[1]))
    pairs = list(zip(values, values[1:], strict=False))
    if all(b < a for a, b in pairs):
        direction = "falling"
    elif all(b > a for a, b in pairs):
        direction = "rising"
    else:
        direction = "stable"
    return Found(direction, tuple(sources), direction)


def reference_range(
    spec: Input, binding: ReferenceRange, label: Label, outcome_of: Callable[[str], Outcome]
) -> Outcome:
    given = outcome_of(binding.of)
    if not isinstance(given, Found) or given.observation is None:
        return Nothing(f"{binding.of} was not read from an Observation, so there is no reference range to read")
    item = given.observation
    lows = sorted(set(item.lows), key=repr)
    if not lows:
        return Nothing(f"{item.reference} (which gave {binding.of}) has no reference range low")
    if len(lows) > 1:
        return Trouble(f"{item.reference} has {len(lows)} different reference range lows")
    number = read_quantity(lows[0], f"the reference range low of {item.reference}")
    if isinstance(number, Trouble):
        return number
    value, unit = number
    if spec.units and unit is None:
        return Trouble(f"the reference range low of {item.reference} has no unit")
    converted = None if unit is None else convert(spec, value, unit)
    shown: object = {"value": value, "unit": unit} if spec.units else value
    date = item.when.text if item.when is not None else None
    source = Provenance(item.reference, date, value, unit, label[0], label[1])
    return Found(shown, (source,), converted if converted is not None else (value, unit))
