"""What the editor shows: hover text, completion items, the outline, quick fixes and renames.

Pure functions of a map's text, its :class:`~argmap.lsp.index.MapIndex` and the cursor; positions
are 0-based lines and code-point columns (the server converts them to the client's units).
"""

from __future__ import annotations

import re
from typing import Any

from lsprotocol import types as lsp

from argmap.diagnostics import CODES
from argmap.lsp.analysis import rule_doc
from argmap.lsp.context import Cursor
from argmap.lsp.index import Item, MapIndex, Span
from argmap.lsp.jsoncursor import cursor_in
from argmap.lsp.schema import FieldSpec, fields_of, merged_fields, model_at

__all__ = [
    "code_actions",
    "completions",
    "hover_code",
    "hover_field",
    "hover_item",
    "rename_edits",
    "span_range",
    "symbols",
]

_CODE_WORD = re.compile(r"\b[A-Z]{2}\d{3}\b")
_ID = re.compile(r"^[\w][\w.:-]{0,63}$")
_SHOWN = 80
_MAIN = {"node": "text", "source": "title", "relation": "warrant"}
"""The field that says what an item is, shown first in its hover."""
_SHOWN_ELSEWHERE = {
    "node": ("id", "kind", "type", "note", "tags", "ignore"),
    "source": ("id", "kind", "note"),
    "relation": ("id", "kind", "from", "to", "note", "ignore"),
}


def span_range(span: Span) -> lsp.Range:
    return lsp.Range(lsp.Position(span.line, span.col), lsp.Position(span.end_line, span.end_col))


def _clip(text: Any, limit: int = _SHOWN) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def describe(item: Item) -> str:
    """One line for an item: ``claim``, ``evidence · statistic``, ``supports C1 → T``, ``source``."""
    if item.what == "relation":
        premises = item.values.get("from") or []
        names = ", ".join(premises) if isinstance(premises, list) else str(premises)
        return f"{item.values.get('kind', 'relation')} {names} → {item.values.get('to', '?')}"
    if item.what == "source":
        return "source" + (f" ({item.values['kind']})" if item.values.get("kind") else "")
    return item.kind + (f" · {item.type}" if item.type else "")


def hover_item(item: Item, uses: int) -> str:
    """Markdown for an id: what it names, its text and its typed fields, and how often it is used."""
    out = [f"**{item.id}** · {describe(item)}"]
    main = _MAIN[item.what]
    if item.values.get(main):
        out.append(str(item.values[main]).strip())
    facts = [
        f"- {k}: {_clip(', '.join(map(str, v)) if isinstance(v, list) else v)}"
        for k, v in item.values.items()
        if k != main and k not in _SHOWN_ELSEWHERE[item.what] and v not in (None, "", [])
    ]
    if facts:
        out.append("\n".join(facts))
    out.append(f"Defined on line {item.span.line + 1}; used {uses} time{'s' if uses != 1 else ''} in this map.")
    return "\n\n".join(out)


def hover_code(index: MapIndex | None, line_text: str, row: int, col: int) -> str | None:
    """Markdown for a rule or validation code under the cursor (in ``ignore``, ``config``, a comment)."""
    code = index.code_at(row, col) if index is not None else None
    if code is None:
        for m in _CODE_WORD.finditer(line_text):
            if m.start() <= col <= m.end():
                code = m.group(0)
    return rule_doc(code.strip().upper()) if code else None


_KEY_AT = re.compile(r"^( *)(?:-[ ]+)?\"?([A-Za-z_][\w-]*)\"?[ \t]*:")


