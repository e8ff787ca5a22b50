"""Inputs declared once: libraries, and the `import` lines that bring their inputs in.

Two guidelines that read the same patient data should not each declare it: a platelet count's
unit, accepted units, aliases, range and LOINC codes are written once, in a **library**, and
every guideline that reads them imports them by name:

    # guideline/common/haematology.guideline
    library haematology
    title "Blood counts shared by the guidelines"
    version 1.0.0

    input platelets "Platelet count"
      number in 10*9/L
      ...

    # guideline/azathioprine_thrombocytopenia.guideline
    import platelets, anc from haematology

The library `NAME` is the file `common/NAME.guideline` in the importing guideline's directory
(`LIBRARY_DIRECTORY`), and its header says `library NAME`. A library holds inputs only, and
imports nothing. An imported input is the library's declaration, with its spans in the library's
file (so an error in it is reported there), and it takes the place of its `import` line among the
guideline's inputs. Nothing is ever merged silently: an input both imported and declared, or
imported twice, is an error, so one name has one meaning in a guideline.

`resolve` runs after parsing and before the checks (`dsl.pipeline`); `dsl.libraries` says where
libraries are.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable

from dsl import model as m
from dsl.errors import Diagnostic, GuidelineSyntaxError, closest, did_you_mean
from dsl.libraries import library_names, library_path

Reader = Callable[[str], str]  # a path → its text; raises OSError or UnicodeError


def _read(path: str) -> str:
    with open(path, encoding="utf-8", newline="") as file:
        return file.read()


def library_problems(library: m.Guideline) -> list[Diagnostic]:
    """What a library may not hold: a library declares inputs and nothing else."""
    problems: list[Diagnostic] = []
    if library.id is not None:
        problems.append(Diagnostic(library.id.span, "a file is a 'guideline' or a 'library', not both"))
    if library.status is not None:
        problems.append(Diagnostic(library.status.span, "a library has no status: remove this line"))
    others: list[tuple[str, m.Span]] = [(f"import of '{i.library.name}'", i.span) for i in library.imports]
    others += [(f"source '{s.key}'", s.span) for s in library.sources]
    others += [(f"definition '{d.name}'", d.span) for d in library.definitions]
    others += [(f"step '{s.id}'", s.span) for s in library.steps]
    others += [(f"check '{c.id}'", c.span) for c in library.checks]
    others += [(f"recommendation '{r.code}'", r.span) for r in library.recommendations]
    others += [(f"group '{g.name}'", g.span) for g in library.groups]
    others += [(f"reason '{r.name}'", r.span) for r in library.reasons]
    for what, span in others:
        problems.append(Diagnostic(span, f"a library declares inputs only: move the {what} into a guideline"))
    return problems


class _Resolver:
    def __init__(self, guideline: m.Guideline, read: Reader) -> None:
        self.g = guideline
        self.read = read
        self.problems: list[Diagnostic] = []
        self.libraries: dict[str, m.Guideline | None] = {}  # by name; None: could not be used
        self.texts: list[m.LibraryText] = []
        self.meant: set[str] = set()  # unit profiles a misspelled name most likely meant

    def error(self, span: m.Span, message: str) -> None:
        self.problems.append(Diagnostic(span, message))

    def library(self, ref: m.Ref) -> m.Guideline | None:
        if ref.name in self.libraries:
            return self.libraries[ref.name]
        self.libraries[ref.name] = found = self.load(ref)
        return found

    def load(self, ref: m.Ref) -> m.Guideline | None:
        path = library_path(self.g.filename, ref.name)
        try:
            text = self.read(path)
        except FileNotFoundError:
            hint = did_you_mean(ref.name, library_names(self.g.filename))
            self.error(ref.span, f"there is no library '{ref.name}': no file {path}{hint}")
            return None
        except (OSError, UnicodeError) as error:
            if isinstance(error, UnicodeDecodeError):  # worded as compiler.files words it for a guideline
                reason = f"it is not UTF-8 text (byte 0x{error.object[error.start]:02x} at offset {error.start})"
            else:
                reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            self.error(ref.span, f"the library '{ref.name}' cannot be read ({path}): {reason}")
            return None
        self.texts.append(m.LibraryText(path, text))
        try:
            library = _parsed(text, path)
        except GuidelineSyntaxError as error:
            self.problems += error.diagnostics
            return None
        if library.library is None:
            self.error(ref.span, f"{path} is not a library: its header must say 'library {ref.name}'")
            return None
        if library.library.value != ref.name:
            said = library.library.value
            self.error(library.library.span, f"this file is imported as '{ref.name}' but says 'library {said}'")
            return None
        self.problems += library_problems(library)
        return library

    def resolve(self) -> m.Guideline:
        g = self.g
        own = self.profiles(g.profiles)
        if g.library is not None:  # a library checked on its own: its imports are reported there
            return dataclasses.replace(g, inputs=tuple(self.expand(i, own) for i in g.inputs))
        declared = {i.name: i for i in g.inputs}
        imported: dict[str, m.Ref] = {}
        profiles = dict(own)  # the unit profiles this guideline's own inputs may name
        placed: list[tuple[int, int, m.Input]] = [(i.span.line, 0, i) for i in g.inputs]
        unavailable: set[str] = set()  # reported at the import: not again at every use
        for statement in g.imports:
            library = self.library(statement.library)
            if library is None:
                unavailable.update(ref.name for ref in statement.names)
                continue
            offered = {i.name: i for i in library.inputs}
            offered_profiles = self.profiles(library.profiles, report=False)
            for position, ref in enumerate(statement.names, start=1):
                if ref.name in imported:
                    line = imported[ref.name].span.line
                    self.error(ref.span, f"'{ref.name}' is already imported, on line {line}")
                elif ref.name in declared or ref.name in own:
                    line = (declared[ref.name] if ref.name in declared else own[ref.name]).span.line
                    self.error(
                        ref.span,
                        f"'{ref.name}' is also declared in this guideline, on line {line}: one name has one "
                        "meaning, so import it or declare it (under another name if the meanings differ)",
                    )
                elif ref.name in offered:
                    imported[ref.name] = ref
                    placed.append((statement.span.line, position, self.expand(offered[ref.name], offered_profiles)))
                elif ref.name in offered_profiles:
                    imported[ref.name] = ref
                    profiles[ref.name] = offered_profiles[ref.name]
                else:
                    names = [*offered, *offered_profiles]
                    meant = closest(ref.name, names)  # the name the guideline uses, most likely
                    unavailable.update([ref.name] if meant is None else [ref.name, meant])
                    hint = did_you_mean(ref.name, names)
                    name = statement.library.name
                    self.error(ref.span, f"'{ref.name}' is not an input or unit profile of the library '{name}'{hint}")
        placed.sort(key=lambda entry: (entry[0], entry[1]))
        inputs = tuple(entry[2] if entry[1] else self.expand(entry[2], profiles) for entry in placed)
        used = {ref.name for i in g.inputs for ref in i.profiles} | self.meant
        for name, profile in profiles.items():
            if name not in used and name in own:
                self.error(profile.span, f"unit profile '{name}' is never used")
            elif name not in used:
                self.error(imported[name].span, f"'{name}' is imported but never used")
        unavailable -= set(imported) | set(declared)
        return dataclasses.replace(
            g,
            inputs=inputs,
            libraries=tuple(self.texts),
            unavailable=frozenset(unavailable),
            profiles=tuple(profiles.values()),  # its own, then those it imports (with their spans)
        )

    def profiles(self, declared: tuple[m.UnitProfile, ...], report: bool = True) -> dict[str, m.UnitProfile]:
        found: dict[str, m.UnitProfile] = {}
        for profile in declared:
            if profile.name in found and report:
                line = found[profile.name].span.line
                self.error(profile.span, f"'{profile.name}' is already a unit profile, on line {line}")
            found.setdefault(profile.name, profile)
        return found

    def expand(self, spec: m.Input, profiles: dict[str, m.UnitProfile]) -> m.Input:
        """The input with the accepted units and aliases of its profiles in front of its own (its
        `profiles` references stay, for the tools that show where a unit comes from)."""
        if not spec.profiles:
            return spec
        accepts: list[m.Ref] = []
        aliases: list[m.Alias] = []
        for ref in spec.profiles:
            profile = profiles.get(ref.name)
            if profile is None:
                meant = closest(ref.name, profiles)
                if meant is not None:  # what was meant is not also reported as never used
                    self.meant.add(meant)
                self.error(ref.span, f"'{ref.name}' is not a unit profile{did_you_mean(ref.name, profiles)}")
                continue
            accepts += profile.accepts
            aliases += profile.aliases
        return dataclasses.replace(spec, accepts=(*accepts, *spec.accepts), aliases=(*aliases, *spec.aliases))


def resolve(guideline: m.Guideline, read: Reader = _read) -> tuple[m.Guideline, list[Diagnostic]]:
    """The guideline with its imported inputs in place, and every problem of its imports."""
    resolver = _Resolver(guideline, read)
    resolved = resolver.resolve()
    return resolved, resolver.problems


def imported_at(guideline: m.Guideline) -> dict[str, m.Ref]:
    """Where each imported input's name is written in the guideline's `import` lines."""
    return {ref.name: ref for statement in guideline.imports for ref in statement.names}


@functools.lru_cache(maxsize=16)
def _parsed(text: str, path: str) -> m.Guideline:
    """A library's model, parsed once per text in a process: every guideline that imports it (both
    versions a diff compares, each guideline of a directory) shares it, as the model is immutable."""
    from dsl.syntax.parser import parse

    return parse(text, path)
