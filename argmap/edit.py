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
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.errors import ArgmapError

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
    "revision_of",
]

NODE_KINDS = frozenset({"thesis", "claim", "evidence"})
RELATION_KINDS = frozenset({"supports", "attacks", "undercuts"})
SECTIONS = ("sources", "nodes", "relations")

# The order fields are written in when an item is added, or a field is added to an item: the order of the
# shipped map and of the README's examples. Fields not listed go after these, in the order given.
_ORDER = (
    "id",
    "kind",
    "type",
    "title",
    "author",
    "publisher",
    "date",
    "url",
    "text",
    "expected",
    "speaker",
    "what",
    "number",
    "value",
    "unit",
    "scale",
    "period",
    "change",
    "baseline",
    "approximate",
    "actors",
    "status",
    "medium",
    "said",
    "quote",
    "occasion",
    "expected_from",
    "reason",
    "items",
    "sources",
    "anchor",
    "from",
    "to",
    "warrant",
    "qualifier",
    "strength",
    "scheme",
    "answers",
    "aliases",
    "tags",
    "note",
    "ignore",
)


class EditError(ArgmapError):
    """An operation that cannot be applied (unknown id, malformed item, a result that does not validate)."""


class Stale(ArgmapError):
    """The edit was made against another revision of the file: it changed on disk meanwhile."""


def revision_of(data: bytes) -> str:
    """The revision of a file: the SHA-256 of its bytes (hex), so that any change, a touch aside, is seen."""
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- YAML, item by item


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long text onto several lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_DASH = re.compile(r"([ \t]*)-(?:[ \t]|$)")


@dataclass
class _Item:
    start: int
    """First line (its own comment lines above it included)."""
    dash: int
    """The line of its dash."""
    end: int
    """One past its last line (blank lines after it included)."""


@dataclass
class _Section:
    key: str
    head: int
    """The line of ``key:``."""
    end: int
    """One past its last line, before the comments that head the next section."""
    items: list[_Item] = field(default_factory=list)
    column: int = 2
    """Where the dashes stand."""
    flow_items: bool = False
    """Whether its items are written ``- {id: R1, ...}``: an added item is written the same way."""


class _Unscannable(Exception):
    """A layout the line scan does not follow (flow lists, several documents, JSON): the whole file is
    edited through ruamel.yaml instead."""


def _scan(lines: list[str], data: Mapping[str, Any]) -> dict[str, _Section]:
    """Where the items of each list of the map stand; agrees with the parsed ``data`` or raises."""
    heads: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if line.startswith(("---", "...")) and i > 0:
            raise _Unscannable
        m = _TOP_KEY.match(line)
        if m:
            heads.append((i, m.group(1)))
    sections: dict[str, _Section] = {}
    for n, (head, key) in enumerate(heads):
        if key not in SECTIONS:
            continue
        after = lines[head].split(":", 1)[1].split("#", 1)[0].strip()
        if after:
            raise _Unscannable  # a flow list (`nodes: []`) or something else on the key's line
        end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        while end > head + 1 and lines[end - 1].startswith("#"):  # comments heading the next section
            end -= 1
        sections[key] = _section(key, head, end, lines)
        value = data.get(key)
        if len(sections[key].items) != (len(value) if isinstance(value, list) else 0):
            raise _Unscannable
    if any(data.get(key) and key not in sections for key in SECTIONS):
        raise _Unscannable  # a list the scan did not see (a quoted key, JSON)
    return sections


def _section(key: str, head: int, end: int, lines: list[str]) -> _Section:
    dashes: list[tuple[int, int]] = []
    column: int | None = None
    for i in range(head + 1, end):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if column is None:
            column = indent
        if indent < column:
            raise _Unscannable
        if indent == column:
            if not _DASH.match(line):
                raise _Unscannable
            dashes.append((i, indent))
    section = _Section(key, head, end, column=column if column is not None else 2)
    for n, (dash, _) in enumerate(dashes):
        start = dash
        while (
            start > head + 1 and lines[start - 1].strip().startswith("#") and _indent(lines[start - 1]) >= (column or 0)
        ):
            start -= 1
        section.items.append(_Item(start, dash, end))
        if n:
            section.items[n - 1].end = start
    if section.items:
        section.flow_items = lines[section.items[-1].dash].lstrip()[1:].lstrip().startswith("{")
    return section


