"""Codes of the bindings: which of a guideline's codes a resource's codings match, and the codes in
words for notes (`LOINC 777-3`, `ICD-10-CM K50.*`)."""

from __future__ import annotations

from collections.abc import Iterable

from compiler.fhir.resources import Coding
from dsl.bindings import SYSTEMS, Code
from dsl.program import Input, Span

NAMES = {"loinc": "LOINC", "snomed": "SNOMED CT", "icd10": "ICD-10-CM", "rxnorm": "RxNorm", "hgnc": "HGNC"}
_BY_URI = {uri: NAMES[word] for word, uri in SYSTEMS.items()}


def matches(codes: Iterable[Code], codings: Iterable[Coding]) -> Coding | None:
    """The first coding that one of `codes` matches (families included), None when none does."""
    wanted = tuple(codes)
    for system, code in codings:
        if any(c.matches(system, code) for c in wanted):
            return system, code
    return None


def own_codes(codes: tuple[Code, ...], spec: Input, span: Span) -> tuple[Code, ...]:
    """A binding's codes, or the input's own `loinc` lines when it names none."""
    if codes:
        return codes
    return tuple(Code("loinc", loinc, False, span) for loinc in spec.loinc)


def described(codes: Iterable[Code]) -> str:
    """The codes in words: `LOINC 777-3 or LOINC 26515-7`."""
    words = [f"{NAMES[c.system]} {written(c)}" for c in codes]
    if not words:
        return "no code"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def written(code: Code) -> str:
    """A code as the guideline writes it: a family ends in `*` (`K74.6*`), or in `.*` (`K50.*`)."""
    if not code.family:
        return code.code
    return f"{code.code}*" if "." in code.code else f"{code.code}.*"


def token(coding: Coding) -> str:
    """A coding as a FHIR search token, `system|code`."""
    system, code = coding
    return f"{system}|{code}" if system else code


def coding_words(coding: Coding) -> str:
    system, code = coding
    name = _BY_URI.get(system)
    return f"{name} {code}" if name else token(coding)
