"""argmap's own format as JSON or YAML: lossless by construction."""

from __future__ import annotations

import json
from typing import Any

from argmap.interchange import Exported
from argmap.model import ArgMap

__all__ = ["dump_data", "export_json", "export_yaml"]

_ORDER = ("argmap", "title", "authors", "description", "created", "config", "sources", "nodes", "relations")


def dump_data(m: ArgMap) -> dict[str, Any]:
    """The map as plain data, defaults left out, keys in the canonical order."""
    data = m.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["argmap"] = m.argmap
    if m.nodes:
        # `kind` is a literal with no default; keep every node's kind (and evidence type) visible.
        ordered = []
        for raw, node in zip(data.get("nodes", []), m.nodes, strict=True):
            head = {"id": node.id, "kind": node.kind}
            if node.kind == "evidence":
                head["type"] = node.type
            ordered.append({**head, **{k: v for k, v in raw.items() if k not in head}})
        data["nodes"] = ordered
    return {k: data[k] for k in _ORDER if k in data}


def export_json(m: ArgMap) -> Exported:
    return Exported(json.dumps(dump_data(m), indent=2, ensure_ascii=False) + "\n")


def export_yaml(m: ArgMap) -> Exported:
    return Exported(dump_yaml(dump_data(m)))


def dump_yaml(data: Any) -> str:
    """``data`` as YAML 1.2, with the bytes PyYAML's pure Python emitter writes, five times faster.

    libyaml's emitter (``CSafeDumper``) writes the same bytes except around escapes: it escapes
    characters beyond U+FFFF that the pure emitter writes as themselves, and folds long
    double-quoted strings that hold escapes at other places. Escapes are the only way a backslash
    reaches a double-quoted string, so output with no backslash at all is taken as it is; anything
    else (rare in maps) is written again by the pure emitter. First of all, a map's plain data whose
    strings need no escapes is written directly (:mod:`argmap.interchange.yamlfast`), three times faster.
    """
    import yaml

    from argmap.gcpause import gc_paused
    from argmap.interchange.yamlfast import emit

    direct = emit(data, _implicit_non_str) if isinstance(data, dict) and data else None
    if direct is not None:
        return direct
    options: dict[str, Any] = {"sort_keys": False, "allow_unicode": True, "width": 100}
    try:
        with gc_paused():  # a node object per value, none in a cycle: the collector would walk them all, often
            text = _fast_dump(data, options)
    except UnicodeEncodeError:  # a lone surrogate (validation refuses them)
        text = "\\"
    if "\\" in text:
        text = yaml.dump(data, Dumper=_yaml12_dumper(fast=False), **options)
    return text


def _implicit_non_str(value: str) -> bool:
    """Whether YAML (as argmap's dumper resolves it) reads the plain scalar ``value`` as no string."""
    resolvers = _yaml12_dumper().yaml_implicit_resolvers
    for tag, regexp in resolvers.get(value[:1], []) + resolvers.get(None, []):
        if regexp.match(value):
            return bool(tag != "tag:yaml.org,2002:str")
    return False


class _Shared(Exception):
    """A list or mapping that occurs twice in the data: PyYAML writes it once, with an anchor."""


def _fast_dump(data: Any, options: dict[str, Any]) -> str:
    """What ``yaml.dump(data, Dumper=_yaml12_dumper(), **options)`` writes, three times faster.

    PyYAML's representer turns the data into nodes in Python, looking each value's type up through
    its class hierarchy; for the plain data of a map (mappings, lists, strings, numbers, booleans,
    null) :func:`_nodes` builds the nodes the safe representer builds, directly, and libyaml
    serialises them. A list or mapping that occurs twice (PyYAML would anchor it) falls back to
    PyYAML's representer."""
    import io

    stream = io.StringIO()
    dumper = _yaml12_dumper()(stream, default_flow_style=False, **options)
    try:
        try:
            node = _nodes(data, dumper, set())
        except _Shared:
            node = dumper.represent_data(data)
        dumper.open()
        dumper.serialize(node)
        dumper.close()
    finally:
        dumper.dispose()
    return stream.getvalue()


_BREAKS = ("\x85", "\u2028", "\u2029")


def _nodes(value: Any, dumper: Any, seen: set[int]) -> Any:
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    kind = type(value)
    if kind is str:
        if "\x85" in value or "\u2028" in value or "\u2029" in value:  # see _yaml12_dumper
            return ScalarNode("tag:yaml.org,2002:str", value, style='"')
        return ScalarNode("tag:yaml.org,2002:str", value)
    if kind is dict or kind is list:
        if id(value) in seen:
            raise _Shared
        seen.add(id(value))
        if kind is dict:
            pairs = [(_nodes(k, dumper, seen), _nodes(v, dumper, seen)) for k, v in value.items()]
            return MappingNode("tag:yaml.org,2002:map", pairs, flow_style=False)
        return SequenceNode("tag:yaml.org,2002:seq", [_nodes(v, dumper, seen) for v in value], flow_style=False)
    if kind is bool:
        return ScalarNode("tag:yaml.org,2002:bool", "true" if value else "false")
    if kind is int:
        return ScalarNode("tag:yaml.org,2002:int", str(value))
    if value is None:
        return ScalarNode("tag:yaml.org,2002:null", "null")
    return dumper.represent_data(value)  # floats (nan, inf, exponents) and anything else, as PyYAML does


_DUMPERS: dict[bool, Any] = {}


def _yaml12_dumper(*, fast: bool = True) -> Any:
    """PyYAML's safe dumper, quoting strings that a YAML 1.2 reader takes for numbers.

    PyYAML writes YAML 1.1, where `1e3`, `0o17`, `+.5` or `_0` are strings and so left unquoted; argmap reads
    YAML 1.2, where they are numbers. Quoting every string that starts like a number is harmless.
    Strings holding NEL, LS or PS characters are written double-quoted, with escapes.

    ``fast``: libyaml's emitter (``CSafeDumper``) where PyYAML has it, five times faster than the pure
    Python one; see :func:`dump_yaml` for where the two differ.
    """
    if fast not in _DUMPERS:
        import re

        import yaml

        base = getattr(yaml, "CSafeDumper", yaml.SafeDumper) if fast else yaml.SafeDumper

        from yaml.nodes import ScalarNode

        class Dumper(base):  # type: ignore[valid-type,misc]
            def resolve(self, kind: Any, value: Any, implicit: tuple[bool, bool]) -> Any:
                """``BaseResolver.resolve`` with its common case first: the serialiser asks twice for
                every scalar, a million times for a big map (a third of the time it took)."""
                if kind is not ScalarNode or self.yaml_path_resolvers:
                    return super().resolve(kind, value, implicit)
                if implicit[0]:
                    found = self.yaml_implicit_resolvers.get(value[:1], [])
                    for tag, regexp in found + self.yaml_implicit_resolvers.get(None, []):
                        if regexp.match(value):
                            return tag
                return self.DEFAULT_SCALAR_TAG

            def represent_str(self, data: str) -> Any:
                # NEL, LS and PS are line breaks to PyYAML but not to YAML 1.2: outside double quotes
                # PyYAML follows them with indentation, which a YAML 1.2 reader keeps as text.
                if any(c in data for c in "\x85\u2028\u2029"):
                    return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
                return super().represent_str(data)

        Dumper.add_representer(str, Dumper.represent_str)
        Dumper.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(r"^[-+]?[0-9._]"), list("-+._0123456789"))
        _DUMPERS[fast] = Dumper
    return _DUMPERS[fast]
