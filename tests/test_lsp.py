"""`guideline lsp` end to end: a real server process over stdio, driven by pytest-lsp.

One server serves the whole module (starting it costs about a second); each test opens the
documents it needs, and edits only its own copy in memory (nothing is written to disk).
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls import uris
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.conftest import AZATHIOPRINE, ROOT

SERVER = [sys.executable, "-c", "import sys; from compiler.cli import main; sys.exit(main(['lsp']))"]
BLOOD_COUNTS = ROOT / "guideline" / "common" / "blood_counts.guideline"
SHIPPED = AZATHIOPRINE.read_text(encoding="utf-8")
LINES = SHIPPED.split("\n")

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), scope="module")  # type: ignore[untyped-decorator]
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    await lsp_client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities()))
    yield
    await lsp_client.shutdown_session()


def uri_of(path: Path) -> str:
    found: str | None = uris.from_fs_path(str(path))
    assert found is not None
    return found


URI = uri_of(AZATHIOPRINE)


async def published(client: LanguageClient, uri: str, send: Callable[[], None]) -> list[types.Diagnostic]:
    """Send a notification, then wait for the diagnostics the server publishes for `uri`."""
    send()
    while True:
        params: types.PublishDiagnosticsParams = await client.wait_for_notification(
            types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
        )
        if params.uri == uri:
            return list(params.diagnostics)


async def opened(client: LanguageClient, path: Path, text: str | None = None) -> list[types.Diagnostic]:
    """Open a document (its file's text unless `text` is given) and wait for its diagnostics."""
    uri = uri_of(path)
    written = path.read_text(encoding="utf-8") if text is None else text
    document = types.TextDocumentItem(uri=uri, language_id="guideline", version=1, text=written)
    return await published(
        client, uri, lambda: client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=document))
    )


async def changed(client: LanguageClient, uri: str, version: int, text: str) -> list[types.Diagnostic]:
    change = types.TextDocumentContentChangeWholeDocument(text=text)
    params = types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]
    )
    return await published(client, uri, lambda: client.text_document_did_change(params))


_shipped = {"open": False, "version": 1}


async def reset(client: LanguageClient) -> list[types.Diagnostic]:
    """The shipped guideline open, as shipped (whichever test runs first opens it)."""
    if not _shipped["open"]:
        _shipped["open"] = True
        return await opened(client, AZATHIOPRINE)
    return await edit(client, SHIPPED)


async def edit(client: LanguageClient, text: str) -> list[types.Diagnostic]:
    """Change the shipped guideline's text in the editor (never on disk)."""
    _shipped["version"] += 1
    return await changed(client, URI, _shipped["version"], text)


def where(word: str, line_start: str, occurrence: int = 0) -> types.Position:
    """The position of `word` on the first line of the shipped guideline starting with `line_start`."""
    row = next(n for n, line in enumerate(LINES) if line.startswith(line_start))
    column = -1
    for _ in range(occurrence + 1):
        column = LINES[row].index(word, column + 1)
    return types.Position(line=row, character=column + 1)


def doc(uri: str = URI) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def test_the_shipped_guideline_has_no_error_and_an_error_comes_and_goes(client: LanguageClient) -> None:
    assert await reset(client) == []
    broken = SHIPPED.replace("when severe go to withdraw_now", "when severe go to withdraw_nwo")
    shown = await edit(client, broken)
    row = next(n for n, line in enumerate(broken.split("\n")) if "withdraw_nwo" in line)
    column = broken.split("\n")[row].index("withdraw_nwo")
    errors = [d for d in shown if d.severity == types.DiagnosticSeverity.Error]
    assert len(errors) >= 1
    first = errors[0]
    assert first.range == types.Range(
        start=types.Position(line=row, character=column), end=types.Position(line=row, character=column + 12)
    )
    assert "withdraw_nwo" in first.message and "did you mean 'withdraw_now'" in first.message
    assert first.source == "guideline"
    assert await edit(client, SHIPPED) == []


