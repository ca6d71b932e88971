"""The language server: the open documents, their checks and indexes, and the positions in LSP's units.

The requests it answers are in :mod:`argmap.lsp.handlers`, which also builds the server.

Documents are synchronised incrementally. A map is checked when opened and saved and on changes:
at once after a quiet spell, and after a short pause (the debounce) for changes that come in a burst,
so that a burst costs one check; each check publishes the diagnostics of the text it read, with that
text's version. Navigation, hover,
completion and the outline read the index of the current text, built on first request after an
edit and kept until the next one.
"""

from __future__ import annotations

import asyncio
import math
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard
from urllib.parse import unquote

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from argmap import __version__
from argmap.lsp import DEBOUNCE_MS
from argmap.lsp.analysis import Checker, RuleDocs, is_map_document, to_lsp
from argmap.lsp.index import MapIndex, build_map_index, lenient_index
from argmap.lsp.protocol import ArgmapProtocol

__all__ = ["DEBOUNCE_SECONDS", "ArgmapServer", "lines_of"]

_BREAKS = re.compile(r"\r\n|\r|\n")
DEBOUNCE_SECONDS = DEBOUNCE_MS / 1000


@dataclass
class _Doc:
    """What the server keeps for one open map."""

    index_text: str | None = None
    index: MapIndex | None = None
    good_index: MapIndex | None = None
    """The last index of a well-formed text: ids to complete while the text is broken."""
    pending: asyncio.Task[None] | None = None
    last_change: float = -math.inf
    """When the text last changed (monotonic seconds)."""


def lines_of(text: str) -> list[str]:
    return _BREAKS.split(text)


class ArgmapServer(LanguageServer):
    def __init__(self, texts: list[Path], debounce: float, docs_folder: Path | None) -> None:
        super().__init__("argmap", __version__, protocol_cls=ArgmapProtocol)
        self.checker = Checker(texts)
        self.debounce = debounce
        self.rule_docs = RuleDocs(docs_folder) if docs_folder is not None else None
        self.docs: dict[str, _Doc] = {}

    # ------------------------------------------------------------------ documents

    def map_path(self, doc: TextDocument) -> str:
        return doc.path if doc.uri.startswith("file:") else (to_fs_path(doc.uri) or doc.uri)

    def document(self, uri: str) -> TextDocument | None:
        """The document ``uri`` as the editor sent it; None when it is not open (never read from disk)."""
        return self.workspace.text_documents.get(unquote(uri))  # type: ignore[no-any-return]

    def is_map(self, doc: TextDocument | None) -> TypeGuard[TextDocument]:
        return doc is not None and is_map_document(doc.uri, doc.source)

    def state(self, uri: str) -> _Doc:
        return self.docs.setdefault(uri, _Doc())

    def index(self, doc: TextDocument) -> MapIndex | None:
        """The index of the document's current text (None while it is not well-formed)."""
        state = self.state(doc.uri)
        text = doc.source
        if state.index_text != text:
            state.index_text, state.index = text, build_map_index(text)
            if state.index is not None:
                state.good_index = state.index
        return state.index

    def typing_index(self, doc: TextDocument, row: int) -> MapIndex | None:
        """The ids to complete at line ``row``: the current text's, else (a half-typed line makes
        it ill-formed) those of the text without the broken lines, else the last well-formed text's."""
        return self.index(doc) or lenient_index(doc.source, row) or self.state(doc.uri).good_index

    def publish(self, doc: TextDocument) -> None:
        """Check the document's current text and publish what was found."""
        if not self.is_map(doc):
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=doc.uri, diagnostics=[]))
            return
        text = doc.source
        try:
            found = self.checker.check(self.map_path(doc), text)
        except Exception as exc:  # a bug in argmap: say so, in one line, and keep serving the other maps
            message = (
                f"argmap: internal error checking {self.map_path(doc)}: {exc.__class__.__name__}: {exc}. "
                "This is a bug in argmap; please report it with the map."
            )
            self.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=message))
            return
        lines = lines_of(text)
        converted = [self.to_client(doc, lines, to_lsp(d, lines, self.rule_docs)) for d in found]
        duplicates = [(c, d.subject) for c, d in zip(converted, found, strict=True) if d.code == "AM106" and d.subject]
        if duplicates:  # rare: worth the index, to point at the other item with the same id
            self.relate_duplicates(doc, lines, duplicates)
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=doc.uri, version=doc.version, diagnostics=converted)
        )

    def relate_duplicates(self, doc: TextDocument, lines: list[str], found: list[tuple[lsp.Diagnostic, str]]) -> None:
        """Point each duplicate-id finding at the other definitions of that id."""
        index = self.index(doc)
        if index is None:
            return
        for d, name in found:
            related = []
            for ref in index.occurrences(name):
                where = self.range_out(doc, lines, lsp.Range(
                    lsp.Position(ref.span.line, ref.span.col), lsp.Position(ref.span.end_line, ref.span.end_col)
                ))  # fmt: skip
                if ref.field == "id" and where.start.line != d.range.start.line:
                    related.append(
                        lsp.DiagnosticRelatedInformation(lsp.Location(doc.uri, where), f"{name} is also defined here")
                    )
            d.related_information = related or None

    def schedule(self, uri: str, delay: float) -> None:
        """Check the document after ``delay`` seconds without changes. The first change after a
        quiet spell is checked at once: only changes that come in a burst (a paste, an auto-indent,
        keys typed while a check ran) wait, and are checked as one."""
        state = self.state(uri)
        now = time.monotonic()
        if state.pending is not None and not state.pending.done():
            state.pending.cancel()
        elif now - state.last_change >= delay:
            delay = 0
        state.last_change = now

        async def later() -> None:
            await asyncio.sleep(delay)
            doc = self.document(uri)
            if doc is not None:  # closed meanwhile
                self.publish(doc)

        state.pending = asyncio.ensure_future(later())

    # ------------------------------------------------------------------ positions

    def to_client(self, doc: TextDocument, lines: list[str], d: lsp.Diagnostic) -> lsp.Diagnostic:
        d.range = self.range_out(doc, lines, d.range)
        return d

    def range_out(self, doc: TextDocument, lines: list[str], r: lsp.Range) -> lsp.Range:
        codec = doc.position_codec
        return lsp.Range(codec.position_to_client_units(lines, r.start), codec.position_to_client_units(lines, r.end))

    def position_in(self, doc: TextDocument, lines: list[str], p: lsp.Position) -> tuple[int, int]:
        pos = doc.position_codec.position_from_client_units(lines, p)
        return pos.line, pos.character
