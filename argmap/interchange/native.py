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
    import yaml

    text = yaml.safe_dump(dump_data(m), sort_keys=False, allow_unicode=True, width=100)
    return Exported(text)