async def test_the_diagnostics_are_those_of_check_with_their_places_and_codes(client: LanguageClient) -> None:
    """Several errors at once: the server publishes exactly what the front door reports (the text
    is ASCII, so columns and UTF-16 units agree)."""
    from compiler.api import report_text

    await reset(client)
    broken = (
        SHIPPED.replace("when severe go to withdraw_now", "when sevre go to withdraw_now")
        .replace("  cites aasld-2010\n", "  cites aasld-2011\n", 1)
        .replace("  urgency critical\n", "  urgency urgent\n", 1)
    )
    shown = await edit(client, broken)
    expected = [
        (d.span.line - 1, d.span.column - 1, d.span.end_line - 1, d.span.end_column - 1, d.message,
         getattr(d, "code", None), d.severity)
        for d in report_text(broken, str(AZATHIOPRINE)).diagnostics
    ]  # fmt: skip
    severity = {types.DiagnosticSeverity.Error: "error", types.DiagnosticSeverity.Warning: "warning"}
    published = [
        (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.message,
         d.code, severity[d.severity] if d.severity is not None else None)
        for d in shown
    ]  # fmt: skip
    assert published == expected
    assert len(expected) >= 3
    assert await edit(client, SHIPPED) == []


# ---- diagnostics: positions, libraries, warnings ----


async def test_a_position_after_characters_outside_the_bmp_counts_utf16_units(client: LanguageClient) -> None:
    await reset(client)
    """The span's column counts characters; LSP counts UTF-16 units: the drop of blood is two."""
    line = 'title "Thrombocytopenia \U0001FA78 in azathioprine" extra'
    text = SHIPPED.replace('title "Thrombocytopenia in a patient taking azathioprine"', line)
    row = text.split("\n").index(line)
    uri = URI.replace(".guideline", "_copy.guideline")
    params = types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="guideline", version=1, text=text)
    )
    shown = await published(client, uri, lambda: client.text_document_did_open(params))
    assert len(shown) == 1
    column = line.index("extra") + 1  # in UTF-16 units: the emoji is one character, two units
    assert shown[0].range.start == types.Position(line=row, character=column)
    assert shown[0].severity == types.DiagnosticSeverity.Error
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc(uri)))


async def test_an_error_in_a_library_is_shown_on_the_line_importing_it(client: LanguageClient) -> None:
    path = ROOT / "tests" / "errors" / "import_broken_library.guideline"
    shown = await opened(client, path)
    text = path.read_text(encoding="utf-8").split("\n")
    row = text.index("import count from broken")
    (found,) = shown
    assert found.range.start == types.Position(line=row, character=len("import count from "))
    assert found.message == "common/broken.guideline:8:13: expected '-' or a number after 'to', found 'o'"
    assert found.related_information is not None
    place = found.related_information[0].location
    assert place.uri == uri_of(ROOT / "tests" / "errors" / "common" / "broken.guideline")
    assert place.range.start == types.Position(line=7, character=12)


async def test_warnings_of_the_verifier_are_warnings(client: LanguageClient) -> None:
    path = ROOT / "tests" / "verify" / "check_divides.guideline"
    shown = await opened(client, path)
    (warning,) = shown
    assert warning.severity == types.DiagnosticSeverity.Warning
    assert warning.range.start == types.Position(line=26, character=13)
    assert "this divisor can be zero" in warning.message


# ---- hover ----


async def hover_text(client: LanguageClient, position: types.Position) -> str:
    found = await client.text_document_hover_async(types.HoverParams(text_document=doc(), position=position))
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    shown: str = found.contents.value
    return shown


async def test_hover_shows_an_imported_inputs_facts(client: LanguageClient) -> None:
    await reset(client)
    shown = await hover_text(client, where("platelets", "define severe as"))
    assert "**input** `platelets` — Platelet count" in shown
    assert "number in `10*9/L`" in shown and "range `0` to `2000`" in shown
    assert "LOINC `777-3`, `26515-7`" in shown
    assert "accepts `10*9/L`, `10*3/uL`, `/uL`, `/mm3`" in shown and "`K/uL` means `10*3/uL`" in shown
    assert "`from observation within 7 days`" in shown
    assert "imported from library `blood_counts`" in shown


