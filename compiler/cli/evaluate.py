"""`guideline compile` and `eval`: the compiled evaluator, written or run on one patient."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from compiler.cli.command import Command
from compiler.cli.common import checked, json_text, write
from compiler.files import UsageError, read_json_object
from dsl.text import visible


def cmd_compile(args: argparse.Namespace) -> int:
    from compiler.python.codegen import generate

    source = generate(checked(args.file).program)
    write(args.output, source)
    print(f"{visible(args.output)}: written ({len(source.splitlines())} lines)")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from compiler.api import load

    if args.fhir is not None:
        return _eval_fhir(args)
    if args.now is not None:
        raise UsageError("--now applies only to --fhir (the time a FHIR record is read at)")
    evaluator = load(args.file)
    inputs = read_json_object(args.input)
    result = evaluator.evaluate(inputs)
    if args.summary:
        print(summary(evaluator.title, result))
        print()
    print(json_text(result, getattr(sys.stdout, "encoding", None)))
    return 1 if result["status"] == "invalid_input" else 0


def _eval_fhir(args: argparse.Namespace) -> int:
    """`eval --fhir`: the inputs read from a FHIR Bundle by the guideline's bindings, evaluated,
    printed with where each value came from."""
    from compiler.api import load
    from compiler.fhir import map_bundle
    from compiler.fhir.provenance import as_json

    now = _now(args.now)
    checked_program = checked(args.file).program
    evaluator = load(args.file)
    bundle = read_json_object(args.fhir, "FHIR Bundle")
    shown = "<stdin>" if args.fhir == "-" else args.fhir
    if bundle.get("resourceType") != "Bundle":
        kind = visible(repr(bundle.get("resourceType")))
        raise UsageError(f"{visible(shown)}: not a FHIR Bundle (its resourceType is {kind})")
    if not any(spec.fhir is not None for spec in checked_program.inputs):
        raise UsageError(f"{visible(args.file)}: the guideline says of no input where it is in a FHIR record")
    mapped = map_bundle(checked_program, bundle, now=now)
    result = evaluator.evaluate(mapped.inputs)
    provenance = as_json(checked_program, mapped)
    if args.summary:
        print(summary(evaluator.title, result))
        print(provenance_summary(provenance))
        print()
    print(json_text({**result, "provenance": provenance}, getattr(sys.stdout, "encoding", None)))
    return 1 if result["status"] == "invalid_input" else 0


def _now(text: str | None) -> datetime:
    """`--now`, an ISO 8601 date and time (without a time zone: UTC); the clock when not given."""
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--now: {visible(text)} is not an ISO 8601 date and time (2025-03-01T12:00:00Z)") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def provenance_summary(provenance: Mapping[str, Any]) -> str:
    """Where each input's value came from, one input a line (its sources below it), or why it is
    unknown; every text shown with `visible`."""
    from dsl.text import visible

    lines = ["Read from the FHIR record:"]
    for name, entry in provenance.items():
        value = entry["value"]
        if value is None:
            lines.append(f"  {visible(name)}: unknown ({visible(str(entry.get('note', '')))})")
            continue
        if isinstance(value, Mapping):
            value = f"{value.get('value')} {value.get('unit')}"
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        if not entry["from"]:
            lines.append(f"  {visible(name)}: {visible(str(value))} (nothing in the record, and absent means no)")
            continue
        lines.append(f"  {visible(name)}: {visible(str(value))}")
        for source in entry["from"]:
            recorded = source["value"] if source["unit"] is None else f"{source['value']} {source['unit']}"
            date = f", {source['date']}" if source["date"] else ""
            lines.append(
                f"    {visible(source['reference'])}{visible(date)}: {visible(str(recorded))}"
                f" (line {source['line']}: {visible(source['binding'])})"
            )
    return "\n".join(lines)


def summary(title: str, result: Mapping[str, Any]) -> str:
    """The result in words, for a person at a terminal. Every text in it comes from the patient's
    data or from the guideline, and is shown on its own line with its control characters escaped
    (`dsl.text`): an input name or a recommendation text cannot start a line of its own, recolour
    or hide the rest, and so cannot forge a status or a recommendation. Values are shown with
    `visible` (unambiguous); a problem is a message whose values the evaluator quoted with `repr`,
    shown with `one_line` so that its backslashes are not doubled."""
    from dsl.text import one_line, visible

    def listed(texts: list[str], separator: str) -> str:
        return separator.join(visible(text) for text in texts)

    lines = [
        f"{visible(title)} ({visible(result['guideline'])} {visible(result['version'])})",
        f"Status: {visible(result['status'])}",
    ]
    if result["errors"]:
        lines.append("Invalid inputs (nothing is recommended):")
        lines += [f"  - {visible(e['input'])}: {one_line(e['problem'])}" for e in result["errors"]]
    if result["recommendations"]:
        lines.append("Recommendations:")
        for number, rec in enumerate(result["recommendations"], start=1):
            lines.append(f"  {number}. {visible(rec['text'])} [{listed(rec['citations'], ', ')}]")
    if result["needs"]:
        lines.append(f"Needs data: {listed(result['needs'], ', ')}")
    if result["path"]:
        lines.append(f"Path: {listed(result['path'], ' -> ')}")
    if result["trace"]:
        lines.append("Why:")
        shown = {True: "yes", False: "no", None: "unknown"}
        lines += [f"  {visible(t['node'])}: {visible(t['condition'])} -> {shown[t['value']]}" for t in result["trace"]]
    return "\n".join(lines)


def _compile_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="OUT.py")


def _eval_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    given = p.add_mutually_exclusive_group(required=True)
    given.add_argument("--input", metavar="PATH", help="a JSON object of inputs; - for stdin")
    given.add_argument("--fhir", metavar="BUNDLE.json", help="a FHIR R4 Bundle, read by the guideline's bindings")
    p.add_argument("--now", metavar="ISO-DATETIME", help="with --fhir: the time the record is read at (default: now)")
    p.add_argument("--summary", action="store_true", help="print a readable summary before the JSON")


COMMANDS = (
    Command(20, "compile", "write a standalone Python evaluator", _compile_arguments, cmd_compile),
    Command(30, "eval", "evaluate one patient's inputs (JSON) and print the result", _eval_arguments, cmd_eval),
)
