"""The LSP requests and notifications the server answers, each a thin call into the features."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types as lsp

from argmap.lsp import features
from argmap.lsp.jsoncursor import cursor_in
from argmap.lsp.server import ArgmapServer, lines_of

__all__ = ["register"]

_TRIGGERS = [":", " ", "[", ",", "-"]


def register(ls: ArgmapServer) -> None:
    @ls.feature(lsp.INITIALIZE)
    def initialize(server: ArgmapServer, params: lsp.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict):
            texts = options.get("texts")
            if isinstance(texts, list):
                server.checker.options.texts.extend(Path(str(t)).expanduser() for t in texts)
            debounce = options.get("debounceMs")
            if isinstance(debounce, (int, float)) and debounce >= 0:
                server.debounce = debounce / 1000

    @ls.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(server: ArgmapServer, params: lsp.DidOpenTextDocumentParams) -> None:
        doc = server.document(params.text_document.uri)
        if doc is None:
            return
        server.checker.forget(server.map_path(doc))  # its source texts may have changed since
        server.publish(doc)

    @ls.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(server: ArgmapServer, params: lsp.DidChangeTextDocumentParams) -> None:
        server.schedule(params.text_document.uri, server.debounce)

    @ls.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(server: ArgmapServer, params: lsp.DidSaveTextDocumentParams) -> None:
        doc = server.document(params.text_document.uri)
        if doc is None:
            return
        server.checker.forget(server.map_path(doc))  # a source text may have changed meanwhile: read again
        server.schedule(params.text_document.uri, 0)

    @ls.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(server: ArgmapServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        state = server.docs.pop(uri, None)
        if state is not None and state.pending is not None:
            state.pending.cancel()
        server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @ls.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(server: ArgmapServer, params: lsp.HoverParams) -> lsp.Hover | None:
        doc = server.document(params.text_document.uri)
        if not server.is_map(doc):
            return None
        lines = lines_of(doc.source)
        row, col = server.position_in(doc, lines, params.position)
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

    def located(server: ArgmapServer, uri: str, position: lsp.Position) -> tuple[object, list[str], str] | None:
        doc = server.document(uri)
        if not server.is_map(doc):
            return None
        index = server.index(doc)
        lines = lines_of(doc.source)
        row, col = server.position_in(doc, lines, position)
        ref = index.at(row, col) if index is not None else None
        return (doc, lines, ref.name) if ref is not None else None

    @ls.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(server: ArgmapServer, params: lsp.DefinitionParams) -> list[lsp.Location] | None:
        found = located(server, params.text_document.uri, params.position)
        if found is None:
            return None
        doc, lines, name = found
        index = server.index(doc)  # type: ignore[arg-type]
        assert index is not None
        return [
            lsp.Location(params.text_document.uri, server.range_out(doc, lines, features.span_range(r.span)))  # type: ignore[arg-type]
            for r in index.occurrences(name)
            if r.field == "id"
        ] or None

    @ls.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    def references(server: ArgmapServer, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
        found = located(server, params.text_document.uri, params.position)
        if found is None:
            return None
        doc, lines, name = found
        index = server.index(doc)  # type: ignore[arg-type]
        assert index is not None
        with_decl = params.context.include_declaration
        return [
            lsp.Location(params.text_document.uri, server.range_out(doc, lines, features.span_range(r.span)))  # type: ignore[arg-type]
            for r in index.occurrences(name)
            if with_decl or r.field != "id"
        ]

    @ls.feature(lsp.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
    def highlight(server: ArgmapServer, params: lsp.DocumentHighlightParams) -> list[lsp.DocumentHighlight] | None:
        found = located(server, params.text_document.uri, params.position)
        if found is None:
            return None
        doc, lines, name = found
        index = server.index(doc)  # type: ignore[arg-type]
        assert index is not None
        return [
            lsp.DocumentHighlight(
                server.range_out(doc, lines, features.span_range(r.span)),  # type: ignore[arg-type]
                lsp.DocumentHighlightKind.Write if r.field == "id" else lsp.DocumentHighlightKind.Read,
            )
            for r in index.occurrences(name)
        ]

    @ls.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(server: ArgmapServer, params: lsp.PrepareRenameParams) -> lsp.PrepareRenamePlaceholder | None:
        doc = server.document(params.text_document.uri)
        if not server.is_map(doc) or (index := server.index(doc)) is None:
            return None
        lines = lines_of(doc.source)
        row, col = server.position_in(doc, lines, params.position)
        ref = index.at(row, col)
        if ref is None:
            return None
        return lsp.PrepareRenamePlaceholder(server.range_out(doc, lines, features.span_range(ref.span)), ref.name)

    @ls.feature(lsp.TEXT_DOCUMENT_RENAME)
    def rename(server: ArgmapServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
        found = located(server, params.text_document.uri, params.position)
        if found is None:
            return None
        doc, lines, name = found
        index = server.index(doc)  # type: ignore[arg-type]
        assert index is not None
        edits = features.rename_edits(index, name, params.new_name)
        if isinstance(edits, str):
            from pygls.exceptions import JsonRpcInvalidParams

            raise JsonRpcInvalidParams(edits)
        for e in edits:
            e.range = server.range_out(doc, lines, e.range)  # type: ignore[arg-type]
        return lsp.WorkspaceEdit(changes={params.text_document.uri: edits})

    @ls.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=_TRIGGERS))
    def completion(server: ArgmapServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
        doc = server.document(params.text_document.uri)
        if not server.is_map(doc):
            return None
        lines = lines_of(doc.source)
        row, col = server.position_in(doc, lines, params.position)
        cursor = cursor_in(lines, row, col)
        items = features.completions(cursor, server.typing_index(doc, row))
        begin = min(max(cursor.start, 0), col)
        start = server.range_out(doc, lines, lsp.Range(lsp.Position(row, begin), lsp.Position(row, col)))
        for item in items:
            item.text_edit = lsp.TextEdit(start, item.insert_text or item.label)
            item.insert_text = None
        return lsp.CompletionList(is_incomplete=False, items=items)

    @ls.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(server: ArgmapServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol] | None:
        doc = server.document(params.text_document.uri)
        if not server.is_map(doc) or (index := server.index(doc)) is None:
            return None
        lines = lines_of(doc.source)
        found = features.symbols(index)

        def convert(symbols: Sequence[lsp.DocumentSymbol]) -> None:
            for s in symbols:
                s.range = server.range_out(doc, lines, s.range)
                s.selection_range = server.range_out(doc, lines, s.selection_range)
                convert(s.children or [])

        convert(found)
        return found

    @ls.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    def code_action(server: ArgmapServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        doc = server.document(params.text_document.uri)
        if not server.is_map(doc):
            return None
        lines = lines_of(doc.source)
        inside = []
        for d in params.context.diagnostics:
            start = doc.position_codec.position_from_client_units(lines, d.range.start)
            end = doc.position_codec.position_from_client_units(lines, d.range.end)
            inside.append(
                lsp.Diagnostic(
                    range=lsp.Range(lsp.Position(start.line, start.character), lsp.Position(end.line, end.character)),
                    message=d.message, severity=d.severity, code=d.code, source=d.source, data=d.data,
                )
            )  # fmt: skip
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
