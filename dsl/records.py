"""The `from` lines of the inputs checked and resolved into `dsl.bindings` (docs/fhir.md).

`resolve(models, specs, report)` is called by `dsl.semantics` once every input is resolved (a
derivation reads another input). It reports each problem at its place (a code system a resource
does not use, a LOINC code with a wrong check digit, a code listed twice, a recorded unit that
cannot convert to the input's unit, a percentage bound to a count, a value that is not one of the
input's, a derivation of an input that is not read from an Observation, ...) and returns each
input's `Fhir` binding.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import assert_never, cast

from dsl import model as m
from dsl import units
from dsl.bindings import (
    Absent,
    Binding,
    Code,
    CodeSystem,
    Fhir,
    MonthsSince,
    Record,
    ReferenceRange,
    Resource,
    Trend,
    Value,
    ValueMap,
)
from dsl.errors import did_you_mean
from dsl.program import Input

Report = Callable[[m.Span, str], None]

RESOURCES: dict[str, Resource] = {
    "observation": "Observation",
    "condition": "Condition",
    "medication": "MedicationRequest",
}
# The code systems each resource is coded in.
CODED_IN: dict[str, tuple[str, ...]] = {
    "observation": ("loinc",),
    "condition": ("snomed", "icd10"),
    "medication": ("rxnorm",),
    "months since": ("rxnorm",),
}
TREND_VALUES = ("falling", "rising", "stable")
_LOINC = re.compile(r"\d{1,7}-\d")
_FAMILY = re.compile(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{0,4})?\.?\*")  # an ICD-10-CM code and its descendants


class _Resolver:
    def __init__(self, models: Mapping[str, m.Input], specs: Mapping[str, Input], report: Report) -> None:
        self.models = models
        self.specs = specs
        self.report = report

    def input(self, model: m.Input, spec: Input) -> Fhir | None:
        if model.absent is not None and not model.sources:
            self.report(
                model.absent.span,
                f"'absent means' says what a record without a match means: add a 'from' line to '{model.name}'",
            )
            return None
        if not model.sources:
            return None
        seen: dict[tuple[str, str], m.Span] = {}
        bindings: list[Binding] = []
        for line in model.sources:
            binding = self.binding(line, model, spec, seen)
            if binding is not None:
                bindings.append(binding)
        absent: Absent = "unknown"
        if model.absent is not None and model.absent.name == "no":
            if spec.kind != "boolean":
                self.report(
                    model.absent.span,
                    f"'absent means no' is for a yes/no input; '{model.name}' stays unknown "
                    "when the record has nothing",
                )
            else:
                absent = "no"
        if len(bindings) != len(model.sources):
            return None
        return Fhir(tuple(bindings), absent, model.sources[0].span)

    # ---- one line ----
    def binding(
        self, line: m.FromLine, model: m.Input, spec: Input, seen: dict[tuple[str, str], m.Span]
    ) -> Binding | None:
        match line.kind:
            case "observation" | "condition" | "medication":
                return self.record(line, model, spec, seen)
            case "reference range":
                return self.reference_range(line, model, spec)
            case "trend":
                return self.trend(line, model, spec)
            case "months since":
                return self.months_since(line, model, spec, seen)
            case _:
                assert_never(line.kind)

    def codes(
        self, written: tuple[m.CodeRef, ...], kind: str, owner: str, seen: dict[tuple[str, str], m.Span] | None
    ) -> tuple[Code, ...] | None:
        found: list[Code] = []
        ok = True
        for ref in written:
            code = self.code(ref, CODED_IN[kind], kind)
            if code is None:
                ok = False
                continue
            if seen is not None:
                key = (ref.system, ref.code)
                if key in seen:
                    self.report(
                        ref.span, f"'{ref.system} {ref.code}' is already listed for '{owner}', on line {seen[key].line}"
                    )
                    ok = False
                    continue
                seen[key] = ref.span
            found.append(code)
        return tuple(found) if ok else None

    def code(self, ref: m.CodeRef, systems: tuple[str, ...], kind: str) -> Code | None:
        if ref.system not in systems:
            listed = " or ".join(systems)
            article = "an" if kind[0] in "aeiou" else "a"
            self.report(ref.span, f"{article} {kind} is coded in {listed}, not {ref.system}")
            return None
        family = ref.code.endswith("*")
        code = ref.code.rstrip("*").rstrip(".") if family else ref.code
        if family and (ref.system != "icd10" or not _FAMILY.fullmatch(ref.code)):
            self.report(
                ref.span, f"'{ref.code}': only an ICD-10-CM code stands for its descendants, written like K50.*"
            )
            return None
        if "*" in code:
            self.report(ref.span, f"'{ref.code}': a '*' stands only at the end, after a dot (K50.*)")
            return None
        if ref.system == "loinc" and not code.startswith("LA"):
            problem = loinc_problem(code)
            if problem:
                self.report(ref.span, problem)
                return None
        return Code(cast(CodeSystem, ref.system), code, family, ref.span)

    def days(self, literal: m.Literal_ | None, what: str, least: int = 1) -> int | None:
        if literal is None:
            return None
        value = literal.value
        if not isinstance(value, float) or not math.isfinite(value) or value != int(value) or value < least:
            self.report(literal.span, f"{what} is a whole number, at least {least}")
            return None
        return int(value)

    def value(self, literal: m.Literal_, model: m.Input, spec: Input) -> Value | None:
        v = literal.value
        if spec.kind == "boolean" and isinstance(v, bool):
            return v
        if spec.kind == "choice" and isinstance(v, str) and v in spec.choices:
            return v
        if spec.kind == "choice" and isinstance(v, str):
            listed = ", ".join(spec.choices)
            self.report(
                literal.span,
                f"'{v}' is not one of the values of '{model.name}' ({listed}){did_you_mean(v, spec.choices)}",
            )
            return None
        words = {"boolean": "yes or no", "choice": "one of " + ", ".join(spec.choices), "number": "a number"}[spec.kind]
        self.report(literal.span, f"'{model.name}' is {words}: this value cannot be one of its")
        return None

    def record(
        self, line: m.FromLine, model: m.Input, spec: Input, seen: dict[tuple[str, str], m.Span]
    ) -> Record | None:
        kind = line.kind
        ok = True
        written = line.codes
        if not written and kind == "observation":
            written = tuple(m.CodeRef("loinc", code, model.span) for code in spec.loinc)
            if not written:
                self.report(line.span, f"name the observation's codes, or give '{model.name}' its 'loinc' lines")
                return None
        elif not written:
            self.report(line.span, f"name the {kind}'s codes, e.g. 'from {kind} {CODED_IN[kind][0]} CODE'")
            return None
        codes = self.codes(written, kind, model.name, seen if line.codes else None)
        ok &= codes is not None
        component = None
        if line.component is not None:
            if kind != "observation":
                self.report(line.span, "'where component' belongs to a 'from observation' line")
                ok = False
            else:
                name = self.code(line.component[0], ("loinc",), "component")
                holds = self.code(line.component[1], ("hgnc", "loinc", "snomed"), "component value")
                ok &= name is not None and holds is not None
                component = (name, holds) if name is not None and holds is not None else None
        before_first = None
        if line.before_first is not None:
            if kind != "observation":
                self.report(line.span, "'before first medication' belongs to a 'from observation' line")
                ok = False
            else:
                before_first = self.codes(line.before_first, "medication", model.name, None)
                ok &= before_first is not None
        within = self.days(line.within, "the number of days")
        ok &= line.within is None or within is not None
        unit = None
        if line.unit is not None:
            unit = self.recorded_unit(line, model, spec)
            ok &= unit is not None
        value: Value | None = None
        if line.value is not None:
            if kind == "observation":
                self.report(
                    line.value.span,
                    "an observation gives its own value: write 'map CODE means VALUE' lines for coded values",
                )
                ok = False
            else:
                value = self.value(line.value, model, spec)
                ok &= value is not None
        maps = []
        for mapped in line.maps:
            code = self.code(mapped.code, ("loinc", "snomed"), "coded value")
            mapped_value = self.value(mapped.value, model, spec)
            if code is None or mapped_value is None:
                ok = False
            else:
                maps.append(ValueMap(code, mapped_value, mapped.span))
        ok &= self.fits(line, model, spec, value, maps)
        if not ok or codes is None:
            return None
        return Record(RESOURCES[kind], codes, within, value, tuple(maps), component, before_first, unit, line.span)

    def fits(self, line: m.FromLine, model: m.Input, spec: Input, value: Value | None, maps: list[ValueMap]) -> bool:
        """A resource gives the kind of value the input has."""
        kind = line.kind
        if spec.kind == "number":
            if kind != "observation":
                self.report(
                    line.span,
                    f"a {kind} gives yes or a value, not a number: '{model.name}' is read from an observation",
                )
                return False
            if line.maps:
                self.report(
                    line.maps[0].span,
                    "a number is read with its unit from the observation's value; 'map' is for coded values",
                )
                return False
            return True
        if line.unit is not None:
            self.report(line.unit.span, f"'{model.name}' is not a number: its record has no unit")
            return False
        if kind == "observation" and spec.kind == "choice" and not line.maps:
            self.report(
                line.span,
                f"'{model.name}' is one of a list of values: "
                "map the observation's codes with 'map CODE means VALUE' lines",
            )
            return False
        if kind != "observation" and spec.kind == "choice" and value is None and line.value is None:
            self.report(line.span, f"say which value of '{model.name}' this {kind} gives: add 'means VALUE'")
            return False
        return True

    def recorded_unit(self, line: m.FromLine, model: m.Input, spec: Input) -> str | None:
        assert line.unit is not None
        unit = line.unit.name
        if spec.kind != "number" or spec.unit is None:
            return unit  # reported by `fits`
        try:
            units.validate(unit)
        except units.UnitError as error:
            self.report(line.unit.span, f"{error}: write the unit as UCUM")
            return None
        if units.dimension(unit) != units.dimension(spec.unit):
            if unit == "%" or units.dimension(unit) == units.dimension("1"):
                self.report(
                    line.unit.span,
                    f"a percentage cannot give '{model.name}', which is "
                    f"{units.describe_dimension(spec.unit)} in {spec.unit}: bind the absolute count's codes",
                )
            else:
                self.report(line.unit.span, f"'{unit}' cannot be converted to {spec.unit}, the unit of '{model.name}'")
            return None
        accepted = {spelling for spelling, _, _ in spec.units} | {spec.unit}
        if unit not in accepted:
            self.report(
                line.unit.span,
                f"'{model.name}' does not accept '{unit}': add 'accepts {unit}' so that such a value can be read",
            )
            return None
        return unit

    # ---- derivations ----
    def derived_from(self, line: m.FromLine, model: m.Input) -> Input | None:
        assert line.of is not None
        name = line.of.name
        source = self.specs.get(name)
        source_model = self.models.get(name)
        if source is None or source_model is None:
            self.report(line.of.span, f"'{name}' is not an input{did_you_mean(name, self.models)}")
            return None
        if name == model.name:
            self.report(line.of.span, f"'{name}' cannot be derived from itself")
            return None
        if source.kind != "number" or not any(s.kind == "observation" for s in source_model.sources):
            self.report(
                line.of.span, f"'{name}' must be a number read 'from observation' for this to be derived from it"
            )
            return None
        return source

    def reference_range(self, line: m.FromLine, model: m.Input, spec: Input) -> ReferenceRange | None:
        source = self.derived_from(line, model)
        if source is None:
            return None
        assert line.of is not None
        if spec.kind != "number":
            self.report(line.span, f"a reference range's low end is a number, and '{model.name}' is not one")
            return None
        if (
            spec.unit is not None
            and source.unit is not None
            and units.dimension(spec.unit) != units.dimension(source.unit)
        ):
            self.report(line.of.span, f"'{line.of.name}' is in {source.unit}, which cannot be converted to {spec.unit}")
            return None
        return ReferenceRange(line.of.name, line.span)

    def trend(self, line: m.FromLine, model: m.Input, spec: Input) -> Trend | None:
        source = self.derived_from(line, model)
        count = self.days(line.count, "the number of values", least=2)
        within = self.days(line.within, "the number of days")
        if spec.kind != "choice" or not set(TREND_VALUES) <= set(spec.choices):
            self.report(line.span, f"a trend is falling, rising or stable: '{model.name}' must have these values")
            return None
        if source is None or count is None or within is None:
            return None
        assert line.of is not None
        return Trend(line.of.name, count, within, line.span)

    def months_since(
        self, line: m.FromLine, model: m.Input, spec: Input, seen: dict[tuple[str, str], m.Span]
    ) -> MonthsSince | None:
        codes = self.codes(line.codes, "months since", model.name, seen)
        if spec.kind != "number" or spec.unit is None:
            self.report(line.span, f"months since a date is a number of months: '{model.name}' must be 'number in mo'")
            return None
        try:
            units.factor("mo", spec.unit)
        except units.UnitError:
            self.report(line.span, f"months since a date is a number of months: '{model.name}' is in {spec.unit}")
            return None
        if codes is None:
            return None
        return MonthsSince(codes, line.span)


def resolve(models: Mapping[str, m.Input], specs: Mapping[str, Input], report: Report) -> dict[str, Fhir]:
    """Each input's `Fhir` binding (inputs without `from` lines have none), every problem reported."""
    resolver = _Resolver(models, specs, report)
    found: dict[str, Fhir] = {}
    for name, model in models.items():
        spec = specs.get(name)
        if spec is None:
            continue
        fhir = resolver.input(model, spec)
        if fhir is not None:
            found[name] = fhir
    return found


def loinc_problem(code: str) -> str | None:
    """LOINC codes end in a mod-10 check digit (`777-3`); a mistyped code is caught here."""
    match = re.fullmatch(r"(\d{1,7})-(\d)", code)
    if match is None:
        return f"'{code}' is not a LOINC code (digits, a dash and a check digit, e.g. 777-3)"
    body, check = match.group(1), int(match.group(2))
    total = 0
    for position, digit in enumerate(reversed(body)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value // 10 + value % 10
    expected = (10 - total % 10) % 10
    if expected != check:
        return f"LOINC code '{code}' has a wrong check digit (expected {body}-{expected})"
    return None
