"""Edit a map file in place: add, set and remove nodes, relations and sources, keeping everything else.

The file is the only state. An edit is a list of operations applied all together or not at all:

- ``{"op": "add", "item": {...}}`` adds a node, relation or source as written in the YAML (a node has a
  node ``kind``, a relation a relation ``kind``, a source neither); ``"at": N`` puts it at place N of its
  list (undo uses it to put a removed item back where it stood);
- ``{"op": "set", "id": ID, "fields": {...}}`` sets fields of the item with that id (``null`` removes a
  field);
- ``{"op": "remove", "id": ID}`` removes the item, and with a node every link that needs it (a relation
  from or to it; it is dropped from the premises of a linked relation that has others).

Each item is rewritten on its own lines with a round-trip YAML library (ruamel.yaml): comments, key
order, quoting and blank lines of everything else stay byte for byte, and an item's own comments and
quoting stay where its fields are kept. An edit that changes nothing leaves the file byte-identical.
An edit whose result would not validate where the file did (a reference to a missing node, a field of
the wrong type, a second thesis) is refused with the loader's message, and nothing is written.

The revision of a file is a hash of its bytes: :func:`apply_edit` refuses an edit made against another
revision (the file changed on disk meanwhile) with :class:`Stale`. The language server's fixes can share
the operations: :func:`apply_ops` works on the text of an open editor buffer, not on a file, and
:func:`line_edit` turns its result into the one ``TextEdit`` that makes it.

The work is done in three modules: this one (requests: ops checked, results validated, files read and
written at a revision), :mod:`argmap.editdoc` (the operations on a map's text and their inverses) and
:mod:`argmap.yamledit` (an item's lines found and rewritten through ruamel.yaml).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.editdoc import Document, EditError
from argmap.errors import ArgmapError
from argmap.yamledit import split_lines

if TYPE_CHECKING:
    from argmap.load import LoadResult

__all__ = [
    "Document",
    "EditError",
    "EditResult",
    "LineEdit",
    "Stale",
    "apply_edit",
    "apply_ops",
    "line_edit",
    "read_revision",
    "revision_of",
]


class Stale(ArgmapError):
    """The edit was made against another revision of the file: it changed on disk meanwhile."""


def revision_of(data: bytes) -> str:
    """The revision of a file: the SHA-256 of its bytes (hex), so that any change, a touch aside, is seen."""
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- requests


@dataclass
class EditResult:
    revision: str
    """The revision of the file after the edit (the same when nothing changed)."""
    text: str
    undo: list[dict[str, Any]]
    """The operations that undo this edit, in order (each ``set`` and ``add`` puts back what was)."""
    changed: bool
    loaded: LoadResult | None = None
    """The new text loaded and validated (not yet checked for anchors and rules: see
    :func:`argmap.pipeline.finish_checks`), so that the caller need not read it again."""


@dataclass(frozen=True)
class LineEdit:
    """The lines ``start`` to ``end`` (0-based, ``end`` excluded) of a text replaced by ``text``: an edit
    as an editor applies it (an LSP ``TextEdit`` from line ``start``, column 0, to line ``end``, column 0)."""

    start: int
    end: int
    text: str


def line_edit(before: str, after: str) -> LineEdit | None:
    """The one smallest run of whole lines that turns ``before`` into ``after`` (None when they are equal).

    For the language server's fixes: ``after, _ = apply_ops(buffer, ops)`` rewrites an item as the editor
    does, and this gives the ``TextEdit`` that makes it, leaving the rest of the buffer (and the cursor's
    place in it) alone."""
    if before == after:
        return None
    old, new = split_lines(before), split_lines(after)
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return LineEdit(head, len(old) - tail, "".join(new[head : len(new) - tail]))


def apply_ops(text: str, ops: Sequence[Any], *, file: str = "<map>") -> tuple[str, list[dict[str, Any]]]:
    """Apply ``ops`` to the text of a map; returns the new text and the ops that undo them.

    Raises :class:`EditError` for a malformed op or a result that has validation errors the text had
    not: all or nothing."""
    new, undo, _ = _apply(text, ops, file)
    return new, undo


def _apply(text: str, ops: Sequence[Any], file: str) -> tuple[str, list[dict[str, Any]], LoadResult | None]:
    if not isinstance(ops, list | tuple):
        raise EditError("ops must be a list of operations")
    doc = Document(text)
    undo: list[dict[str, Any]] = []
    for n, op in enumerate(ops, 1):
        try:
            undo = _apply_one(doc, op) + undo
        except EditError as exc:
            raise EditError(f"op {n}: {exc.message}") from None
    new = doc.text
    return new, undo, (_validated(text, new, file) if new != text else None)


def _apply_one(doc: Document, op: Any) -> list[dict[str, Any]]:
    if not isinstance(op, Mapping) or op.get("op") not in ("add", "set", "remove"):
        raise EditError(
            'an op is {"op": "add", "item": {...}}, {"op": "set", "id": ..., "fields": {...}} or '
            '{"op": "remove", "id": ...}'
        )
    kind = op["op"]
    if kind == "add":
        item = op.get("item")
        if not isinstance(item, Mapping):
            raise EditError("add: give the item to add as a mapping")
        at = op.get("at")
        if at is not None and (not isinstance(at, int) or isinstance(at, bool)):
            raise EditError("add: at is the place in the list, a whole number")
        return doc.add(item, at)
    item_id = op.get("id")
    if not isinstance(item_id, str):
        raise EditError(f"{kind}: give the id of the item as a string")
    if kind == "set":
        fields = op.get("fields")
        if not isinstance(fields, Mapping):
            raise EditError(f"set {item_id}: give the fields to set as a mapping")
        return doc.set(item_id, fields)
    return doc.remove(item_id, cascade=op.get("cascade", True) is not False)


_ERRORS: dict[tuple[str, str], tuple[list[str], set[tuple[str, str]]]] = {}
"""The validation errors of the last texts checked: an edit's result is the next edit's starting point."""


def _summary(result: LoadResult) -> tuple[list[str], set[tuple[str, str]]]:
    from argmap.diagnostics import Severity

    errors = [d for d in result.diagnostics if d.severity == Severity.ERROR]
    return [str(d) for d in errors], {(d.code, re.sub(r"\d+", "#", d.message)) for d in errors}


def _errors(text: str, file: str, result: LoadResult | None = None) -> tuple[list[str], set[tuple[str, str]]]:
    from argmap.load import load_text

    key = (file, revision_of(text.encode("utf-8")))
    if key in _ERRORS:
        return _ERRORS[key]
    found = _summary(result if result is not None else load_text(text, file=file))
    if len(_ERRORS) >= 8:
        _ERRORS.clear()
    _ERRORS[key] = found
    return found


def _validated(before: str, after: str, file: str) -> LoadResult:
    """The loaded ``after``, when it has no validation error that ``before`` had not; raises EditError."""
    from argmap.load import load_text

    _, old = _errors(before, file)
    result = load_text(after, file=file)
    shown, new = _errors(after, file, result)
    fresh = new - old
    if fresh:
        messages = [line for line in shown if any(code in line for code, _ in fresh)]
        raise EditError("the edit would not validate: " + "; ".join(messages[:3]))
    return result


def read_revision(path: Path) -> tuple[bytes, str]:
    """The bytes of the map at ``path`` and their revision; raises :class:`EditError` when the path
    is not a readable file."""
    from argmap.load import read_limited

    if path.is_dir():
        raise EditError(f"{path}: is a folder now, not a map file; put the map back to go on editing")
    try:
        raw = read_limited(path)
    except FileNotFoundError:
        raise EditError(f"{path}: no such file (deleted or moved?); put the map back to go on editing") from None
    except OSError as exc:
        raise EditError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return raw, revision_of(raw)


def apply_edit(path: str | os.PathLike[str], revision: str, ops: Sequence[Any]) -> EditResult:
    """Apply ``ops`` to the map file at ``path`` if it is still at ``revision``; write it atomically.

    A symlink is followed: the file it points to is written, the link stays. Raises :class:`Stale` when
    the file is at another revision, :class:`EditError` for an op that cannot be applied; nothing is
    written in either case."""
    from argmap.fileio import OutputError, write_atomic

    target = Path(path)
    real = target.resolve() if target.is_symlink() else target
    raw, current = read_revision(real)
    if current != revision:
        raise Stale(f"{target}: the file changed on disk since revision {revision[:12]}; reload it and edit again")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EditError(f"{target}: not UTF-8 text; the editor edits UTF-8 maps") from None
    new, undo, loaded = _apply(text, ops, str(target))
    if new == text:
        return EditResult(current, text, [], False)
    data = new.encode("utf-8")
    _, latest = read_revision(real)
    if latest != current:  # saved by someone else while this edit was worked out
        raise Stale(f"{target}: the file changed on disk during the edit; reload it and edit again")
    try:
        write_atomic(real, data)
    except OutputError as exc:
        raise EditError(str(exc)) from None
    return EditResult(revision_of(data), new, undo, True, loaded)
