"""A recommendation's reason, said next to its text: `because "..."`, or `because NAME` for a
reason declared once with `reason NAME "..."`.

The full text of a recommendation, the one every backend shows (the program's
`Recommendation.text`, hence the compiled module, the interpreter, SQL, the flowchart and the
service's cards), is composed here and nowhere else:

    TEXT                            without a `because` line
    TEXT: REASON REASON ...         with them: ": " after the text, one space between reasons

so `text "Reduce the dose"` with `because "mild thrombocytopenia."` is the text "Reduce the dose:
mild thrombocytopenia." exactly as if it were written in one string. `problems` reports what
would make that composition read wrongly or not resolve: an unknown reason (with "did you
mean"), a reason declared twice or never used, a `because` without a text to follow, an empty
reason, a text ending in ':' or a space, and a reason starting or ending with a space.
"""

from __future__ import annotations

from collections.abc import Mapping

from dsl import model as m
from dsl.errors import Diagnostic, closest, did_you_mean

AFTER_TEXT = ": "  # between a recommendation's text and its first reason
BETWEEN = " "  # between two of its reasons


def declared(guideline: m.Guideline) -> dict[str, m.Reason]:
    """The reasons by name; the first declaration of a name declared twice."""
    found: dict[str, m.Reason] = {}
    for reason in guideline.reasons:
        found.setdefault(reason.name, reason)
    return found


def sentence(because: m.Because, reasons: Mapping[str, m.Reason]) -> str | None:
    """The sentence of one `because` line (None: a name no reason declares)."""
    if because.text is not None:
        return because.text
    assert because.ref is not None
    found = reasons.get(because.ref.name)
    return found.text if found is not None else None


def reason_of(rec: m.Recommendation, reasons: Mapping[str, m.Reason]) -> str | None:
    """The reasons of a recommendation joined (None: it gives none)."""
    if not rec.reasons:
        return None
    return BETWEEN.join(sentence(b, reasons) or "" for b in rec.reasons)


def compose(text: str, reason: str | None) -> str:
    """The full text: the text alone, or `TEXT: REASON`."""
    return text if reason is None else f"{text}{AFTER_TEXT}{reason}"


def full_text(rec: m.Recommendation, reasons: Mapping[str, m.Reason]) -> str:
    return compose(rec.text or "", reason_of(rec, reasons))


def problems(guideline: m.Guideline, report_unused: bool = True) -> list[Diagnostic]:
    """Every problem of the reasons of a guideline (see the module's docstring)."""
    found: list[Diagnostic] = []
    reasons = declared(guideline)
    for reason in guideline.reasons:
        first = reasons[reason.name]
        if first is not reason:
            found.append(Diagnostic(reason.span, f"'{reason.name}' is already a reason, on line {first.span.line}"))
        found += _sentence_problems(reason.text, reason.text_span or reason.span)
    meant: set[str] = set()
    used: set[str] = set()
    for rec in guideline.recommendations:
        for because in rec.reasons:
            if because.ref is not None:
                name = because.ref.name
                used.add(name)
                if name not in reasons:
                    likely = closest(name, reasons)
                    if likely is not None:
                        meant.add(likely)
                    found.append(Diagnostic(because.span, f"'{name}' is not a reason{did_you_mean(name, reasons)}"))
            else:
                assert because.text is not None
                found += _sentence_problems(because.text, because.span)
        if rec.reasons and rec.text is not None:
            found += _text_problems(rec.text, rec.text_span or rec.span)
    if report_unused:
        for reason in guideline.reasons:
            if reason.name not in used | meant and reasons[reason.name] is reason:
                found.append(Diagnostic(reason.span, f"reason '{reason.name}' is never used"))
    return found


def _sentence_problems(text: str, span: m.Span) -> list[Diagnostic]:
    message = None
    if not text.strip():
        message = "this reason is empty: write its sentence in the quotes, or remove the line"
    elif text[0].isspace():
        message = f"this reason starts with a space, and it is joined to the text with '{AFTER_TEXT}' already"
        message += ": remove the space"
    elif text[-1].isspace():
        message = "this reason ends with a space, and reasons are joined with one space already: remove it"
    return [Diagnostic(span, message)] if message is not None else []


def _text_problems(text: str, span: m.Span) -> list[Diagnostic]:
    joined = f"its reason is joined to it with '{AFTER_TEXT}' already"
    message = None
    if not text.strip():
        message = "this text is empty, so its reason would start the sentence: write the text"
    elif text.rstrip().endswith(":"):
        message = f"this text ends with ':', and {joined}: remove the ':'"
    elif text[-1].isspace():
        message = f"this text ends with a space, and {joined}: remove the space"
    elif text[-1] in ".;?!":
        message = f"this text ends with '{text[-1]}', and {joined}: end the text without it"
    return [Diagnostic(span, message)] if message is not None else []