def hover_field(lines: list[str], row: int, col: int) -> str | None:
    """Markdown for a field name under the cursor: what the format says of it, and its allowed values."""
    line = lines[row] if row < len(lines) else ""
    m = _KEY_AT.match(line)
    if m is None or not m.start(2) <= col <= m.end(2):
        return None
    cursor = cursor_in(lines, row, m.end(2))
    if cursor.mode != "key":
        return None
    models = model_at(cursor.path, cursor.siblings)
    spec = merged_fields(models).get(m.group(2))
    if spec is None:
        return None
    owners = sorted({mdl.__name__.lower() for mdl in models if spec.key in fields_of(mdl)})
    where = f" · {owners[0]}" if len(owners) == 1 and owners[0] != "argmap" else ""
    out = [f"**{spec.key}** · {'required' if spec.required else 'optional'}{where}"]
    if spec.description:
        out.append(spec.description)
    if spec.values:
        out.append("One of: " + ", ".join(f"`{v}`" for v in spec.values))
    if spec.id_target:
        out.append(f"The id of a {spec.id_target.replace('-or-', ' or ')} of this map.")
    return "\n\n".join(out)


def symbols(index: MapIndex) -> list[lsp.DocumentSymbol]:
    """The outline: the thesis, then claims, evidence, relations and sources, each a group."""
    groups: dict[str, list[lsp.DocumentSymbol]] = {"thesis": [], "claims": [], "evidence": [], "relations": []}
    groups["sources"] = []
    kinds = {
        "thesis": lsp.SymbolKind.Class,
        "claim": lsp.SymbolKind.Interface,
        "evidence": lsp.SymbolKind.Constant,
        "relation": lsp.SymbolKind.Event,
        "source": lsp.SymbolKind.File,
    }
    for item in index.items:
        if item.id is None:
            continue
        group = {"source": "sources", "relation": "relations"}.get(item.what) or {
            "thesis": "thesis",
            "claim": "claims",
        }.get(item.kind, "evidence")
        text = item.values.get(_MAIN[item.what]) or ""
        detail = describe(item) + (f" — {_clip(text, 60)}" if text and item.what == "node" else "")
        kind = kinds.get(item.kind if item.what == "node" else item.what, lsp.SymbolKind.Constant)
        full = span_range(item.span)
        sel = span_range(item.id_span) if item.id_span else full
        groups[group].append(
            lsp.DocumentSymbol(name=item.id, kind=kind, range=full, selection_range=sel, detail=detail)
        )
    out: list[lsp.DocumentSymbol] = []
    for name, members in groups.items():
        if not members:
            continue
        if name == "thesis" and len(members) == 1:
            out.append(members[0])
            continue
        whole = lsp.Range(members[0].range.start, members[-1].range.end)
        out.append(
            lsp.DocumentSymbol(
                name=name, kind=lsp.SymbolKind.Namespace, range=whole, selection_range=whole,
                detail=f"{len(members)}", children=members,
            )
        )  # fmt: skip
    return out


def _id_items(index: MapIndex | None, target: str, prefix: str) -> list[lsp.CompletionItem]:
    if index is None:
        return []
    wanted = {"node": ("node",), "source": ("source",), "relation": ("relation",)}.get(target, ("node", "relation"))
    out: list[lsp.CompletionItem] = []
    for rank, what in enumerate(wanted):
        for item in index.items:
            if item.what != what or item.id is None or not _fits(prefix, item.id):
                continue
            text = item.values.get(_MAIN[item.what]) or ""
            out.append(
                lsp.CompletionItem(
                    label=item.id,
                    kind=lsp.CompletionItemKind.Reference,
                    detail=describe(item),
                    documentation=lsp.MarkupContent(lsp.MarkupKind.Markdown, str(text).strip()) if text else None,
                    sort_text=f"{rank}{item.index:06d}",
                )
            )
    return out


def _fits(prefix: str, name: str) -> bool:
    """Whether the letters typed occur in ``name`` in order (as editors match: ``sav`` fits ``E_savings``)."""
    rest = iter(name.lower())
    return all(ch in rest for ch in prefix.lower())


def _field_item(spec: FieldSpec, rank: int, json_form: bool) -> lsp.CompletionItem:
    return lsp.CompletionItem(
        label=spec.key,
        kind=lsp.CompletionItemKind.Field,
        detail=("required" if spec.required else "optional")
        + (f" · one of {', '.join(spec.values)}" if spec.values else ""),
        documentation=spec.description or None,
        insert_text=f'{spec.key}": ' if json_form else f"{spec.key}: ",
        sort_text=f"{rank}{spec.key}",
    )


