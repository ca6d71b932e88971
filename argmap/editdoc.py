"""A map's text edited item by item: :class:`Document` adds, sets and removes nodes, relations and sources,
each operation returning the operations that undo it (its inverse), and a node's removal taking every link
that needs it along. Nothing is written to disk here: :mod:`argmap.edit` applies requests to files.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any

from argmap.errors import ArgmapError
from argmap.yamledit import (
    SECTIONS,
    Section,
    Unscannable,
    dump_item,
    json_text,
    load_item,
    ordered,
    plain,
    round_trip_yaml,
    scan,
    set_fields,
    split_lines,
)

__all__ = ["NODE_KINDS", "RELATION_KINDS", "Document", "EditError", "section_of"]

NODE_KINDS = frozenset({"thesis", "claim", "evidence"})
RELATION_KINDS = frozenset({"supports", "attacks", "undercuts"})


class EditError(ArgmapError):
    """An operation that cannot be applied (unknown id, malformed item, a result that does not validate)."""


def section_of(item: Mapping[str, Any]) -> str:
    """The list ``item`` belongs in, told by its kind (a source has a title and no kind); raises EditError."""
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
        self.lines = split_lines(text)
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
            self.sections: dict[str, Section] | None = scan(self.lines, data)
        except Unscannable:
            self.sections = None
            self._whole = round_trip_yaml().load(text)

    # ------------------------------------------------------------------ reading

    @property
    def text(self) -> str:
        text = self._text()
        return text.replace("\n", "\r\n") if self._crlf else text

    def _text(self) -> str:
        if self.sections is None:
            if plain(self._whole) == plain(round_trip_yaml().load(self.original)):
                return self.original
            if self.original.lstrip().startswith("{"):  # a JSON map stays JSON, indented as it was
                return json_text(plain(self._whole), self.original)
            out = io.StringIO()
            round_trip_yaml().dump(self._whole, out)
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
        section = section_of(item)
        if not isinstance(self.data.get(section, []), list):
            raise EditError(f"{section} is not a list in this file; fix it first")
        added = plain(item)
        count = len(self.data.get(section) or [])
        place = count if at is None else max(0, min(int(at), count))
        if self.sections is None:
            self._whole.setdefault(section, [])
            self._whole[section].insert(place, ordered(added))
        else:
            self._add_lines(section, added, place)
        self.data.setdefault(section, [])
        self.data[section].insert(place, added)
        return [{"op": "remove", "id": added["id"], "cascade": False}]

    def _add_lines(self, section: str, item: dict[str, Any], place: int) -> None:
        assert self.sections is not None
        sec = self.sections.get(section)
        if sec is None:  # no such list yet: a new one at the end of the file
            lines = [f"{section}:\n", *dump_item(ordered(item), 2)]
            if self.lines and self.lines[-1].strip() and self._blank_between_sections():
                lines.insert(0, "\n")
            at = len(self.lines)
            self.lines[at:at] = lines
            self.sections = scan(self.lines, {**self.data, section: [item]})
            return
        new = dump_item(ordered(item, flow=sec.flow_items), sec.column)
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
        self.sections = scan(self.lines, data)

    def set(self, item_id: str, fields: Mapping[str, Any]) -> list[dict[str, Any]]:
        if not isinstance(fields, Mapping) or not fields:
            raise EditError(f"set {item_id}: give the fields to set as a mapping of field names to values")
        if "id" in fields and fields["id"] != item_id:
            raise EditError(f"set {item_id}: an id is not changed; remove the item and add it under the new id")
        section, i = self.find(item_id)
        old = self.data[section][i]
        if "kind" in fields and section_of({**old, **fields}) != section:
            raise EditError(f"set {item_id}: a {section[:-1]} cannot become a {section_of({**old, **fields})[:-1]}")
        changed = {k: v for k, v in fields.items() if old.get(k) != v or (v is None and k in old)}
        changed = {k: v for k, v in changed.items() if not (v is None and k not in old)}
        if not changed:
            return []
        inverse = {k: plain(old[k]) if k in old else None for k in changed}
        if self.sections is None:
            target = self._whole[section][i]
            set_fields(target, changed)
        else:
            sec = self.sections[section]
            it = sec.items[i]
            body_end = it.end
            while body_end > it.dash + 1 and not self.lines[body_end - 1].strip():
                body_end -= 1
            target = load_item(self.lines[it.dash : body_end], sec.column)
            set_fields(target, changed)
            dumped = dump_item(target, sec.column)
            self.lines[it.dash : body_end] = dumped
            self._shift(body_end, len(dumped) - (body_end - it.dash))
        new = {k: v for k, v in {**old, **changed}.items() if v is not None}
        self.data[section][i] = plain(new)
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

    def remove(self, item_id: str, cascade: bool = True) -> list[dict[str, Any]]:
        """Remove an item; with a node (``cascade``), every relation that needs it. The inverse puts
        everything back in its place."""
        inverse: list[dict[str, Any]] = []
        if cascade:
            for op in self._dependents(item_id):
                inverse = op + inverse
        section, i = self.find(item_id)
        old = plain(self.data[section][i])
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
            self.sections = scan(self.lines, self.data)
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
