"""The language server: `guideline lsp`, LSP over stdio (pygls).

Each open document is checked after `didOpen` and after every `didChange` (full sync), through
the front door (`documents.analyse`), in one worker thread so that the editor's requests are
answered while a large guideline is being checked; an analysis that a newer edit has overtaken
is dropped unpublished (and is not started at all when the edit came before it started). The
diagnostics are those of `guideline check`: every error and warning, with its code when it has
one, on the token it is about. A diagnostic in an imported library's file is shown on the
`import` line of that library, its own place given as related information.

Hover, go to definition, references, rename, completion, the outline and code actions read the
symbols of the last text that parsed (`documents.Document`). Formatting is `guideline fmt`'s
(`compiler.api.format_text`).
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import BinaryIO, cast

from lsprotocol import types
from pygls import uris
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer

from compiler.lsp import actions, complete, hover, outline, rename
from compiler.lsp.convert import Lines, units
from compiler.lsp.documents import Analysis, Document, analyse, normalised
from compiler.lsp.symbols import Symbol, Table
from dsl.errors import Diagnostic
from dsl.libraries import library_names, library_path
from dsl.limits import headroom
from dsl.model import Span
from dsl.text import one_line

NAME = "guideline-lsp"
VERSION = "1.0.0"
SOURCE = "guideline"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
}
STACK = 256 * 1024 * 1024  # the worker's stack: the checker recurses through long chains of definitions


class RequestFailed(JsonRpcException):
    """LSP's RequestFailed: the request was valid but cannot be carried out (a refused rename)."""

    CODE = -32803


class GuidelineServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(NAME, VERSION, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.documents: dict[str, Document] = {}
        previous = threading.stack_size()
        threading.stack_size(STACK)
        try:
            self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analysis")
            self.worker.submit(lambda: None).result()  # start its thread now, with the large stack
        finally:
            threading.stack_size(previous)

    # ---- analysis ----
    def document(self, uri: str) -> Document:
        found = self.documents.get(uri)
        if found is None:
            found = self.documents[uri] = Document(uri, path_of(uri))
        return found

    def _analyse(self, doc: Document, version: int, text: str) -> Analysis | None:
        if doc.version != version:
            return None  # a newer text is waiting
        try:
            with headroom():
                return analyse(text, doc.path)
        except Exception as error:  # a bug in the toolchain: say so in the editor, keep serving
            message = f"the checker failed on this text ({type(error).__name__}: {error}); please report it"
            text = normalised(text)
            return Analysis(text, doc.path, (Diagnostic(_top(doc.path), message),), None, {doc.path: text})

    async def refresh(self, uri: str) -> None:
        doc = self.document(uri)
        source = self.workspace.get_text_document(uri)
        version = (doc.version or 0) + 1
        doc.version = version
        text = source.source
        loop = asyncio.get_running_loop()
        analysis = await loop.run_in_executor(self.worker, self._analyse, doc, version, text)
        if analysis is None or doc.version != version or uri not in self.documents:
            return
        doc.update(analysis)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics(analysis), version=source.version)
        )


def path_of(uri: str) -> str:
    """The file a document is, as a path the toolchain names it by (its libraries are beside it)."""
    path = uris.to_fs_path(uri)
    return path if path else uri


def uri_of(path: str) -> str:
    return uris.from_fs_path(os.path.abspath(path)) or path


def _top(path: str) -> Span:
    return Span(path, 1, 1, 1, 2)


IMPORT = re.compile(r"[ \t]*import\b.*\bfrom[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*(#.*)?\Z")


def import_lines(text: str, path: str) -> dict[str, Span]:
    """Each imported library's file → where its name is written in an `import` line (read from
    the text, so that it is found even when the library does not parse)."""
    found: dict[str, Span] = {}
    for number, line in enumerate(Lines(text).lines, start=1):
        written = IMPORT.match(line)
        if written is not None:
            where = os.path.normpath(library_path(path, written.group(1)))
            column = written.start(1) + 1
            found.setdefault(where, Span(path, number, column, number, column + len(written.group(1))))
    return found


