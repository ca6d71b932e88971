"""The LSP requests and notifications the server answers, each a thin call into the features.

Each handler is a function of the server and the request's parameters; :data:`HANDLERS` lists them
with the LSP method each answers, and :func:`make_server` registers them all on a new server.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInvalidParams
from pygls.workspace import TextDocument

from argmap.lsp import features
from argmap.lsp.index import MapIndex
from argmap.lsp.jsoncursor import cursor_in
from argmap.lsp.server import DEBOUNCE_SECONDS, ArgmapServer, lines_of

__all__ = ["HANDLERS", "make_server", "register"]

_TRIGGERS = [":", " ", "[", ",", "-"]


# ---------------------------------------------------------------------- the document's life


def initialize(server: ArgmapServer, params: lsp.InitializeParams) -> None:
    options = params.initialization_options
    if isinstance(options, dict):
        texts = options.get("texts")
        if isinstance(texts, list):
            server.checker.options.texts.extend(Path(str(t)).expanduser() for t in texts)
        debounce = options.get("debounceMs")
        if isinstance(debounce, (int, float)) and debounce >= 0:
            server.debounce = debounce / 1000


def did_open(server: ArgmapServer, params: lsp.DidOpenTextDocumentParams) -> None:
    doc = server.document(params.text_document.uri)
    if doc is None:
        return
    server.checker.forget(server.map_path(doc))  # its source texts may have changed since
    server.publish(doc)


def did_change(server: ArgmapServer, params: lsp.DidChangeTextDocumentParams) -> None:
    server.schedule(params.text_document.uri, server.debounce)


def did_save(server: ArgmapServer, params: lsp.DidSaveTextDocumentParams) -> None:
    doc = server.document(params.text_document.uri)
    if doc is None:
        return
    server.checker.forget(server.map_path(doc))  # a source text may have changed meanwhile: read again
    server.schedule(params.text_document.uri, 0)


def did_close(server: ArgmapServer, params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    state = server.docs.pop(uri, None)
    if state is not None and state.pending is not None:
        state.pending.cancel()
    server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


# ---------------------------------------------------------------------- what stands at the cursor


def _cursor(server: ArgmapServer, uri: str, position: lsp.Position) -> tuple[TextDocument, list[str], int, int] | None:
    """The map document at ``uri``, its lines and the cursor's row and column in them (None for a
    document that is not a map)."""
    doc = server.document(uri)
    if not server.is_map(doc):
        return None
    lines = lines_of(doc.source)
    row, col = server.position_in(doc, lines, position)
    return doc, lines, row, col


def hover(server: ArgmapServer, params: lsp.HoverParams) -> lsp.Hover | None:
    at = _cursor(server, params.text_document.uri, params.position)
    if at is None:
        return None
    doc, lines, row, col = at
    index = server.index(doc)
    ref = index.at(row, col) if index is not None else None
    if ref is not None and index is not None:
        item = index.definitions().get(ref.name)
        if item is not None:
            uses = sum(1 for r in index.occurrences(ref.name) if r.field != "id")
            text = features.hover_item(item, uses)
        else:
            text = f"**{ref.name}**: no source, node or relation of this map has this id"
        return lsp.Hover(
            lsp.MarkupContent(lsp.MarkupKind.Markdown, text),
            server.range_out(doc, lines, features.span_range(ref.span)),
        )
    line_text = lines[row] if row < len(lines) else ""
    doc_text = features.hover_field(lines, row, col) or features.hover_code(index, line_text, row, col)
    return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, doc_text)) if doc_text else None


class _Located(NamedTuple):
    """The id written at the cursor, with the document, its lines and its index."""

    doc: TextDocument
    lines: list[str]
    map_index: MapIndex
    name: str


def _located(server: ArgmapServer, uri: str, position: lsp.Position) -> _Located | None:
    at = _cursor(server, uri, position)
    if at is None:
        return None
    doc, lines, row, col = at
    index = server.index(doc)
    ref = index.at(row, col) if index is not None else None
    return _Located(doc, lines, index, ref.name) if ref is not None and index is not None else None


def definition(server: ArgmapServer, params: lsp.DefinitionParams) -> list[lsp.Location] | None:
    found = _located(server, params.text_document.uri, params.position)
    if found is None:
        return None
    doc, lines, index, name = found
    return [
        lsp.Location(params.text_document.uri, server.range_out(doc, lines, features.span_range(r.span)))
        for r in index.occurrences(name)
        if r.field == "id"
    ] or None


def references(server: ArgmapServer, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
    found = _located(server, params.text_document.uri, params.position)
    if found is None:
        return None
    doc, lines, index, name = found
    with_decl = params.context.include_declaration
    return [
        lsp.Location(params.text_document.uri, server.range_out(doc, lines, features.span_range(r.span)))
        for r in index.occurrences(name)
        if with_decl or r.field != "id"
    ]


def highlight(server: ArgmapServer, params: lsp.DocumentHighlightParams) -> list[lsp.DocumentHighlight] | None:
    found = _located(server, params.text_document.uri, params.position)
    if found is None:
        return None
    doc, lines, index, name = found
    return [
        lsp.DocumentHighlight(
            server.range_out(doc, lines, features.span_range(r.span)),
            lsp.DocumentHighlightKind.Write if r.field == "id" else lsp.DocumentHighlightKind.Read,
        )
        for r in index.occurrences(name)
    ]


def prepare_rename(server: ArgmapServer, params: lsp.PrepareRenameParams) -> lsp.PrepareRenamePlaceholder | None:
    at = _cursor(server, params.text_document.uri, params.position)
    if at is None or (index := server.index(at[0])) is None:
        return None
    doc, lines, row, col = at
    ref = index.at(row, col)
    if ref is None:
        return None
    return lsp.PrepareRenamePlaceholder(server.range_out(doc, lines, features.span_range(ref.span)), ref.name)


def rename(server: ArgmapServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    found = _located(server, params.text_document.uri, params.position)
    if found is None:
        return None
    doc, lines, index, name = found
    edits = features.rename_edits(index, name, params.new_name)
    if isinstance(edits, str):
        raise JsonRpcInvalidParams(edits)
    for e in edits:
        e.range = server.range_out(doc, lines, e.range)
    return lsp.WorkspaceEdit(changes={params.text_document.uri: edits})


# ---------------------------------------------------------------------- the whole document


def completion(server: ArgmapServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    at = _cursor(server, params.text_document.uri, params.position)
    if at is None:
        return None
    doc, lines, row, col = at
    cursor = cursor_in(lines, row, col)
    items = features.completions(cursor, server.typing_index(doc, row))
    begin = min(max(cursor.start, 0), col)
    start = server.range_out(doc, lines, lsp.Range(lsp.Position(row, begin), lsp.Position(row, col)))
    for item in items:
        item.text_edit = lsp.TextEdit(start, item.insert_text or item.label)
        item.insert_text = None
    return lsp.CompletionList(is_incomplete=False, items=items)


def document_symbol(server: ArgmapServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol] | None:
    doc = server.document(params.text_document.uri)
    if not server.is_map(doc) or (index := server.index(doc)) is None:
        return None
    found = features.symbols(index)
    _symbols_out(server, doc, lines_of(doc.source), found)
    return found


def _symbols_out(
    server: ArgmapServer, doc: TextDocument, lines: list[str], symbols: Sequence[lsp.DocumentSymbol]
) -> None:
    """The ranges of ``symbols`` and of their children, in the client's units."""
    for s in symbols:
        s.range = server.range_out(doc, lines, s.range)
        s.selection_range = server.range_out(doc, lines, s.selection_range)
        _symbols_out(server, doc, lines, s.children or [])


