"""The guidelines a service serves, and the CDS services each gives.

`guideline serve guideline/` serves every `*.guideline` file of the directory (not its
subdirectories, which hold libraries). Each guideline gives a `patient-view` service whose id is
the guideline's id, and, when it reads medications from the record, an `order-select` and an
`order-sign` service (`ID-order-select`, `ID-order-sign`) that evaluate the draft orders of the
call with the record. Its prefetch templates come from its FHIR bindings (`compiler.fhir`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from compiler.files import UsageError, read_text

if TYPE_CHECKING:
    from compiler.api import Evaluator
    from dsl.program import Program

__all__ = ["Guideline", "Service", "Registry", "HOOKS", "guideline_files"]

HOOKS = ("patient-view", "order-select", "order-sign")


@dataclass(frozen=True)
class Guideline:
    id: str
    path: str
    program: Program
    evaluator: Evaluator
    templates: Mapping[str, str]  # prefetch key → template with {{context.patientId}}
    reads_medications: bool


@dataclass(frozen=True)
class Service:
    id: str
    hook: str
    guideline: Guideline

    @property
    def title(self) -> str:
        what = {"patient-view": "", "order-select": " (order select)", "order-sign": " (order sign)"}[self.hook]
        return self.guideline.program.title + what

    @property
    def description(self) -> str:
        program = self.guideline.program
        when = {
            "patient-view": "when a patient's record is opened",
            "order-select": "when an order is selected, with the draft orders",
            "order-sign": "when orders are about to be signed, with the draft orders",
        }[self.hook]
        return f"Evaluates the guideline {program.id} {program.version} ({program.status}) {when}."


def guideline_files(paths: Iterable[str]) -> list[str]:
    """The guideline files named: files as given, directories' `*.guideline` files sorted."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            try:
                names = os.listdir(path)
            except OSError as error:
                raise UsageError(f"{path}: cannot be read ({error.strerror or error})") from None
            found += sorted(os.path.join(path, n) for n in names if n.endswith(".guideline"))
        elif os.path.isfile(path):
            found.append(path)
        else:
            raise UsageError(f"{path}: no such guideline file or directory")
    if not found:
        raise UsageError("no guideline to serve (name .guideline files or a directory holding some)")
    return found


def load(path: str) -> Guideline:
    """One guideline, checked and compiled (cached), with what its services need."""
    from compiler import api
    from compiler.fhir import prefetch_templates, reads_medications

    text = read_text(path, "guideline")  # read once: the program and the evaluator are of the same text
    program = api.check_text(text, path).program
    evaluator = api.compile_text(text, path)
    return Guideline(
        program.id, path, program, evaluator, dict(prefetch_templates(program)), bool(reads_medications(program))
    )


class Registry:
    def __init__(self, guidelines: Iterable[Guideline]) -> None:
        self.guidelines: dict[str, Guideline] = {}
        self.services: dict[str, Service] = {}
        for guideline in guidelines:
            if guideline.id in self.guidelines:
                other = self.guidelines[guideline.id].path
                raise UsageError(f"{guideline.path}: guideline id {guideline.id!r} is also the id of {other}")
            self.guidelines[guideline.id] = guideline
            hooks = HOOKS if guideline.reads_medications else HOOKS[:1]
            for hook in hooks:
                ident = guideline.id if hook == "patient-view" else f"{guideline.id}-{hook}"
                if ident in self.services:
                    raise UsageError(f"{guideline.path}: service id {ident!r} is taken twice")
                self.services[ident] = Service(ident, hook, guideline)

    @classmethod
    def from_paths(cls, paths: Iterable[str]) -> Registry:
        return cls(load(path) for path in guideline_files(paths))
