"""Where an input comes from in a FHIR R4 record: the bindings of the `Program`.

Written next to each input in the guideline text (docs/fhir.md), checked by `dsl.semantics`,
read by the FHIR mapper (`compiler.fhir`) and by the CDS Hooks service's prefetch templates:

    input platelets "Platelet count"
      number in 10*9/L
      loinc 777-3
      loinc 26515-7
      ...
      from observation within 7 days               # the input's own LOINC codes
    input allopurinol "Allopurinol co-prescribed"
      yes or no
      from medication rxnorm 519
      absent means no
    input indication "Indication"
      one of autoimmune_hepatitis, inflammatory_bowel_disease, immune_thrombocytopenia, other
      from condition snomed 408335007, icd10 K75.4 means autoimmune_hepatitis
      from condition icd10 D69.3 means immune_thrombocytopenia
    input platelet_lower_limit ...
      from reference range of platelets
    input platelet_trend ...
      from trend of platelets, last 3 within 90 days
    input months_on_azathioprine ...
      from months since first medication rxnorm 1256

How an input's value is read (the mapper's rules, stated once here):

- Each `from` line is a `Binding`. Each finds a value or nothing. When the values found agree,
  that is the input's value; when they disagree the input is unknown, and the reason says so
  (the record contradicts itself: never a guess).
- When no line finds anything, `absent` decides: `unknown` (the default), or `no` for a yes/no
  input that declares `absent means no` (a successful search without a match means false). A
  search that could not be made (no prefetch, no FHIR server) always leaves the input unknown.
- Usable resources only: Observations `final`, `amended`, `corrected`; Conditions with
  `clinicalStatus` `active`, `recurrence` or `relapse` and a `verificationStatus` other than
  `refuted` or `entered-in-error`; MedicationRequests `active` (and, in an `order-select` or
  `order-sign` call, the draft orders of the context).
- An Observation's number is its `valueQuantity`, converted to the input's unit through the
  input's accepted units and aliases (the same table the evaluator validates with): a unit the
  input does not accept makes the input invalid, with the recorded unit in the reason. The
  latest Observation (by `effective[x]`, then `issued`) within the window counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dsl.model import Span

CodeSystem = Literal["loinc", "snomed", "icd10", "rxnorm", "hgnc"]
SYSTEMS: dict[str, str] = {  # the word written in a guideline → the FHIR code system URI
    "loinc": "http://loinc.org",
    "snomed": "http://snomed.info/sct",
    "icd10": "http://hl7.org/fhir/sid/icd-10-cm",
    "rxnorm": "http://www.nlm.nih.gov/research/umls/rxnorm",
    "hgnc": "http://www.genenames.org",
}
Resource = Literal["Observation", "Condition", "MedicationRequest"]
Value = bool | str  # a yes/no value or a choice


@dataclass(frozen=True, slots=True)
class Code:
    """A code of a code system. `family`: written `K50.*`, it stands for the code and every code
    below it in the hierarchy written into the code (`K50`, `K50.0`, `K50.011`, ...)."""

    system: CodeSystem
    code: str
    family: bool
    span: Span

    @property
    def uri(self) -> str:
        return SYSTEMS[self.system]

    def matches(self, system_uri: str, code: str) -> bool:
        if system_uri != self.uri:
            return False
        if not self.family:
            return code == self.code
        return code == self.code or code.startswith(self.code + ".") or (
            "." in self.code and code.startswith(self.code)
        )


@dataclass(frozen=True, slots=True)
class ValueMap:
    """`map CODE means VALUE`: an Observation whose `valueCodeableConcept` holds CODE gives VALUE."""

    code: Code
    value: Value
    span: Span


@dataclass(frozen=True, slots=True)
class Record:
    """`from observation|condition|medication [CODES] [where component CODE is CODE]
    [before first medication CODES] [within N days] [means VALUE]`, then `map` lines.

    - `codes`: the resource's `code` (an Observation, a Condition) or its medication
      (`medicationCodeableConcept`, or the Medication it references); an observation written
      without codes takes the input's own `loinc` lines.
    - `component`: for an Observation, a component that must be there with this code and value
      (the gene studied of a genomics phenotype: `where component loinc 48018-6 is hgnc HGNC:12014`).
    - `before_first`: only Observations effective before the first (earliest `authoredOn`)
      MedicationRequest of these codes; `within_days` then counts back from that date.
    - `within_days`: how old the resource may be (an Observation's effective date, a Condition's
      onset or recorded date, a MedicationRequest's `authoredOn`), counted back from now.
    - `value`: what a match gives (`means VALUE`); None for an Observation read for its own value
      (a number, a boolean, or through `maps`); a yes/no input's Condition or medication gives yes.
    - `unit`: the unit the Observation is recorded in, when the guideline says (`in UNIT`):
      checked at compile time to convert to the input's unit.
    """

    resource: Resource
    codes: tuple[Code, ...]
    within_days: int | None
    value: Value | None
    maps: tuple[ValueMap, ...]
    component: tuple[Code, Code] | None
    before_first: tuple[Code, ...] | None
    unit: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class ReferenceRange:
    """`from reference range of INPUT`: `referenceRange.low` of the Observation that gave INPUT,
    converted to this input's unit."""

    of: str
    span: Span


@dataclass(frozen=True, slots=True)
class Trend:
    """`from trend of INPUT, last N within D days`: the last N values of INPUT's Observations
    within D days, in date order: `falling` when each is lower than the one before, `rising`
    when each is higher, `stable` otherwise; nothing when there are fewer than N."""

    of: str
    count: int
    within_days: int
    span: Span


@dataclass(frozen=True, slots=True)
class MonthsSince:
    """`from months since first medication CODES`: whole months from the earliest `authoredOn`
    of these MedicationRequests to now, while one of them is active."""

    codes: tuple[Code, ...]
    span: Span


Binding = Record | ReferenceRange | Trend | MonthsSince
Absent = Literal["unknown", "no"]


@dataclass(frozen=True, slots=True)
class Fhir:
    """An input's place in a FHIR record: its `from` lines in the order written, and what a
    record without any match means."""

    bindings: tuple[Binding, ...]
    absent: Absent
    span: Span
