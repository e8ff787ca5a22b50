"""A patient's record as the mapper reads it: the usable-looking resources of every search result,
which searches could be made, and how far back each reached.

`from_sources` reads a CDS Hooks prefetch map (key → a Bundle, one resource, None or an
OperationOutcome). As CDS Hooks 2.0 says, a key the client left out is a query it did not make
(or that failed), and a key whose value is null one it made and found no data for: the first
leaves the inputs it would give unknown, the second lets `absent means no` say no.
`from_bundle` reads a whole record given as one Bundle, every search made.
Nothing here raises on bad JSON: a slot that is not a FHIR resource is a search not made, an entry
that is not a resource is passed over, and a resource its R4B model refuses is kept as `Rejected`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from compiler.fhir.dates import When
from compiler.fhir.resources import (
    Condition,
    Medication,
    MedicationRequest,
    Observation,
    Rejected,
    Resource,
    read,
    reference_of,
)

MAX_SHOWN = 200  # characters of an OperationOutcome's diagnostics kept in a note


@dataclass(frozen=True, slots=True)
class Search:
    """One prefetch key's search: made or not (and why not), complete or cut short by paging."""

    made: bool
    problem: str | None  # why it could not be made
    complete: bool  # False: the server said more results exist (a `next` link, a larger `total`)
    horizon: datetime | None  # when cut short: the oldest date among the results returned


@dataclass
class Chart:
    observations: list[Observation] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    requests: list[MedicationRequest] = field(default_factory=list)
    drafts: list[MedicationRequest] = field(default_factory=list)  # the context's draft orders
    medications: dict[str, Medication] = field(default_factory=dict)  # by reference and by fullUrl
    rejected: list[Rejected] = field(default_factory=list)
    rejected_drafts: list[Rejected] = field(default_factory=list)
    searches: dict[str, Search] = field(default_factory=dict)
    whole: bool = False  # a whole record: every search counts as made and complete
    _seen: set[str] = field(default_factory=set)

    def search(self, key: str) -> Search:
        if self.whole:
            return Search(True, None, True, None)
        return self.searches.get(key, Search(False, f"the prefetch {key!r} was not provided", False, None))

    def add(self, resource: Resource | Rejected, full_url: str | None) -> None:
        if isinstance(resource, Medication):
            self.medications.setdefault(resource.reference, resource)
            if full_url:
                self.medications.setdefault(full_url, resource)
            return
        if resource.reference in self._seen:
            return  # the same resource in two searches counts once
        self._seen.add(resource.reference)
        match resource:
            case Observation():
                self.observations.append(resource)
            case Condition():
                self.conditions.append(resource)
            case MedicationRequest():
                self.requests.append(resource)
            case Rejected():
                self.rejected.append(resource)


READ_KINDS = ("Observation", "Condition", "MedicationRequest")


def _unreadable(chart: Chart, reference: str, problem: str) -> None:
    """An entry that cannot be read at all may have held any resource the mapper reads: it is kept
    as refused for each of them, so that no input is read as absent ("absent means no") past it."""
    chart.rejected += [Rejected(kind, reference, problem, None, True) for kind in READ_KINDS]


def _entries(bundle: Mapping[str, Any], chart: Chart) -> Iterable[tuple[Mapping[str, Any], str, str | None, bool]]:
    """(resource, reference, fullUrl, is a search match) for each entry holding a resource; an
    entry that holds none, or an `entry` that is not a list, is kept in the chart as unreadable."""
    entries = bundle.get("entry", [])
    if not isinstance(entries, list):
        _unreadable(chart, "the Bundle's entry", "it is not a list")
        return
    for place, entry in enumerate(entries, start=1):
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        if not isinstance(resource, Mapping):
            _unreadable(chart, f"Bundle entry {place}", "it holds no resource")
            continue
        full_url = entry.get("fullUrl") if isinstance(entry.get("fullUrl"), str) else None
        search = entry.get("search")
        mode = search.get("mode") if isinstance(search, Mapping) else None
        fallback = full_url or f"{resource.get('resourceType', 'resource')!s} (entry {place})"
        yield resource, reference_of(resource, str(fallback)), full_url, mode != "include"