def code_action(server: ArgmapServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
    doc = server.document(params.text_document.uri)
    if not server.is_map(doc):
        return None
    lines = lines_of(doc.source)
    inside = [_diagnostic_in(doc, lines, d) for d in params.context.diagnostics]
    json_form = doc.source.lstrip().startswith("{")
    actions = features.code_actions(doc.uri, lines, inside, json_form)
    for a in actions:
        for edits in (a.edit.changes or {}).values() if a.edit else ():
            for e in edits:
                e.range = server.range_out(doc, lines, e.range)
        a.diagnostics = [
            d for d in params.context.diagnostics if any(d.message == x.message for x in a.diagnostics or [])
        ]
    return actions


def _diagnostic_in(doc: TextDocument, lines: list[str], d: lsp.Diagnostic) -> lsp.Diagnostic:
    """A diagnostic the client sent, its range in the server's units (code points)."""
    start = doc.position_codec.position_from_client_units(lines, d.range.start)
    end = doc.position_codec.position_from_client_units(lines, d.range.end)
    return lsp.Diagnostic(
        range=lsp.Range(lsp.Position(start.line, start.character), lsp.Position(end.line, end.character)),
        message=d.message, severity=d.severity, code=d.code, source=d.source, data=d.data,
    )  # fmt: skip


# ---------------------------------------------------------------------- registration

HANDLERS: list[tuple[str, Callable[..., Any], Any]] = [
    (lsp.INITIALIZE, initialize, None),
    (lsp.TEXT_DOCUMENT_DID_OPEN, did_open, None),
    (lsp.TEXT_DOCUMENT_DID_CHANGE, did_change, None),
    (lsp.TEXT_DOCUMENT_DID_SAVE, did_save, None),
    (lsp.TEXT_DOCUMENT_DID_CLOSE, did_close, None),
    (lsp.TEXT_DOCUMENT_HOVER, hover, None),
    (lsp.TEXT_DOCUMENT_DEFINITION, definition, None),
    (lsp.TEXT_DOCUMENT_REFERENCES, references, None),
    (lsp.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT, highlight, None),
    (lsp.TEXT_DOCUMENT_PREPARE_RENAME, prepare_rename, None),
    (lsp.TEXT_DOCUMENT_RENAME, rename, None),
    (lsp.TEXT_DOCUMENT_COMPLETION, completion, lsp.CompletionOptions(trigger_characters=_TRIGGERS)),
    (lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL, document_symbol, None),
    (
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        code_action,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
    ),
]
"""Each LSP method the server answers, its handler and the options it announces."""


def register(ls: ArgmapServer) -> None:
    """Register every handler of :data:`HANDLERS` on the server.

    pygls passes the server as a handler's first argument because that parameter is annotated
    :class:`ArgmapServer`, which it resolves at registration: keep that import a runtime one."""
    for method, handler, options in HANDLERS:
        ls.feature(method, options)(handler)


def make_server(texts: list[Path] | None = None, debounce: float = DEBOUNCE_SECONDS) -> ArgmapServer:
    """The server with every feature registered."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    server = ArgmapServer(list(texts or []), debounce, Path(cache) / "argmap" / "rules")
    register(server)
    return server
