"""A stable code for every diagnostic (`G0101`), with what it means and how to fix it.

`Diagnostic.code` is looked up here by its message, once, when the diagnostic is made: each
entry's pattern matches the messages of one kind of mistake, whatever names and numbers they
hold. The codes are a public interface (shown by `guideline check`, the language server and the
web page, listed in docs/errors.md): a code is never reused for another mistake, and a new kind
of message gets a new code. `tests/test_codes.py` keeps the table complete: every message of the
error corpus and of the fuzzed guidelines has a code, every code has an example in the corpus,
and docs/errors.md is what `markdown()` writes.

The hundreds: G01 syntax and layout, G02 names and references, G03 types, values and units,
G04 the header and the inputs, G05 steps, checks and groups, G06 what the verifier proves, G07
libraries and imports, G08 FHIR bindings, G09 limits.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Code(NamedTuple):  # not a dataclass: diagnostics are made on the evaluator's fast path too
    code: str
    title: str
    pattern: str  # a regular expression matched at the start of the message
    fix: str


CODES: tuple[Code, ...] = (
    # ---- G01: syntax and layout ----
    Code("G0101", "a line does not start with a keyword", r"'.*' does not start a line", "Start the line with one of the language's keywords (the message suggests the closest)."),
    Code("G0102", "a line ends too early", r"this line ends too early|expected .* found the end of the line", "Complete the line: the message says what is missing."),
    Code("G0103", "a word or sign where it cannot stand", r".* cannot follow '.*' here|expected .* after '.*', found (?!the end of the line)|th(e text|is line) could not be read|unexpected character|'.' cannot be used in a condition", "Rewrite the line in the form the keyword takes (docs/language.md)."),
    Code("G0105", "a text or quoted unit is not closed", r"this (text|unit) is not closed", "End the text with \" (a unit with ') on the same line."),
    Code("G0106", "an unknown escape in a text", r"unknown escape", "Write \\\\ for a backslash; the escapes are \\\", \\\\, \\n and \\t."),
    Code("G0107", "a line outside the block it belongs to", r".* belongs under|in a (decision|check), a (branch|line)", "Move the line under the heading it belongs to (an input's lines under its `input`, ...)."),
    Code("G0108", "a line given twice", r".* already has (this|a 'cites' line)|the (guideline|library)'s \w+ is already given", "Keep one of the two lines."),
    Code("G0109", "lines in the wrong order in a block", r"this branch comes after 'otherwise'|'recommend' comes after 'then'", "Put the branches before `otherwise`, the recommendations before `then`."),
    Code("G0110", "a range or default written with a unit", r"'(range|default)' is written in the input's own unit", "Write the number alone: it is in the input's declared unit."),
    # ---- G02: names and references ----
    Code("G0201", "an unknown name", r"'.*' is not (an input or a definition|a step|a recommendation|a source|an input\b|a unit profile|a reason\b)", "Use a declared name (the message suggests the closest), or declare it."),
    Code("G0202", "a name declared twice", r"'.*' is already (an input or a definition|a step or a check|a recommendation|a source|a group|a unit profile|a reason\b)", "Give one of the two another name."),
    Code("G0203", "a declaration never used", r"(input|definition|unit profile|reason) '.*' is never used|recommendation '.*' is never recommended|source '.*' is never cited", "Use it, or remove it."),
    Code("G0204", "a reserved name", r"'end' is reserved|to finish the pathway write 'end'", "Write `end` to finish; give a step another name."),
    Code("G0205", "a definition that depends on itself", r"definition '.*' depends on itself", "Break the cycle: one of the definitions must not use the other."),
    Code("G0206", "a recommendation without its text or source", r"recommendation '.*' has no text|recommendation '.*' cites no source", "Add `text \"...\"` and `cites KEY`."),
    Code("G0207", "a reason that does not read after its text", r"this reason (is empty|starts with a space|ends with a space)|this text (is empty, so its reason|ends with ':', and its reason|ends with a space, and its reason|ends with '[.;?!]', and its reason)", "Write the text without a closing ':' and each reason as its sentence: the full text is `TEXT: REASON REASON`."),
    # ---- G03: types, values and units ----
    Code("G0301", "values of different types compared or combined", r"this compares|this combines|arithmetic needs numbers|a condition must be yes or no|'and', 'or' and 'not' need|.* need yes/no values|'[<>=]+' compares numbers", "Compare like with like: a number with a number in convertible units, a choice with its own values."),
    Code("G0302", "a value an input does not have", r"'.*' is not (a value of|one of the values of)|the default '.*' is not one of the values", "Use one of the input's declared values (the message lists them)."),
    Code("G0303", "a unit that is not UCUM or does not convert", r"'.*' is not a UCUM unit|units of different kinds|.* cannot accept this unit|'.*' has no unit, so it cannot accept|alias '.*' means '.*', which|'.*' is already an accepted unit", "Write units in UCUM, of the input's kind, and accept them with `accepts` before an alias names them."),
    Code("G0304", "a comparison that never changes", r".* is outside the range of .*, so this comparison", "Compare with a value inside the input's range, or widen the range."),
    Code("G0305", "a divisor that can be zero", r"this divisor can be zero|this divides by zero", "Guard the division with a step before it, or divide by something that is never zero."),
    Code("G0306", "a number too large", r"this number is too large", "Use a number an evaluator can hold (below about 1.8e308)."),
    Code("G0307", "a default outside the range or of the wrong kind", r"the default .* is outside the range|the default of '.*' must be", "Give a default inside the range, of the input's type."),
    # ---- G04: the header and the inputs ----
    Code("G0401", "a header line missing", r"the (guideline|library) has no '.*' line", "Add the line to the header (the message gives an example)."),
    Code("G0402", "a version that is not semantic", r"version '.*' is not MAJOR.MINOR.PATCH", "Write the version as MAJOR.MINOR.PATCH, e.g. 1.0.0."),
    Code("G0403", "an unknown status", r"status must be draft, active or retired", "Write `status draft`, `active` or `retired`."),
    Code("G0404", "an input without a type", r"input '.*' has no type", "Add `number in UNIT`, `yes or no` or `one of ...`."),
    Code("G0405", "a choice listed twice", r"'.*' is listed twice in the values of", "List each value once."),
    Code("G0406", "a LOINC code that is not one", r"'.*' is not a LOINC code|LOINC code '.*' has a wrong check digit", "Correct the code: digits, a dash and its check digit (777-3)."),
    Code("G0407", "a range the wrong way round or not finite", r"the range of '.*' starts above its end", "Write `range LOW to HIGH` with LOW below HIGH."),
    Code("G0408", "an urgency that is unknown or missing", r"urgency must be critical, warning or info|recommendation '.*' has no urgency", "Give every recommendation `urgency critical`, `warning` or `info`."),
    # ---- G05: steps, checks and groups ----
    Code("G0501", "the guideline has no steps", r"the guideline has no steps", "Add a `decision` or an `action`."),
    Code("G0502", "a decision without otherwise, an action that never ends", r"decision '.*' has no 'otherwise'|action '.*' never ends", "Add `otherwise go to STEP` (or `otherwise end`); end an action with `then go to STEP` or `then end`."),
    Code("G0503", "the pathway loops", r"the pathway loops back on itself", "Remove the step that goes back: the pathway must always move towards its end."),
    Code("G0504", "a step no path reaches", r"step '.*' cannot be reached from the start", "Go to the step from somewhere, or remove it."),
    Code("G0505", "a check without rules", r"check '.*' has no 'when ... recommend' line", "Add `when CONDITION recommend CODE`."),
    Code("G0506", "a group some path violates", r"group '.*' allows", "Change the pathway or the group so that every path gives the number the group allows."),
    Code("G0507", "a group listing a code twice", r"'.*' is already in group", "List each code once."),
    Code("G0508", "a group without cardinality or members", r"group '.*' needs 'exactly one'|group '.*' includes no recommendation", "Add `exactly one`, `at most one` or `at least one`, and its `includes` lines."),
    # ---- G06: what the verifier proves ----
    Code("G0601", "a branch no patient takes", r"this branch can never be taken", "Remove the branch, or change a condition before it (the message names it)."),
    Code("G0602", "a route no patient can take", r"no patient can take the route", "Change the conditions on the route, or accept the warning if the route is for safety."),
    Code("G0603", "a step on no feasible route", r"step '.*' is on no route a patient can take", "Remove the step, or change the branch that leads to it."),
    # ---- G07: libraries and imports ----
    Code("G0701", "a library that cannot be used", r"there is no library|the library '.*' cannot be read|.* is not a library|this file is imported as", "Create or name the library `common/NAME.guideline` whose header says `library NAME`."),
    Code("G0702", "a library holding more than inputs", r"a library declares inputs only|a library has no status|a file is a 'guideline' or a 'library'", "Keep only inputs in a library; move the rest into a guideline."),
    Code("G0703", "an import that clashes or is unused", r"'.*' is already imported|'.*' is also declared in this guideline|'.*' is imported but never used|'.*' is a library of inputs, not a guideline", "Import each input once, do not declare it again, and import only what the guideline uses."),
    # ---- G08: FHIR bindings ----
    Code("G0801", "a code a FHIR binding cannot use", r"an? \w+( \w+)? is coded in|'.*': only an ICD-10-CM code|'.*': a '\*' stands only|'.*' is already listed for", "Use the resource's code system (LOINC for observations, SNOMED CT or ICD-10-CM for conditions, RxNorm for medications), each code once."),
    Code("G0802", "a recorded unit that cannot give the input", r"a percentage cannot give|'.*' cannot be converted to .*, the unit of|'.*' does not accept '.*': add|'.*' is not a number: its record has no unit", "Bind the codes of a value in the input's kind of unit, and accept the unit it is recorded in."),
    Code("G0803", "a FHIR binding that cannot give the input's value", r"an observation gives its own value|'.*' is one of a list of values: map|say which value of|a \w+ gives yes or a value, not a number|a number is read with its unit|'absent means|name the \w+'s codes|'(where component|before first medication)' belongs|the number of (days|values) is a whole number", "Map coded values with `map CODE means VALUE`, say `means VALUE` for a choice, and use whole days."),
    Code("G0804", "a derivation that cannot be made", r"'.*' must be a number read 'from observation'|'.*' cannot be derived from itself|a reference range's low end|a trend is falling|months since a date|'.*' is in .*, which cannot be converted", "Derive from a number read `from observation`, into an input of the right type and unit."),
    # ---- G09: limits ----
    Code("G0901", "a line or chain too complex", r"parentheses nest more than|this line has more than|the definitions build on each other too deeply", "Split the expression into definitions; shorten the chain."),
)

_COMPILED = tuple((entry, re.compile(entry.pattern)) for entry in CODES)
_BY_CODE = {entry.code: entry for entry in CODES}


def code_of(message: str) -> str | None:
    """The code of a diagnostic's message (None: a message no entry knows, which the tests refuse)."""
    for entry, pattern in _COMPILED:
        if pattern.match(message):
            return entry.code
    return None


def entry(code: str) -> Code:
    return _BY_CODE[code]
