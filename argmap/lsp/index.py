"""Where every id of a map stands in its text: definitions, references, rule codes, items.

A map in block style is read from its lines (:mod:`argmap.lsp.scan`, checked against the parsed data);
any other is composed with PyYAML (which reads the JSON form too) and walked with the model
(:mod:`argmap.lsp.schema`) as a guide: an ``id`` of a source, node or relation is a definition; a
value of a field that holds ids (``from``, ``to``, ``sources``, an anchor's ``source``, and any such
field the model grows) is a reference; an ``ignore`` list or the ``config`` section holds rule codes.
Positions are 0-based lines and code-point columns.
"""

from __future__ import annotations

from typing import Any

from argmap.lsp.mapindex import LIST_KINDS, Item, MapIndex, Ref, Span
from argmap.lsp.scan import scan_index
from argmap.lsp.schema import IdTarget, fields_of, item_models, narrow

__all__ = ["LIST_KINDS", "Item", "MapIndex", "Ref", "Span", "build_map_index", "lenient_index"]

# The translation argmap.positions applies before composing: these are not line breaks for argmap.
_NOT_BREAKS = str.maketrans({"\x85": " ", "\u2028": " ", "\u2029": " "})


def build_map_index(text: str) -> MapIndex | None:
    """The index of a map text, or None when it is not well-formed YAML/JSON."""
    import yaml

    fast = scan_index(text)
    if fast is not None:
        return fast
    try:
        return _index_of(yaml.compose(text.translate(_NOT_BREAKS), Loader=_loader()))
    except yaml.YAMLError:
        return None


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def lenient_index(text: str, row: int, attempts: int = 4) -> MapIndex | None:
    """The index of a half-typed map: the text with line ``row`` blanked, then with each line a
    YAML error names blanked too, a few times over. Its positions are those of ``text``, as only
    whole lines are blanked. None when that does not make the text well-formed."""
    import yaml

    lines = text.translate(_NOT_BREAKS).split("\n")
    blank = {row}
    for _ in range(attempts):
        try:
            return _index_of(yaml.compose("\n".join("" if i in blank else s for i, s in enumerate(lines)), _loader()))
        except yaml.MarkedYAMLError as exc:
            more = {m.line for m in (exc.context_mark, exc.problem_mark) if m is not None} - blank
            if not more:
                return None
            blank |= more
        except yaml.YAMLError:
            return None
    return None


def _index_of(root: Any) -> MapIndex:
    import yaml

    index = MapIndex()
    if not isinstance(root, yaml.MappingNode):
        return index
    for key_node, value in root.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            continue
        index.top_keys.setdefault(key, _span(key_node))
        if key in LIST_KINDS and isinstance(value, yaml.SequenceNode):
            for i, item in enumerate(value.value):
                _walk_item(index, LIST_KINDS[key], key, i, item)
        elif key == "config" and isinstance(value, yaml.MappingNode):
            _walk_config(index, value)
    return index


def _span(node: Any) -> Span:
    start, end = node.start_mark, node.end_mark
    if getattr(node, "style", None) in ('"', "'") and start.line == end.line and end.column - start.column >= 2:
        return Span(start.line, start.column + 1, end.line, end.column - 1)  # inside the quotes
    return Span(start.line, start.column, end.line, end.column)


def _quoted(node: Any) -> bool:
    return getattr(node, "style", None) in ('"', "'")


def _scalars(node: Any) -> list[Any]:
    """A scalar, or the scalars of a flow or block list (``from: A`` or ``from: [A, B]``)."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return [node] if node.value != "" else []
    if isinstance(node, yaml.SequenceNode):
        return [n for n in node.value if isinstance(n, yaml.ScalarNode)]
    return []


def _walk_item(index: MapIndex, what: str, key: str, i: int, node: Any) -> None:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return
    pairs = [(k.value, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and isinstance(k.value, str)]
    written = {k: v.value for k, v in pairs if isinstance(v, yaml.ScalarNode)}
    models = narrow(item_models(key), written)
    item = Item(what, i, None, _span(node), None, dict(written))
    index.items.append(item)
    for k, v in pairs:
        if k == "id" and isinstance(v, yaml.ScalarNode) and v.value:
            item.id, item.id_span = v.value, _span(v)
            index.refs.append(Ref(v.value, item.id_span, "id", None, _quoted(v)))
        else:
            _walk_field(index, item, models, k, v)


def _walk_field(index: MapIndex, item: Item, models: tuple[Any, ...], key: str, node: Any) -> None:
    import yaml

    spec = next((fields_of(m)[key] for m in models if key in fields_of(m)), None)
    if spec is None:
        return
    if spec.id_target is not None:
        names = _scalars(node)
        target: IdTarget = spec.id_target
        if target == "node-or-relation" and item.values.get("kind") == "undercuts":
            target = "relation"
        elif target == "node-or-relation":
            target = "node"
        if spec.is_list:
            item.values[key] = [n.value for n in names]
        for n in names:
            index.refs.append(Ref(n.value, _span(n), key, target, _quoted(n)))
    elif key == "ignore":
        index.codes.extend((n.value, _span(n)) for n in _scalars(node))
    elif spec.models and isinstance(node, yaml.MappingNode):
        inner = [(k.value, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
        written = {k: v.value for k, v in inner if isinstance(v, yaml.ScalarNode)}
        nested = narrow(spec.models, written)
        for k, v in inner:
            if isinstance(k, str):
                _walk_field(index, item, nested, k, v)


def _walk_config(index: MapIndex, node: Any) -> None:
    import yaml

    for k, v in node.value:
        if not isinstance(k, yaml.ScalarNode):
            continue
        if k.value in ("select", "ignore"):
            index.codes.extend((n.value, _span(n)) for n in _scalars(v))
        elif k.value == "severity" and isinstance(v, yaml.MappingNode):
            index.codes.extend((kk.value, _span(kk)) for kk, _ in v.value if isinstance(kk, yaml.ScalarNode))