def diagnostics(analysis: Analysis) -> list[types.Diagnostic]:
    """The analysis's diagnostics for its own document; one in a library is placed on the name of
    the library in the line importing it (or on the first line), its own place as related
    information."""
    lines = Lines(analysis.text)
    texts = analysis.texts
    imports = import_lines(analysis.text, analysis.path)
    found = []
    for d in analysis.diagnostics:
        code = getattr(d, "code", None)
        related = None
        message = one_line(d.message)
        if d.span.filename == analysis.path:
            at = lines.range(d.span)
        else:
            span = imports.get(os.path.normpath(d.span.filename))
            at = lines.range(span) if span is not None else lines.range(_top(analysis.path))
            shown = os.path.relpath(d.span.filename, os.path.dirname(analysis.path) or ".")
            message = f"{one_line(shown)}:{d.span.line}:{d.span.column}: {message}"
            other = texts.get(d.span.filename)
            if other is not None:
                place = types.Location(uri=uri_of(d.span.filename), range=Lines(other).range(d.span))
                related = [types.DiagnosticRelatedInformation(location=place, message=one_line(d.message))]
        found.append(
            types.Diagnostic(
                range=at,
                message=message,
                severity=SEVERITY.get(d.severity, types.DiagnosticSeverity.Information),
                code=code if isinstance(code, str) else None,
                source=SOURCE,
                related_information=related,
            )
        )
    return found


server = GuidelineServer()


# ---- the document's life ----
@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: GuidelineServer, params: types.DidOpenTextDocumentParams) -> None:
    await ls.refresh(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: GuidelineServer, params: types.DidChangeTextDocumentParams) -> None:
    await ls.refresh(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: GuidelineServer, params: types.DidSaveTextDocumentParams) -> None:
    """A saved library changes what the guidelines importing it say: check the others again."""
    others = [uri for uri in ls.documents if uri != params.text_document.uri]
    await asyncio.gather(*(ls.refresh(uri) for uri in others))


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: GuidelineServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.documents.pop(params.text_document.uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


# ---- reading the symbols ----
def _at(ls: GuidelineServer, uri: str, position: types.Position) -> tuple[Document, Symbol, types.Range] | None:
    """The symbol under the cursor, when the name there is the one the last model saw."""
    doc = ls.documents.get(uri)
    table = doc.table if doc is not None else None
    if doc is None or table is None:
        return None
    text = normalised(ls.workspace.get_text_document(uri).source)
    lines = Lines(text)
    line, column = lines.spot(position)
    found = table.at(doc.path, line, column)
    if found is None:
        return None
    symbol, span = found
    written = lines.line(span.line - 1)[span.column - 1 : span.end_column - 1]
    if written != symbol.word:
        return None  # edited since: the span no longer holds the name
    return doc, symbol, lines.range(span)


def _location(ls: GuidelineServer, doc: Document, span: Span) -> types.Location:
    table = doc.table
    text = table.texts.get(span.filename, "") if table is not None else ""
    if span.filename == doc.path:
        text = normalised(ls.workspace.get_text_document(doc.uri).source)
        return types.Location(uri=doc.uri, range=Lines(text).range(span))
    return types.Location(uri=uri_of(span.filename), range=Lines(text).range(span))


@server.feature(types.TEXT_DOCUMENT_HOVER)
def on_hover(ls: GuidelineServer, params: types.HoverParams) -> types.Hover | None:
    found = _at(ls, params.text_document.uri, params.position)
    if found is None or found[0].table is None:
        return None
    doc, symbol, at = found
    shown = hover.Facts(cast(Table, doc.table)).hover(symbol)
    if shown is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=shown), range=at)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def on_definition(ls: GuidelineServer, params: types.DefinitionParams) -> types.Location | None:
    found = _at(ls, params.text_document.uri, params.position)
    if found is None or found[1].declaration is None:
        return None
    doc, symbol, _ = found
    return _location(ls, doc, cast(Span, symbol.declaration))


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def on_references(ls: GuidelineServer, params: types.ReferenceParams) -> list[types.Location] | None:
    found = _at(ls, params.text_document.uri, params.position)
    if found is None:
        return None
    doc, symbol, _ = found
    spans = symbol.spans if params.context.include_declaration else symbol.uses
    return [_location(ls, doc, span) for span in spans]


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
def on_prepare_rename(ls: GuidelineServer, params: types.PrepareRenameParams) -> types.PrepareRenamePlaceholder:
    doc, symbol, at = _renaming(ls, params.text_document.uri, params.position)
    return types.PrepareRenamePlaceholder(range=at, placeholder=symbol.word)


