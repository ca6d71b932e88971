"""A map's YAML, item by item: where each item of its lists stands, and rewriting one item on its own lines.

A line scan, checked against the parsed data, finds the lines of every item of ``sources``, ``nodes`` and
``relations``; an item is read back and written with a round-trip YAML library (ruamel.yaml), so that its
comments, key order and quoting stay where its fields are kept. A layout the scan does not follow raises
:class:`Unscannable` (:class:`argmap.editdoc.Document` then edits the whole file through ruamel.yaml).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "SECTIONS",
    "Item",
    "Section",
    "Unscannable",
    "dump_item",
    "json_text",
    "load_item",
    "ordered",
    "plain",
    "round_trip_yaml",
    "scan",
    "set_fields",
    "split_lines",
]

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


# --------------------------------------------------------------------------- the lines of each item


def round_trip_yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long text onto several lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_DASH = re.compile(r"([ \t]*)-(?:[ \t]|$)")


@dataclass
class Item:
    start: int
    """First line (its own comment lines above it included)."""
    dash: int
    """The line of its dash."""
    end: int
    """One past its last line (blank lines after it included)."""


@dataclass
class Section:
    key: str
    head: int
    """The line of ``key:``."""
    end: int
    """One past its last line, before the comments that head the next section."""
    items: list[Item] = field(default_factory=list)
    column: int = 2
    """Where the dashes stand."""
    flow_items: bool = False
    """Whether its items are written ``- {id: R1, ...}``: an added item is written the same way."""


class Unscannable(Exception):
    """A layout the line scan does not follow (flow lists, several documents, JSON): the whole file is
    edited through ruamel.yaml instead."""


def scan(lines: list[str], data: Mapping[str, Any]) -> dict[str, Section]:
    """Where the items of each list of the map stand; agrees with the parsed ``data`` or raises."""
    heads: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if line.startswith(("---", "...")) and i > 0:
            raise Unscannable
        m = _TOP_KEY.match(line)
        if m:
            heads.append((i, m.group(1)))
    sections: dict[str, Section] = {}
    for n, (head, key) in enumerate(heads):
        if key not in SECTIONS:
            continue
        after = lines[head].split(":", 1)[1].split("#", 1)[0].strip()
        if after:
            raise Unscannable  # a flow list (`nodes: []`) or something else on the key's line
        end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        while end > head + 1 and lines[end - 1].startswith("#"):  # comments heading the next section
            end -= 1
        sections[key] = _section(key, head, end, lines)
        value = data.get(key)
        if len(sections[key].items) != (len(value) if isinstance(value, list) else 0):
            raise Unscannable
    if any(data.get(key) and key not in sections for key in SECTIONS):
        raise Unscannable  # a list the scan did not see (a quoted key, JSON)
    return sections


def _section(key: str, head: int, end: int, lines: list[str]) -> Section:
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
            raise Unscannable
        if indent == column:
            if not _DASH.match(line):
                raise Unscannable
            dashes.append((i, indent))
    section = Section(key, head, end, column=column if column is not None else 2)
    for n, (dash, _) in enumerate(dashes):
        start = dash
        while (
            start > head + 1 and lines[start - 1].strip().startswith("#") and _indent(lines[start - 1]) >= (column or 0)
        ):
            start -= 1
        section.items.append(Item(start, dash, end))
        if n:
            section.items[n - 1].end = start
    if section.items:
        section.flow_items = lines[section.items[-1].dash].lstrip()[1:].lstrip().startswith("{")
    return section


def _needs_quotes(value: str) -> bool:
    """Whether YAML needs ``value`` quoted (then the quotes around it were not the person's choice)."""
    from ruamel.yaml.scalarstring import PlainScalarString

    out = io.StringIO()
    round_trip_yaml().dump([PlainScalarString(value)], out)
    return out.getvalue().lstrip(" -")[:1] in "'\""


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _escaped(value: str) -> Any:
    """A string with line breaks or control characters, double-quoted so that they are escaped (``\\n``,
    ``\\N``, ``\\L``): written raw, ruamel breaks lines at NEL, LS and PS as YAML 1.1 does, which a YAML 1.2
    reader takes for characters. None for any other string."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(value) if _CONTROL.search(value) else None


def json_text(data: Any, original: str) -> str:
    """``data`` as JSON indented like ``original`` (its second line's indent; none when on one line)."""
    import json

    second = original.lstrip().split("\n", 2)
    indent = _indent(second[1]) if len(second) > 1 and second[1].strip() else None
    text = json.dumps(data, indent=indent or None, ensure_ascii=False)
    return text + "\n" if original.endswith("\n") else text


def split_lines(text: str) -> list[str]:
    """Lines with their ends, split at ``\\n`` only: YAML 1.2 (and the loader) takes NEL, LS and PS inside
    a value for characters, where ``str.splitlines`` would break the line."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def dump_item(item: Any, column: int) -> list[str]:
    """One list item as YAML lines, its dash at ``column``."""
    out = io.StringIO()
    round_trip_yaml().dump([item], out)
    pad = " " * column
    text = out.getvalue()
    # ruamel writes the dash at 2 (offset 2); move it to this list's column.
    shifted = [
        (pad + line[2:] if line.startswith("  ") else pad + line) if line.strip() else line
        for line in split_lines(text)
    ]
    return shifted


def load_item(lines: list[str], column: int) -> Any:
    """The item on ``lines`` (dash at ``column``) as ruamel's round-trip mapping.

    The lines are moved so that the dash stands at column 2, where ruamel writes it: its comments, which
    ruamel writes back at the columns they were read at, then stand where :func:`dump_item` expects."""
    text = "".join(
        line if not line.strip() else "  " + line[column:] if line[:column].strip() == "" else line for line in lines
    )
    loaded = round_trip_yaml().load(text)
    if not isinstance(loaded, list) or len(loaded) != 1:
        raise Unscannable
    return loaded[0]


def plain(value: Any) -> Any:
    """ruamel's round-trip containers and scalars as plain JSON-able values."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return str(value)  # a date or timestamp a YAML 1.1 reader would make: as written


def ordered(item: Mapping[str, Any], flow: bool = False) -> Any:
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


def set_fields(target: Any, changed: Mapping[str, Any]) -> None:
    """Set ``changed`` on the round-trip mapping ``target`` (None removes a field): a new field goes where
    the field order puts it, a string keeps the person's quotes unless YAML needs others."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, PlainScalarString, SingleQuotedScalarString

    for key, value in changed.items():
        if value is None:
            del target[key]
            continue
        new = ordered({key: value})[key] if isinstance(value, Mapping | list) else value
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