async def test_hover_shows_a_choice_input_and_its_fhir_binding_lines(client: LanguageClient) -> None:
    await reset(client)
    shown = await hover_text(client, where("indication", "  when indication is immune"))
    assert "one of `autoimmune_hepatitis, inflammatory_bowel_disease, immune_thrombocytopenia, other`" in shown
    assert "`from condition icd10 D69.3 means immune_thrombocytopenia`" in shown


async def test_hover_shows_a_definition_with_its_citations(client: LanguageClient) -> None:
    await reset(client)
    shown = await hover_text(client, where("severe", "  when severe go to"))
    assert "`severe = platelets < 50 or anc < 1.0`" in shown
    assert "`topic-overview`: Guideline Directed Topic Overview" in shown


async def test_hover_shows_a_recommendation_with_its_urgency(client: LanguageClient) -> None:
    await reset(client)
    shown = await hover_text(client, where("do_not_rechallenge", "  recommend do_not_rechallenge"))
    assert "**recommendation** `do_not_rechallenge` — urgency `critical`" in shown
    assert "Do not rechallenge with azathioprine" in shown and "`fda-label`" in shown


async def test_hover_shows_a_steps_label(client: LanguageClient) -> None:
    await reset(client)
    shown = await hover_text(client, where("itp_review", "  when indication is immune"))
    assert "**decision** `itp_review` — Can azathioprine continue in immune thrombocytopenia?" in shown


# ---- definition, references ----


async def test_definition_of_an_imported_input_is_in_the_library(client: LanguageClient) -> None:
    await reset(client)
    for position in (where("platelets", "define severe as"), where("platelets", "import platelets")):
        found = await client.text_document_definition_async(
            types.DefinitionParams(text_document=doc(), position=position)
        )
        assert isinstance(found, types.Location)
        assert found.uri == uri_of(BLOOD_COUNTS)
        row = BLOOD_COUNTS.read_text(encoding="utf-8").split("\n").index('input platelets "Platelet count"')
        assert found.range == types.Range(
            start=types.Position(line=row, character=6), end=types.Position(line=row, character=15)
        )


async def test_definition_of_a_step_is_its_heading(client: LanguageClient) -> None:
    await reset(client)
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(), position=where("itp_review", "  when indication is immune"))
    )
    assert isinstance(found, types.Location)
    row = LINES.index('decision itp_review "Can azathioprine continue in immune thrombocytopenia?"')
    assert found.range.start == types.Position(line=row, character=9)


async def test_references_find_every_use(client: LanguageClient) -> None:
    await reset(client)
    context = types.ReferenceContext(include_declaration=True)
    found = await client.text_document_references_async(
        types.ReferenceParams(text_document=doc(), position=where("fda-label", "source fda-label"), context=context)
    )
    assert found is not None
    cited = sum(line.split("#")[0].count("fda-label") for line in LINES if line.strip().startswith(("cites", "source")))
    assert len(found) == cited == 13
    assert all(f.uri == URI for f in found)
    assert all(LINES[f.range.start.line][f.range.start.character : f.range.end.character] == "fda-label" for f in found)


# ---- rename ----


async def rename_edits(client: LanguageClient, position: types.Position, new: str) -> list[types.TextEdit]:
    found = await client.text_document_rename_async(
        types.RenameParams(text_document=doc(), position=position, new_name=new)
    )
    assert found is not None and found.changes is not None and list(found.changes) == [URI]
    return list(found.changes[URI])