def _deciding(cursor: Cursor) -> dict[str, Any]:
    """The values written beside the cursor that decide which model the mapping is: all of them, but
    when a value is being written, neither that value nor, for a node's ``kind``, its ``type`` (which
    kind comes first: thesis and claims have types of their own)."""
    if cursor.mode != "value" or cursor.key is None:
        return dict(cursor.siblings)
    ignored = {cursor.key, "type"} if cursor.key == "kind" else {cursor.key}
    return {k: v for k, v in cursor.siblings.items() if k not in ignored}


def completions(cursor: Cursor, index: MapIndex | None) -> list[lsp.CompletionItem]:
    """What may be written at the cursor: field names of the mapping, or the values of a field."""
    if cursor.mode == "none":
        return []
    fields = merged_fields(model_at(cursor.path, _deciding(cursor)))
    if cursor.mode == "key":
        return [
            _field_item(spec, 0 if spec.required else 1, cursor.json_form)
            for key, spec in fields.items()
            if key not in cursor.keys
        ]
    assert cursor.key is not None
    spec = fields.get(cursor.key)
    if spec is None and not cursor.path:  # JSON, or a layout not followed: go by the key alone
        spec = _any_field(cursor.key)
    if spec is None:
        return []
    if spec.id_target is not None:
        target: str = spec.id_target
        if target == "node-or-relation" and cursor.siblings.get("kind"):  # else both, nodes first
            target = "relation" if cursor.siblings["kind"] == "undercuts" else "node"
        items = _id_items(index, target, cursor.prefix)
        return [i for i in items if i.label != cursor.siblings.get("id")]  # not the item itself
    if spec.values:
        return [
            lsp.CompletionItem(label=v, kind=lsp.CompletionItemKind.EnumMember, sort_text=f"{i:03d}")
            for i, v in enumerate(spec.values)
        ]  # in the model's order: kinds from thesis to evidence, scales from one to trillion
    if spec.key in ("ignore", "select"):
        return _code_items()
    if spec.key == "answers":
        return _question_items(cursor.siblings.get("scheme"))
    return []


def _question_items(scheme_id: str | None) -> list[lsp.CompletionItem]:
    """The critical questions of the scheme named beside ``answers``, in the catalogue's order; none
    without a known scheme (which questions an item answers depends on it)."""
    from argmap.schemes import get_scheme

    scheme = get_scheme(scheme_id) if scheme_id else None
    if scheme is None:
        return []
    return [
        lsp.CompletionItem(label=q.id, kind=lsp.CompletionItemKind.Value, detail=q.ask, sort_text=f"{i:03d}")
        for i, q in enumerate(scheme.questions)
    ]


def _any_field(key: str) -> FieldSpec | None:
    from argmap.lsp.schema import fields_of, item_models

    for list_key in ("sources", "nodes", "relations"):
        for model in item_models(list_key):
            spec = fields_of(model).get(key)
            if spec is not None and (spec.id_target or spec.values):
                return spec
    return None


def _code_items() -> list[lsp.CompletionItem]:
    from argmap.rules import all_rules

    items = [
        lsp.CompletionItem(label=r.code, kind=lsp.CompletionItemKind.Value, detail=f"{r.name}: {r.summary}")
        for r in all_rules()
    ]
    return items + [
        lsp.CompletionItem(label=code, kind=lsp.CompletionItemKind.Value, detail=f"{name}: {what}")
        for code, (name, _, what) in CODES.items()
    ]


