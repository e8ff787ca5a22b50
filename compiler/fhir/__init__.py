"""FHIR R4 records into a guideline's inputs, by the bindings of its inputs (docs/fhir-mapping.md).

prefetch_templates(program)   prefetch key → FHIR search (CDS Hooks tokens)
fill(template, context)        a template with its tokens filled in
map_record(program, sources, now=..., draft_orders=...)   a prefetch map → `Mapped`
map_bundle(program, bundle, now=...)                      a whole record → `Mapped`
reads_medications(program)     whether any binding reads MedicationRequests
"""

from __future__ import annotations

from compiler.fhir.mapper import map_bundle, map_record
from compiler.fhir.provenance import Mapped, Provenance
from compiler.fhir.queries import fill, prefetch_templates, reads_medications

__all__ = ["Mapped", "Provenance", "fill", "map_bundle", "map_record", "prefetch_templates", "reads_medications"]
