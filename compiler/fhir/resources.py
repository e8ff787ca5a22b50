"""FHIR R4 resources read at the edge: JSON validated with the `fhir.resources.R4B` models, then
kept as plain typed data that the mapper reads.

Only the resources the bindings can use are read: Observation, Condition, MedicationRequest and
Medication. A resource that fails its R4B model (an unparseable date, a value of the wrong type, a
field R4 does not have) becomes a `Rejected`, with the model's first complaint in words and what
could still be made out of its raw JSON (its codes and status), so that the input it would have
given can be made unknown with the reason rather than silently read from an older resource.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from compiler.fhir.dates import When, when

Coding = tuple[str, str]  # (system URI, code); the system is "" when the coding has none
UCUM = "http://unitsofmeasure.org"
READ = ("Observation", "Condition", "MedicationRequest", "Medication")  # what the bindings can use
# Usable statuses (specification section 9; dsl/bindings.py).
OBSERVATION_USABLE = frozenset({"final", "amended", "corrected"})
CONDITION_CLINICAL = frozenset({"active", "recurrence", "relapse"})
CONDITION_EXCLUDED = frozenset({"refuted", "entered-in-error"})
MEDICATION_USABLE = frozenset({"active"})


@dataclass(frozen=True, slots=True)
class Quantity:
    value: int | float | None  # as recorded; None when the quantity has no value
    unit: str | None  # `unit`, the text as recorded
    code: str | None  # `code`, the coded unit
    system: str | None
    comparator: str | None  # `<`, `<=`, `>=`, `>`: not an exact value

    @property
    def recorded_unit(self) -> str | None:
        """The unit to read: the UCUM code when the quantity says it is UCUM, else the text."""
        if self.code and self.system == UCUM:
            return self.code
        return self.unit or self.code


@dataclass(frozen=True, slots=True)
class Component:
    codes: tuple[Coding, ...]
    concept: tuple[Coding, ...]  # its valueCodeableConcept


@dataclass(frozen=True, slots=True)
class Observation:
    reference: str
    status: str
    codes: tuple[Coding, ...]
    when: When | None  # effective[x] (a period's end, else its start), else `issued`
    issued: When | None
    quantity: Quantity | None
    concept: tuple[Coding, ...] | None  # valueCodeableConcept
    boolean: bool | None  # valueBoolean
    other_value: str | None  # the name of any other value[x] recorded (valueString, ...)
    absent_reason: str | None  # dataAbsentReason, in words
    components: tuple[Component, ...]
    lows: tuple[Quantity, ...]  # referenceRange.low of the ranges without a type, or of type normal


@dataclass(frozen=True, slots=True)
class Condition:
    reference: str
    codes: tuple[Coding, ...]
    clinical: str | None  # clinicalStatus code
    verification: str | None  # verificationStatus code
    when: When | None  # onset, else recordedDate


@dataclass(frozen=True, slots=True)
class Medication:
    reference: str
    codes: tuple[Coding, ...]  # its code and its ingredients' codes


@dataclass(frozen=True, slots=True)
class MedicationRequest:
    reference: str
    status: str
    codes: tuple[Coding, ...]  # medicationCodeableConcept
    medication: str | None  # medicationReference.reference, as written
    contained: tuple[Medication, ...]
    authored: When | None


@dataclass(frozen=True, slots=True)
class Rejected:
    """A resource its R4B model refused: what it is, why, and what its raw JSON still tells."""

    resource_type: str
    reference: str
    problem: str
    codes: tuple[Coding, ...] | None  # None: cannot tell which codes (or medication) it holds
    usable: bool  # False only when its raw JSON plainly gives a status that is not usable


Resource = Observation | Condition | MedicationRequest | Medication


def reference_of(raw: Mapping[str, Any], fallback: str) -> str:
    """`Type/id`, or the fallback (a Bundle entry's fullUrl, or its place) when it has no id."""
    kind, ident = raw.get("resourceType"), raw.get("id")
    if isinstance(kind, str) and isinstance(ident, str) and ident:
        return f"{kind}/{ident}"
    return fallback


def read(raw: Mapping[str, Any], reference: str) -> Resource | Rejected | None:
    """The resource, validated with its R4B model; None for a type the bindings never read."""
    kind = raw.get("resourceType")
    if kind not in READ:
        return None
    try:
        model = _model(str(kind)).model_validate(dict(raw))
    except Exception as error:  # noqa: BLE001 - the library's validators may raise anything on hostile JSON
        return Rejected(str(kind), reference, _complaint(error), _raw_codes(raw), _raw_usable(raw))
    try:
        return _plain(str(kind), model, reference)
    except _Unusable as error:
        return Rejected(str(kind), reference, str(error), _raw_codes(raw), _raw_usable(raw))


class _Unusable(ValueError):
    """A resource valid by its model whose content cannot be read (a value beyond any float)."""


def _model(kind: str) -> Any:
    from fhir.resources.R4B import get_fhir_model_class

    return get_fhir_model_class(kind)


def _complaint(error: Exception) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        try:
            first = errors()[0]
            where = ".".join(str(part) for part in first.get("loc", ()) if part != "__root__")
            message = str(first.get("msg", "invalid")).splitlines()[0].strip()
            return f"{where}: {message}" if where else message
        except Exception:  # noqa: BLE001 - a complaint about a complaint: fall back to its name
            pass
    return f"not a valid FHIR R4 resource ({type(error).__name__})"


def _plain(kind: str, model: Any, reference: str) -> Resource:
    if kind == "Observation":
        return _observation(model, reference)
    if kind == "Condition":
        return Condition(
            reference,
            _codings(model.code),
            _status_code(model.clinicalStatus),
            _status_code(model.verificationStatus),
            _first_when(model.onsetDateTime, _period_start(model.onsetPeriod), model.recordedDate),
        )
    if kind == "MedicationRequest":
        contained = tuple(
            _medication(item, f"#{item.id}") for item in (model.contained or ()) if _type(item) == "Medication"
        )
        ref = model.medicationReference.reference if model.medicationReference is not None else None
        return MedicationRequest(
            reference,
            str(model.status),
            _codings(model.medicationCodeableConcept),
            ref,
            contained,
            when(model.authoredOn),
        )
    return _medication(model, reference)


def _type(model: Any) -> str:
    getter = getattr(model, "get_resource_type", None)
    return str(getter()) if callable(getter) else ""


def _medication(model: Any, reference: str) -> Medication:
    codes = list(_codings(model.code))
    for ingredient in model.ingredient or ():
        codes += _codings(ingredient.itemCodeableConcept)
    return Medication(reference, tuple(codes))


def _observation(model: Any, reference: str) -> Observation:
    period = model.effectivePeriod
    effective = _first_when(
        model.effectiveDateTime,
        model.effectiveInstant,
        period.end if period is not None else None,
        _period_start(period),
    )
    issued = when(model.issued)
    others = (
        "valueString",
        "valueInteger",
        "valueRange",
        "valueRatio",
        "valueSampledData",
        "valueTime",
        "valueDateTime",
        "valuePeriod",
    )
    other = next((name for name in others if getattr(model, name) is not None), None)
    lows = tuple(
        _quantity(r.low)
        for r in model.referenceRange or ()
        if r.low is not None and (r.type is None or any(code == "normal" for _, code in _codings(r.type)))
    )
    components = tuple(Component(_codings(c.code), _codings(c.valueCodeableConcept)) for c in model.component or ())
    absent = model.dataAbsentReason
    return Observation(
        reference,
        str(model.status),
        _codings(model.code),
        effective if effective is not None else issued,
        issued,
        _quantity(model.valueQuantity) if model.valueQuantity is not None else None,
        _codings(model.valueCodeableConcept) if model.valueCodeableConcept is not None else None,
        model.valueBoolean if isinstance(model.valueBoolean, bool) else None,
        other,
        _concept_text(absent) if absent is not None else None,
        components,
        lows,
    )


def _quantity(model: Any) -> Quantity:
    return Quantity(_number(model.value), model.unit, model.code, model.system, model.comparator)


def _number(value: object) -> int | float | None:
    """A recorded decimal as JSON would hold it: an int when it is whole, else a float."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _Unusable("its value is not a finite number")
        if value == value.to_integral_value() and abs(value) < Decimal(10) ** 15:
            return int(value)
        number = float(value)
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Unusable("its value is not a number")
    else:
        number = float(value)
        if number.is_integer() and abs(number) < 1e15:
            return int(number)
    if math.isinf(number) or math.isnan(number):
        raise _Unusable("its value is beyond the range of numbers")
    return number


def _codings(concept: Any) -> tuple[Coding, ...]:
    if concept is None:
        return ()
    return tuple((c.system or "", c.code) for c in concept.coding or () if c.code)


def _status_code(concept: Any) -> str | None:
    codes = _codings(concept)
    return codes[0][1] if codes else None


def _concept_text(concept: Any) -> str:
    codes = _codings(concept)
    if codes:
        return codes[0][1]
    return str(concept.text) if concept.text else "a reason not coded"


def _period_start(period: Any) -> object:
    return period.start if period is not None else None


def _first_when(*values: object) -> When | None:
    for value in values:
        if value is not None:
            return when(value)
    return None


# ---- what a refused resource's raw JSON still tells ----


def _raw_codes(raw: Mapping[str, Any]) -> tuple[Coding, ...] | None:
    kind = raw.get("resourceType")
    if kind == "MedicationRequest":
        if "medicationCodeableConcept" not in raw:
            return None  # a referenced medication: it may be any
        return _raw_concept(raw.get("medicationCodeableConcept"))
    return _raw_concept(raw.get("code"))


def _raw_concept(concept: object) -> tuple[Coding, ...] | None:
    if not isinstance(concept, Mapping) or not isinstance(concept.get("coding"), list):
        return None
    codes = []
    for coding in concept["coding"]:
        if not isinstance(coding, Mapping) or not isinstance(coding.get("code"), str):
            return None
        system = coding.get("system")
        codes.append((system if isinstance(system, str) else "", coding["code"]))
    return tuple(codes)


def _raw_usable(raw: Mapping[str, Any]) -> bool:
    kind = raw.get("resourceType")
    if kind == "Condition":
        clinical = _raw_concept(raw.get("clinicalStatus"))
        verification = _raw_concept(raw.get("verificationStatus"))
        if clinical and not any(code in CONDITION_CLINICAL for _, code in clinical):
            return False
        return not (verification and any(code in CONDITION_EXCLUDED for _, code in verification))
    status = raw.get("status")
    if not isinstance(status, str):
        return True
    if kind == "Observation":
        return status in OBSERVATION_USABLE
    if kind == "MedicationRequest":
        return status in MEDICATION_USABLE
    return True