def code_actions(
    uri: str, lines: list[str], diagnostics: list[lsp.Diagnostic], json_form: bool
) -> list[lsp.CodeAction]:
    """Quick fixes whose result is certain: the missing format version, the name a "did you mean"
    proposes, and an allowed value (kind, type, scale, ...) when exactly one is close to what is written."""
    out: list[lsp.CodeAction] = []
    for d in diagnostics:
        if d.source != "argmap":
            continue
        edit: lsp.TextEdit | None = None
        title = ""
        r = d.range
        one_line = r.start.line == r.end.line and r.start.line < len(lines)
        written = lines[r.start.line][r.start.character : r.end.character] if one_line else ""
        bare = written.strip("\"'")
        named = bool(bare) and re.search(rf"(?<![\w.:-])'?{re.escape(bare)}'?(?![\w.:-])", d.message) is not None
        if d.code == "AM007" and d.message.startswith("missing format version"):
            edit = _add_version(lines, json_form)
            title = 'Add "argmap": 1' if json_form else "Add `argmap: 1` at the top"
        elif named:
            fix = _suggested(d) or (_close_value(lines, r, bare) if d.code in ("AM102", "AM114") else None)
            if fix:
                edit, title = lsp.TextEdit(r, written.replace(bare, fix, 1)), f"Replace '{bare}' with '{fix}'"
        if edit is not None:
            out.append(
                lsp.CodeAction(
                    title=title,
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[d],
                    is_preferred=True,
                    edit=lsp.WorkspaceEdit(changes={uri: [edit]}),
                )
            )
    return out


def _suggested(d: lsp.Diagnostic) -> str | None:
    data = d.data if isinstance(d.data, dict) else {}
    fix = data.get("suggestion")
    if fix is None:
        found = re.search(r"\(did you mean '?([^'?\s]+)'?\?\)", d.message)
        fix = found.group(1) if found else None
    return str(fix) if fix else None


def _close_value(lines: list[str], r: lsp.Range, bare: str) -> str | None:
    """The one allowed value of the field at ``r`` that is close to ``bare`` (``claym`` -> ``claim``)."""
    import difflib

    cursor = cursor_in(lines, r.start.line, r.end.character)
    if cursor.mode != "value" or cursor.key is None:
        return None
    spec = merged_fields(model_at(cursor.path, _deciding(cursor))).get(cursor.key)
    if spec is None or not spec.values:
        return None
    scored = sorted(((difflib.SequenceMatcher(None, bare, v).ratio(), v) for v in spec.values), reverse=True)
    best = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    # one value clearly the closest (`milion`: million 0.92, billion 0.77), else no fix is certain
    return best[1] if best[0] >= 0.75 and best[0] - runner_up >= 0.1 else None


def _add_version(lines: list[str], json_form: bool) -> lsp.TextEdit:
    if json_form:
        for i, line in enumerate(lines):
            at = line.find("{")
            if at >= 0:
                pos = lsp.Position(i, at + 1)
                return lsp.TextEdit(lsp.Range(pos, pos), ' "argmap": 1,')
    row = 0
    while row < len(lines) and (lines[row].startswith("#") or lines[row].strip() in ("---", "%YAML 1.2")):
        row += 1  # after the leading comments, where a reader looks for it
    pos = lsp.Position(row, 0)
    return lsp.TextEdit(lsp.Range(pos, pos), "argmap: 1\n")


def rename_edits(index: MapIndex, old: str, new: str) -> list[lsp.TextEdit] | str:
    """Edits renaming id ``old`` to ``new`` everywhere in the map, or why it cannot be done."""
    if not _ID.match(new):
        return f"'{new}' is not a valid id: use 1-64 letters, digits, '_', '.', ':' or '-', starting with a letter or digit"  # noqa: E501
    if new != old and any(item.id == new for item in index.items):
        return f"'{new}' is already the id of another item in this map"
    quoted = _needs_quotes(new)
    edits = []
    for ref in index.occurrences(old):
        edits.append(lsp.TextEdit(span_range(ref.span), f'"{new}"' if quoted and not ref.quoted else new))
    return edits


def _needs_quotes(name: str) -> bool:
    """Whether YAML would read ``name`` as something other than text (a number, a date, true)."""
    import yaml

    try:
        return not isinstance(yaml.safe_load(name), str)
    except yaml.YAMLError:
        return True