def applied(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = edit.range.start, edit.range.end
        assert start.line == end.line
        line = lines[start.line]
        lines[start.line] = line[: start.character] + edit.new_text + line[end.character :]
    return "\n".join(lines)


async def test_rename_a_definition_changes_every_use_and_the_result_checks(client: LanguageClient) -> None:
    await reset(client)
    edits = await rename_edits(client, where("severe", "define severe as"), "severe_cytopenia")
    assert len(edits) == 2
    renamed = applied(SHIPPED, edits)
    assert "define severe_cytopenia as" in renamed and "when severe_cytopenia go to withdraw_now" in renamed
    assert await edit(client, renamed) == []  # the renamed guideline has no error
    assert await edit(client, SHIPPED) == []


async def test_rename_a_step_and_a_citation_key(client: LanguageClient) -> None:
    await reset(client)
    edits = await rename_edits(client, where("itp_review", "  when indication is immune"), "itp_pathway")
    assert len(edits) == 2
    edits = await rename_edits(client, where("fda-label", "source fda-label"), "imuran-label")
    assert len(edits) == 13 and {e.new_text for e in edits} == {"imuran-label"}


@pytest.mark.parametrize(
    ("word", "line", "new", "reason"),
    [
        ("severe", "define severe as", "anc", "'anc' is already an input"),
        ("severe", "define severe as", "1st", "not a valid name"),
        ("severe", "define severe as", "and", "a word of the language"),
        ("severe", "define severe as", "withdrawn", "already a choice value"),
        ("withdraw_now", "action withdraw_now", "itp_review", "'itp_review' is already a step"),
        ("platelets", "import platelets", "thrombocytes", "imported from library 'blood_counts'"),
    ],
)
async def test_rename_is_refused_with_a_reason(
    client: LanguageClient, word: str, line: str, new: str, reason: str
) -> None:
    await reset(client)
    with pytest.raises(JsonRpcException) as refused:
        await client.text_document_rename_async(
            types.RenameParams(text_document=doc(), position=where(word, line), new_name=new)
        )
    assert refused.value.code == -32803  # LSP's RequestFailed
    assert reason in refused.value.message


# ---- reasons and unit profiles ----

# The shipped guideline with one of its reasons declared once and named.
NAMED = SHIPPED.replace('  because "dose reduction may reverse the cytopenia."', "  because reversible", 1).replace(
    "recommendation withdraw_azathioprine\n",
    'reason reversible "dose reduction may reverse the cytopenia."\n\nrecommendation withdraw_azathioprine\n',
    1,
)
NAMED_LINES = NAMED.split("\n")


def named_at(word: str, line_start: str) -> types.Position:
    row = next(n for n, line in enumerate(NAMED_LINES) if line.startswith(line_start))
    return types.Position(line=row, character=NAMED_LINES[row].index(word) + 1)


async def test_hover_shows_a_named_reason_and_a_recommendations_reasons_apart(client: LanguageClient) -> None:
    await reset(client)
    assert await edit(client, NAMED) == []
    shown = await hover_text(client, named_at("reversible", "  because reversible"))
    assert shown == (
        "**reason** `reversible`\n\ndose reduction may reverse the cytopenia\\.\n\ngiven by `continue_reduced_dose`"
    )
    shown = await hover_text(client, named_at("continue_reduced_dose", "  recommend continue_reduced_dose"))
    assert "Continue azathioprine at the reduced dose\n\nbecause:\n- `reversible`: dose reduction" in shown
    shown = await hover_text(client, named_at("reduce_azathioprine_dose", "  recommend reduce_azathioprine_dose"))
    assert "Reduce the azathioprine dose\n\nbecause:\n- mild thrombocytopenia \\(platelets at least 50" in shown
    await edit(client, SHIPPED)


async def test_definition_and_references_of_a_reason(client: LanguageClient) -> None:
    await reset(client)
    await edit(client, NAMED)
    position = named_at("reversible", "  because reversible")
    found = await client.text_document_definition_async(types.DefinitionParams(text_document=doc(), position=position))
    assert isinstance(found, types.Location)
    row = NAMED_LINES.index('reason reversible "dose reduction may reverse the cytopenia."')
    assert found.range == types.Range(
        start=types.Position(line=row, character=7), end=types.Position(line=row, character=17)
    )
    context = types.ReferenceContext(include_declaration=True)
    uses = await client.text_document_references_async(
        types.ReferenceParams(text_document=doc(), position=position, context=context)
    )
    assert uses is not None
    assert sorted(u.range.start.line for u in uses) == [row, named_at("reversible", "  because reversible").line]
    await edit(client, SHIPPED)


async def test_rename_a_reason_changes_its_declaration_and_uses(client: LanguageClient) -> None:
    await reset(client)
    await edit(client, NAMED)
    found = await client.text_document_rename_async(
        types.RenameParams(
            text_document=doc(), position=named_at("reversible", "  because reversible"), new_name="may_reverse"
        )
    )
    assert found is not None and found.changes is not None
    renamed = applied(NAMED, list(found.changes[URI]))
    assert renamed == NAMED.replace("reversible", "may_reverse")
    assert await edit(client, renamed) == []  # still checks
    await edit(client, NAMED)
    with pytest.raises(JsonRpcException) as refused:
        await client.text_document_rename_async(
            types.RenameParams(text_document=doc(), position=named_at("reversible", "reason"), new_name="because")
        )
    assert "a word of the language" in refused.value.message
    await edit(client, SHIPPED)


async def test_completion_after_because_offers_the_reasons(client: LanguageClient) -> None:
    await reset(client)
    await edit(client, NAMED)  # the model the completion reads: the last text that parsed
    row = NAMED_LINES.index("  because reversible")
    text = "\n".join([*NAMED_LINES[: row + 1], "  because ", *NAMED_LINES[row + 1 :]])
    assert set(await completions(client, text, row + 1, len("  because "))) == {"reversible"}
    await edit(client, SHIPPED)


async def test_hover_and_definition_of_a_unit_profile_after_accepts_units(client: LanguageClient) -> None:
    await reset(client)
    position = where("cell_count", "  accepts units cell_count")
    shown = await hover_text(client, position)
    assert shown.startswith("**units** `cell_count`") and "accepts `10*9/L`" in shown
    assert "imported from library `blood_counts`" in shown
    found = await client.text_document_definition_async(types.DefinitionParams(text_document=doc(), position=position))
    assert isinstance(found, types.Location) and found.uri == uri_of(BLOOD_COUNTS)
    library = BLOOD_COUNTS.read_text(encoding="utf-8").split("\n")
    row = next(n for n, line in enumerate(library) if line.startswith("units cell_count"))
    assert found.range.start == types.Position(line=row, character=6)


# ---- completion ----


async def completions(client: LanguageClient, text: str, line: int, column: int) -> list[str]:
    await edit(client, text)
    found = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(), position=types.Position(line=line, character=column))
    )
    assert isinstance(found, types.CompletionList)
    return [item.label for item in found.items]


