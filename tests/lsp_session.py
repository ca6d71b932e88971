"""A real LSP client session with ``argmap lsp`` over stdio, for the language-server tests.

The client is pytest-lsp's (pygls's client with checks that the server keeps to the LSP
specification); the server is the installed command in a subprocess, as an editor starts it.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from lsprotocol import types as t
from pytest_lsp import LanguageClient, client_capabilities, make_test_lsp_client

TIMEOUT = 30.0


async def start(cache: Path, *args: str) -> LanguageClient:
    """A client connected to a fresh server, the session initialised as VS Code would."""
    client = make_test_lsp_client()
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    await client.start_io(sys.executable, "-m", "argmap", "lsp", "--debounce", "10", *args, env=env)
    await client.initialize_session(t.InitializeParams(capabilities=client_capabilities("visual-studio-code")))
    return client


async def until(
    client: LanguageClient, uri: str, ready: Callable[[Sequence[t.Diagnostic]], bool]
) -> Sequence[t.Diagnostic]:
    """The diagnostics of ``uri`` once ``ready`` accepts them (the server may publish several times)."""

    async def wait() -> Sequence[t.Diagnostic]:
        while True:
            if uri in client.diagnostics and ready(client.diagnostics[uri]):
                return client.diagnostics[uri]
            await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(wait(), TIMEOUT)


def open_doc(client: LanguageClient, path: Path, text: str | None = None, language: str = "yaml") -> str:
    uri = path.resolve().as_uri()
    body = path.read_text(encoding="utf-8") if text is None else text
    client.diagnostics.pop(uri, None)
    item = t.TextDocumentItem(uri=uri, language_id=language, version=1, text=body)
    client.text_document_did_open(t.DidOpenTextDocumentParams(text_document=item))
    return uri


def replace_line(client: LanguageClient, uri: str, version: int, row: int, old: str, new: str) -> None:
    """An incremental edit, as typed: ``old`` (the whole line ``row``) becomes ``new``."""
    r = t.Range(start=t.Position(line=row, character=0), end=t.Position(line=row, character=len(old)))
    change = t.TextDocumentContentChangePartial(range=r, text=new)
    client.text_document_did_change(
        t.DidChangeTextDocumentParams(
            text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]
        )
    )


def doc(uri: str) -> t.TextDocumentIdentifier:
    return t.TextDocumentIdentifier(uri=uri)


def pos(line: int, character: int) -> t.Position:
    return t.Position(line=line, character=character)


def where(lines: list[str], needle: str, offset: int = 1) -> t.Position:
    """The position inside the first occurrence of ``needle`` (``offset`` characters into it)."""
    row = next(i for i, line in enumerate(lines) if needle in line)
    return pos(row, lines[row].index(needle) + offset)