def _outcome(resource: Mapping[str, Any]) -> str:
    """An OperationOutcome's diagnostics in words, shortened."""
    said: list[str] = []
    issues = resource.get("issue")
    for issue in issues if isinstance(issues, list) else ():
        if not isinstance(issue, Mapping):
            continue
        details = issue.get("details")
        text = issue.get("diagnostics")
        if not isinstance(text, str) and isinstance(details, Mapping):
            text = details.get("text")
        if isinstance(text, str) and text.strip():
            said.append(" ".join(text.split()))
    words = "; ".join(said) or "no diagnostics given"
    return words if len(words) <= MAX_SHOWN else words[: MAX_SHOWN - 3] + "..."


def _read_slot(chart: Chart, key: str, value: object) -> Search:
    if value is None:  # CDS Hooks 2.0: a null key is a query the client made and found no data for
        return Search(True, None, True, None)
    if not isinstance(value, Mapping) or not isinstance(value.get("resourceType"), str):
        return Search(False, f"the prefetch {key!r} is not a FHIR resource", False, None)
    kind = value["resourceType"]
    if kind == "OperationOutcome":
        return Search(False, f"the prefetch {key!r} is an OperationOutcome: {_outcome(value)}", False, None)
    if kind != "Bundle":
        found = read(value, reference_of(value, f"{kind} (prefetch {key})"))
        if found is not None:
            chart.add(found, None)
        return Search(True, None, True, None)
    matches = 0
    dates: list[When] = []
    for resource, reference, full_url, match in _entries(value, chart):
        if resource.get("resourceType") == "OperationOutcome":
            continue  # a warning beside the results (search.mode outcome)
        matches += match
        found = read(resource, reference)
        if found is None:
            continue
        chart.add(found, full_url)
        if isinstance(found, Observation) and found.when is not None:
            dates.append(found.when)
    complete = not _has_next(value)
    total = value.get("total")
    if isinstance(total, int) and not isinstance(total, bool) and total > matches:
        complete = False
    horizon = None if complete or not dates else min(d.start for d in dates)
    return Search(True, None, complete, horizon)


def _has_next(bundle: Mapping[str, Any]) -> bool:
    links = bundle.get("link")
    return isinstance(links, list) and any(
        isinstance(link, Mapping) and link.get("relation") == "next" for link in links
    )


def from_sources(
    sources: Mapping[str, object | None], keys: Iterable[str], draft_orders: Sequence[Mapping[str, Any]] = ()
) -> Chart:
    """The record of a CDS Hooks call: every slot read (resources pooled whatever slot they came
    in), and for each of `keys` whether its search was made."""
    chart = Chart()
    wanted = set(keys)
    for key in sorted(sources, key=str) if isinstance(sources, Mapping) else ():
        search = _read_slot(chart, str(key), sources[key])
        if key in wanted:
            chart.searches[str(key)] = search
    _add_drafts(chart, draft_orders)
    return chart


def _add_drafts(chart: Chart, draft_orders: object) -> None:
    if not isinstance(draft_orders, Sequence) or isinstance(draft_orders, (str, bytes)):
        return
    for place, order in enumerate(draft_orders, start=1):
        if not isinstance(order, Mapping):
            continue
        found = read(order, reference_of(order, f"draft order {place}"))
        if isinstance(found, MedicationRequest):
            chart.drafts.append(found)
        elif isinstance(found, Rejected):
            chart.rejected_drafts.append(found)


def from_bundle(bundle: Mapping[str, Any]) -> Chart:
    """A whole record in one Bundle (any type): every search counts as made and complete."""
    chart = Chart(whole=True)
    if isinstance(bundle, Mapping):
        for resource, reference, full_url, _ in _entries(bundle, chart):
            found = read(resource, reference)
            if found is not None:
                chart.add(found, full_url)
    return chart