def with_line(after: str, line: str) -> tuple[str, int]:
    """The shipped text with `line` inserted after the first line starting with `after`."""
    row = next(n for n, text in enumerate(LINES) if text.startswith(after)) + 1
    return "\n".join([*LINES[:row], line, *LINES[row:]]), row


@pytest.mark.parametrize(
    ("after", "line", "expected", "absent"),
    [
        ("  when severe go to", "  when bleeding go to ", {"itp_review", "withdraw_now"}, {"severe"}),
        ("  when severe go to", "  when indication is ", {"other", "immune_thrombocytopenia", "known"}, {"taking"}),
        ("  when severe go to", "  when bleeding is ", {"yes", "no", "unknown"}, {"other"}),
        ("  when severe go to", "  when plat", {"platelets", "platelet_reference", "and"}, {"itp_review"}),
        ("  number in 10*9/L", "  accepts ", {"/uL", "10*9/L", "K/uL", "mmol/L"}, {"platelets"}),
        ("  number in 10*9/L", "  alias K/uL means ", {"10*3/uL"}, set()),
        ("define too_early_to_judge", "  cites ", {"fda-label", "cpic-2018"}, {"severe"}),
        ("  text \"Withdraw azathioprine now", "  cites fda-label, ", {"aasld-2010"}, set()),
        ("action withdraw_now", "  recommend ", {"withdraw_azathioprine", "do_not_rechallenge"}, {"severe"}),
        ("  urgency critical", "  urgency ", {"critical", "warning", "info"}, set()),
        ("import platelets", "import cirrhosis from ", {"blood_counts", "thiopurine_safety"}, set()),
        ("  number in 10*9/L", "  accepts units ", {"cell_count"}, {"platelets", "/uL"}),
        ("  number in 10*9/L", "  ", {"range", "accepts", "from observation", "input", "decision"}, {"cites"}),
        ("decision drug_toxicity", "  ", {"when", "otherwise go to"}, {"range"}),
        ("recommendation withdraw_azathioprine", "  ", {"text", "cites", "urgency"}, {"when"}),
    ],
)
async def test_completion_offers_what_may_come_next(
    client: LanguageClient, after: str, line: str, expected: set[str], absent: set[str]
) -> None:
    await reset(client)
    text, row = with_line(after, line)
    offered = set(await completions(client, text, row, len(line)))
    assert expected <= offered, expected - offered
    assert not absent & offered