def _needs_quotes(value: str) -> bool:
    """Whether YAML needs ``value`` quoted (then the quotes around it were not the person's choice)."""
    from ruamel.yaml.scalarstring import PlainScalarString

    out = io.StringIO()
    _yaml().dump([PlainScalarString(value)], out)
    return out.getvalue().lstrip(" -")[:1] in "'\""


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _escaped(value: str) -> Any:
    """A string with line breaks or control characters, double-quoted so that they are escaped (``\\n``,
    ``\\N``, ``\\L``): written raw, ruamel breaks lines at NEL, LS and PS as YAML 1.1 does, which a YAML 1.2
    reader takes for characters. None for any other string."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(value) if _CONTROL.search(value) else None


def _json_text(data: Any, original: str) -> str:
    """``data`` as JSON indented like ``original`` (its second line's indent; none when on one line)."""
    import json

    second = original.lstrip().split("\n", 2)
    indent = _indent(second[1]) if len(second) > 1 and second[1].strip() else None
    text = json.dumps(data, indent=indent or None, ensure_ascii=False)
    return text + "\n" if original.endswith("\n") else text


def _split_lines(text: str) -> list[str]:
    """Lines with their ends, split at ``\\n`` only: YAML 1.2 (and the loader) takes NEL, LS and PS inside
    a value for characters, where ``str.splitlines`` would break the line."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _dump_item(item: Any, column: int) -> list[str]:
    """One list item as YAML lines, its dash at ``column``."""
    out = io.StringIO()
    _yaml().dump([item], out)
    pad = " " * column
    text = out.getvalue()
    # ruamel writes the dash at 2 (offset 2); move it to this list's column.
    shifted = [
        (pad + line[2:] if line.startswith("  ") else pad + line) if line.strip() else line
        for line in _split_lines(text)
    ]
    return shifted


def _load_item(lines: list[str], column: int) -> Any:
    """The item on ``lines`` (dash at ``column``) as ruamel's round-trip mapping.

    The lines are moved so that the dash stands at column 2, where ruamel writes it: its comments, which
    ruamel writes back at the columns they were read at, then stand where :func:`_dump_item` expects."""
    text = "".join(
        line if not line.strip() else "  " + line[column:] if line[:column].strip() == "" else line for line in lines
    )
    loaded = _yaml().load(text)
    if not isinstance(loaded, list) or len(loaded) != 1:
        raise _Unscannable
    return loaded[0]


# --------------------------------------------------------------------------- the document


def _plain(value: Any) -> Any:
    """ruamel's round-trip containers and scalars as plain JSON-able values."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return str(value)  # a date or timestamp a YAML 1.1 reader would make: as written


def _section_of(item: Mapping[str, Any]) -> str:
    kind = item.get("kind")
    if kind in NODE_KINDS:
        return "nodes"
    if kind in RELATION_KINDS:
        return "relations"
    if kind is None and "title" in item:
        return "sources"
    raise EditError(
        f"cannot tell what to add: kind {kind!r} is not a node kind ({', '.join(sorted(NODE_KINDS))}) "
        f"or a relation kind ({', '.join(sorted(RELATION_KINDS))}); a source has a title and no kind"
    )


def _ordered(item: Mapping[str, Any], flow: bool = False) -> Any:
    """``item`` as ruamel's containers, its keys in the order given; nested mappings and lists in flow
    style (``anchor: {exact: ...}``, ``sources: [s1]``), the item itself too when ``flow``."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def build(value: Any, top: bool) -> Any:
        if isinstance(value, Mapping):
            cm = CommentedMap((k, build(v, False)) for k, v in value.items())
            if not top or flow:
                cm.fa.set_flow_style()
            return cm
        if isinstance(value, list):
            seq = CommentedSeq(build(v, False) for v in value)
            seq.fa.set_flow_style()
            return seq
        return (_escaped(value) or value) if isinstance(value, str) else value

    return build(item, True)


class Document:
    """A map's text, edited item by item. ``text`` is the edited text; nothing is written to disk.

    Items are found with a line scan checked against the parsed data, and each one touched is rewritten
    through ruamel.yaml on its own lines; a layout the scan does not follow (a flow-style list, JSON) is
    edited through ruamel.yaml as a whole document, which keeps its comments and order too but may
    respell what it does not preserve (escapes in quoted strings)."""

    def __init__(self, text: str) -> None:
        from argmap.load import LoadResult, parse_data

        self._crlf = "\r\n" in text  # a file saved on Windows keeps its line ends
        text = text.replace("\r\n", "\n") if self._crlf else text
        self.original = text
        self.lines = _split_lines(text)
        if self.lines and not self.lines[-1].endswith("\n"):
            self.lines[-1] += "\n"
            self._no_final_newline = True
        else:
            self._no_final_newline = False
        parsed = LoadResult(file="<edit>")
        data = parse_data(text, parsed)
        if not isinstance(data, dict):
            first = next((d for d in parsed.diagnostics), None)
            why = f" (line {first.line}: {first.message})" if first is not None else ""
            raise EditError(f"the file cannot be read as a map{why}; fix it in your editor, then edit here again")
        self.data: dict[str, Any] = data
        try:
            self.sections: dict[str, _Section] | None = _scan(self.lines, data)
        except _Unscannable:
            self.sections = None
            self._whole = _yaml().load(text)

    # ------------------------------------------------------------------ reading

    @property
    def text(self) -> str:
        text = self._text()
        return text.replace("\n", "\r\n") if self._crlf else text

    def _text(self) -> str:
        if self.sections is None:
            if _plain(self._whole) == _plain(_yaml().load(self.original)):
                return self.original
            if self.original.lstrip().startswith("{"):  # a JSON map stays JSON, indented as it was
                return _json_text(_plain(self._whole), self.original)
            out = io.StringIO()
            _yaml().dump(self._whole, out)
            return out.getvalue()
        text = "".join(self.lines)
        return text[:-1] if self._no_final_newline and text.endswith("\n") else text

    def items(self, section: str) -> list[dict[str, Any]]:
        value = self.data.get(section)
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    def find(self, item_id: str) -> tuple[str, int]:
        """The section and place of the item with ``item_id``; raises :class:`EditError`."""
        for section in SECTIONS:
            for i, item in enumerate(self.data.get(section) or []):
                if isinstance(item, dict) and str(item.get("id")) == item_id:
                    return section, i
        raise EditError(f"no node, relation or source has the id {item_id!r}")

    def get(self, item_id: str) -> dict[str, Any]:
        section, i = self.find(item_id)
        item: dict[str, Any] = self.data[section][i]
        return item

    def ids(self) -> set[str]:
        return {str(item.get("id")) for s in SECTIONS for item in self.items(s)}

    # ------------------------------------------------------------------ operations (each returns its inverse)

    def add(self, item: Mapping[str, Any], at: int | None = None) -> list[dict[str, Any]]:
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str) or not item["id"].strip():
            raise EditError("an added item needs an id (a string)")
        if item["id"] in self.ids():
            raise EditError(f"the id {item['id']!r} is taken; choose another")
        section = _section_of(item)
        if not isinstance(self.data.get(section, []), list):
            raise EditError(f"{section} is not a list in this file; fix it first")
        plain = _plain(item)
        count = len(self.data.get(section) or [])
        place = count if at is None else max(0, min(int(at), count))
        if self.sections is None:
            self._whole.setdefault(section, [])
            self._whole[section].insert(place, _ordered(plain))
        else:
            self._add_lines(section, plain, place)
        self.data.setdefault(section, [])
        self.data[section].insert(place, plain)
        return [{"op": "remove", "id": plain["id"], "cascade": False}]

    def _add_lines(self, section: str, item: dict[str, Any], place: int) -> None:
        assert self.sections is not None
        sec = self.sections.get(section)
        if sec is None:  # no such list yet: a new one at the end of the file
            lines = [f"{section}:\n", *_dump_item(_ordered(item), 2)]
            if self.lines and self.lines[-1].strip() and self._blank_between_sections():
                lines.insert(0, "\n")
            at = len(self.lines)
            self.lines[at:at] = lines
            self.sections = _scan(self.lines, {**self.data, section: [item]})
            return
        new = _dump_item(_ordered(item, flow=sec.flow_items), sec.column)
        if sec.items and place > 0:
            before = sec.items[place - 1]
            last_content = before.end
            while last_content > before.dash + 1 and not self.lines[last_content - 1].strip():
                last_content -= 1
            spaced = last_content < before.end  # items separated by blank lines: so is this one
            if place < len(sec.items):
                at = sec.items[place].start
                new = new + (["\n"] if spaced else [])
            else:
                at = last_content
                new = (["\n"] if spaced else []) + new
        elif sec.items:
            at = sec.items[0].start
            spaced = any(not self.lines[i].strip() for i in range(sec.items[0].dash, sec.items[0].end))
            new = new + (["\n"] if spaced else [])
        else:
            at = sec.head + 1
        self.lines[at:at] = new
        self._rescan(section, place, item)

    def _blank_between_sections(self) -> bool:
        return any(not line.strip() for line in self.lines)

    def _rescan(self, section: str, place: int, item: dict[str, Any] | None) -> None:
        data = dict(self.data)
        items = list(data.get(section) or [])
        if item is not None:
            items.insert(place, item)
        else:
            del items[place]
        data[section] = items
        self.sections = _scan(self.lines, data)

    def set(self, item_id: str, fields: Mapping[str, Any]) -> list[dict[str, Any]]:
        if not isinstance(fields, Mapping) or not fields:
            raise EditError(f"set {item_id}: give the fields to set as a mapping of field names to values")
        if "id" in fields and fields["id"] != item_id:
            raise EditError(f"set {item_id}: an id is not changed; remove the item and add it under the new id")
        section, i = self.find(item_id)
        old = self.data[section][i]
        if "kind" in fields and _section_of({**old, **fields}) != section:
            raise EditError(f"set {item_id}: a {section[:-1]} cannot become a {_section_of({**old, **fields})[:-1]}")
        changed = {k: v for k, v in fields.items() if old.get(k) != v or (v is None and k in old)}
        changed = {k: v for k, v in changed.items() if not (v is None and k not in old)}
        if not changed:
            return []
        inverse = {k: _plain(old[k]) if k in old else None for k in changed}
        if self.sections is None:
            target = self._whole[section][i]
            self._set_mapping(target, changed)
        else:
            sec = self.sections[section]
            it = sec.items[i]
            body_end = it.end
            while body_end > it.dash + 1 and not self.lines[body_end - 1].strip():
                body_end -= 1
            target = _load_item(self.lines[it.dash : body_end], sec.column)
            self._set_mapping(target, changed)
            dumped = _dump_item(target, sec.column)
            self.lines[it.dash : body_end] = dumped
            self._shift(body_end, len(dumped) - (body_end - it.dash))
        new = {k: v for k, v in {**old, **changed}.items() if v is not None}
        self.data[section][i] = _plain(new)
        return [{"op": "set", "id": item_id, "fields": inverse}]

    def _shift(self, at: int, delta: int) -> None:
        """Lines from ``at`` on moved by ``delta`` (an item rewritten in place): so do the places of the
        items and sections there, without scanning the file again."""
        if not delta or self.sections is None:
            return
        for sec in self.sections.values():
            sec.head += delta if sec.head >= at else 0
            sec.end += delta if sec.end >= at else 0
            for it in sec.items:
                it.start += delta if it.start >= at else 0
                it.dash += delta if it.dash >= at else 0
                it.end += delta if it.end >= at else 0

    @staticmethod
    def _set_mapping(target: Any, changed: Mapping[str, Any]) -> None:
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString, PlainScalarString, SingleQuotedScalarString

        for key, value in changed.items():
            if value is None:
                del target[key]
                continue
            new = _ordered({key: value})[key] if isinstance(value, Mapping | list) else value
            if isinstance(value, str):
                # The person's quotes stay; a plain value stays plain unless it has to be quoted
                # (ruamel would otherwise keep the quotes of the value it replaces).
                old = target.get(key)
                quoted = isinstance(old, DoubleQuotedScalarString | SingleQuotedScalarString) and not _needs_quotes(old)
                new = _escaped(value) or (type(old)(value) if quoted else PlainScalarString(value))
            if key in target:
                target[key] = new
                continue
            rank = _ORDER.index(key) if key in _ORDER else len(_ORDER)
            keys = list(target)
            place = len(keys)
            for n, existing in enumerate(keys):
                if (_ORDER.index(existing) if existing in _ORDER else len(_ORDER)) > rank:
                    place = n
                    break
            target.insert(place, key, new)

    def remove(self, item_id: str, cascade: bool = True) -> list[dict[str, Any]]:
        """Remove an item; with a node (``cascade``), every relation that needs it. The inverse puts
        everything back in its place."""
        inverse: list[dict[str, Any]] = []
        if cascade:
            for op in self._dependents(item_id):
                inverse = op + inverse
        section, i = self.find(item_id)
        old = _plain(self.data[section][i])
        if self.sections is None:
            del self._whole[section][i]
        else:
            sec = self.sections[section]
            it = sec.items[i]
            start, end = it.start, it.end
            if i == len(sec.items) - 1 and i > 0:  # the last: keep the blank lines that end the section
                while end > it.dash + 1 and not self.lines[end - 1].strip():
                    end -= 1
                while start - 1 > sec.items[i - 1].dash and not self.lines[start - 1].strip():
                    start -= 1
            del self.lines[start:end]
        del self.data[section][i]
        if self.sections is not None:
            self.sections = _scan(self.lines, self.data)
        return [{"op": "add", "item": old, "at": i}, *inverse]

    def _dependents(self, item_id: str) -> Iterable[list[dict[str, Any]]]:
        """Remove or shorten the relations that need ``item_id``; yields each one's inverse."""
        while True:
            for rel in self.items("relations"):
                premises = rel.get("from")
                plist = premises if isinstance(premises, list) else [premises]
                rid = str(rel.get("id"))
                if rel.get("to") == item_id or plist == [item_id]:
                    yield self.remove(rid, cascade=True)
                    break
                if item_id in plist:
                    yield self.set(rid, {"from": [p for p in plist if p != item_id]})
                    break
            else:
                return


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
    old, new = _split_lines(before), _split_lines(after)
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