def _renaming(ls: GuidelineServer, uri: str, position: types.Position) -> tuple[Document, Symbol, types.Range]:
    doc = ls.documents.get(uri)
    if doc is None or not doc.fresh(ls.workspace.get_text_document(uri).source):
        raise RequestFailed("the text is being checked or does not parse: rename once it parses")
    found = _at(ls, uri, position)
    if found is None:
        raise RequestFailed("there is no name to rename here")
    try:
        rename.renamable(cast(Table, doc.table), found[1])
    except rename.Refused as refused:
        raise RequestFailed(str(refused)) from None
    return found


@server.feature(types.TEXT_DOCUMENT_RENAME)
def on_rename(ls: GuidelineServer, params: types.RenameParams) -> types.WorkspaceEdit:
    doc, symbol, _ = _renaming(ls, params.text_document.uri, params.position)
    try:
        spans = rename.rename(cast(Table, doc.table), symbol, params.new_name)
    except rename.Refused as refused:
        raise RequestFailed(str(refused)) from None
    lines = Lines(normalised(ls.workspace.get_text_document(doc.uri).source))
    edits = [types.TextEdit(range=lines.range(span), new_text=params.new_name) for span in spans]
    return types.WorkspaceEdit(changes={doc.uri: edits})


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=[" ", ","]),
)
def on_completion(ls: GuidelineServer, params: types.CompletionParams) -> types.CompletionList:
    uri = params.text_document.uri
    doc = ls.document(uri)
    lines = Lines(normalised(ls.workspace.get_text_document(uri).source))
    column = lines.column(params.position)
    found = complete.offers(lines.lines, params.position.line, column, doc.table, library_names(doc.path))
    return types.CompletionList(is_incomplete=False, items=complete.items(found))


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def on_symbols(ls: GuidelineServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    doc = ls.documents.get(params.text_document.uri)
    if doc is None or doc.good is None or doc.good.guideline is None:
        return []
    return outline.outline(doc.good.guideline, doc.good.text)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def on_code_action(ls: GuidelineServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    text = normalised(ls.workspace.get_text_document(uri).source)
    ours = [d for d in params.context.diagnostics if d.source == SOURCE]
    return actions.actions(uri, text, ours)


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
def on_formatting(ls: GuidelineServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
    """The whole text in `guideline fmt`'s layout, as one edit; nothing when it does not parse
    (its errors are shown already) or is formatted already."""
    formatter = _formatter()
    uri = params.text_document.uri
    doc = ls.document(uri)
    original = ls.workspace.get_text_document(uri).source
    if formatter is None:
        return None
    from dsl.errors import GuidelineError

    try:
        formatted = formatter(normalised(original), doc.path)
    except GuidelineError:
        return None
    if formatted == original:
        return []
    lines = Lines(original)
    last = len(lines.lines) - 1
    end = types.Position(line=last, character=units(lines.line(last)))
    return [types.TextEdit(range=types.Range(start=types.Position(line=0, character=0), end=end), new_text=formatted)]


def _formatter() -> Callable[[str, str], str] | None:
    """`compiler.api.format_text`, the front door's formatter (None until the toolchain has one)."""
    import compiler.api

    found = getattr(compiler.api, "format_text", None)
    return cast("Callable[[str, str], str] | None", found)


def serve() -> None:
    """Serve over stdin and stdout until the client says exit. Whatever the toolchain prints goes
    to stderr: stdout carries the protocol alone."""
    stdin, stdout = sys.__stdin__, sys.__stdout__
    if stdin is None or stdout is None:
        raise OSError("the language server needs standard input and output")
    sys.stdout = sys.stderr
    server.start_io(cast(BinaryIO, stdin.buffer), cast(BinaryIO, stdout.buffer))