# ---- outline, formatting, code actions ----


async def test_the_outline_lists_what_the_document_declares(client: LanguageClient) -> None:
    await reset(client)
    await edit(client, SHIPPED)
    found = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc()))
    assert found is not None
    names = [s.name for s in found if isinstance(s, types.DocumentSymbol)]
    assert names[:2] == ["indication", "from blood_counts"]
    declared = {"severe", "itp_review", "genotype_testing", "withdraw_azathioprine", "monitoring", "fda-label"}
    assert declared <= set(names)
    assert "platelets" not in names  # declared in its library
    first = found[0]
    assert isinstance(first, types.DocumentSymbol)
    assert first.range.start.line == LINES.index('input indication "Indication for azathioprine"')
    assert first.range.end.line == first.range.start.line + 5  # its type, description and three from lines
    assert first.kind == types.SymbolKind.Variable and first.detail == "input — Indication for azathioprine"


async def test_code_actions_fix_a_misspelt_citation_key(client: LanguageClient) -> None:
    await reset(client)
    text = SHIPPED.replace("  cites aasld-2010\n", "  cites aasld-2011\n", 1)
    shown = await edit(client, text)
    (wrong,) = [d for d in shown if "aasld-2011" in d.message]
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(), range=wrong.range, context=types.CodeActionContext(diagnostics=[wrong])
        )
    )
    assert found is not None
    titles = [a.title for a in found if isinstance(a, types.CodeAction)]
    assert titles == [
        "Change to 'aasld-2010'",
        "Add a source line for 'aasld-2011' (write its reference in place of REFERENCE)",
    ]
    fix = found[0]
    assert isinstance(fix, types.CodeAction) and fix.edit is not None and fix.edit.changes is not None
    assert applied(text, list(fix.edit.changes[URI])) == SHIPPED
    stub = found[1]
    assert isinstance(stub, types.CodeAction) and stub.edit is not None and stub.edit.changes is not None
    (insert,) = stub.edit.changes[URI]
    assert insert.new_text == 'source aasld-2011 "REFERENCE"\n'
    assert LINES[insert.range.start.line - 1].startswith("source mycophenolate-label")
    assert await edit(client, SHIPPED) == []


async def test_formatting_gives_the_formatters_text(client: LanguageClient) -> None:
    await reset(client)
    from compiler.api import format_text

    messy = SHIPPED.replace("  number in 10*9/L\n  range 0 to 100", "      number   in 10*9/L\n range 0 to   100", 1)
    await edit(client, messy)
    found = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=doc(), options=types.FormattingOptions(tab_size=2, insert_spaces=True)
        )
    )
    assert found is not None and len(found) == 1
    (whole,) = found
    assert whole.range.start == types.Position(line=0, character=0)
    assert whole.new_text == format_text(messy, str(AZATHIOPRINE)) == SHIPPED
    await edit(client, SHIPPED)
