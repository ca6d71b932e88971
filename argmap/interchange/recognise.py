"""What a file is, from its content: the import format that reads it, or why none does.

Every format ``argmap import`` reads is recognised by what the file holds, not by its name: JSON is
told apart by its keys (AIF's ``nodeID``s, SADFace's ``atom``/``scheme`` nodes and ``source_id``
edges), XML by its root element (the argumentative microtexts' ``<arggraph>``), a zip by its magic
bytes (an AIFdb corpus), Kialo by its ``Discussion Title:`` line, Argdown by its front matter or its
suffix. Files that are maps but not importable get words saying what they are: argmap's own map (JSON
or YAML), or the JSON the Argdown CLI writes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ZIP_MAGIC", "Recognised", "recognise", "refusal"]

ZIP_MAGIC = b"PK\x03\x04"
_OWN_YAML = re.compile(r"^argmap\s*:\s*1\s*(#.*)?$", re.MULTILINE)
_XML_ROOT = re.compile(r"<([A-Za-z_][\w.-]*)[\s>/]")


@dataclass(frozen=True)
class Recognised:
    fmt: str | None
    """The import format that reads the file, or None."""
    why: str | None = None
    """When ``fmt`` is None: what the file is and what to do instead."""


_OWN = "this is already an argmap map: use it as it is (argmap check, argmap render), no import needed"
_ARGDOWN_JSON = "this is the Argdown CLI's JSON export: import the .argdown file it was made from"


def refusal(text: str) -> str | None:
    """Why a file is not to be imported whatever ``--from`` says (argmap's own map, Argdown JSON)."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        doc = _json(head)
        if isinstance(doc, dict):
            return _json_refusal(doc)
        return None
    return _OWN if _OWN_YAML.search(head[:4000]) and re.search(r"^nodes\s*:", head, re.MULTILINE) else None


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _json_refusal(doc: dict[str, Any]) -> str | None:
    if doc.get("argmap") == 1 and isinstance(doc.get("nodes"), list):
        return _OWN
    if isinstance(doc.get("statements"), dict) and isinstance(doc.get("arguments"), dict):
        return _ARGDOWN_JSON
    return None


def _json_format(doc: Any) -> Recognised:
    if not isinstance(doc, dict):
        return Recognised(None, "JSON, but not a map argmap imports (AIF or SADFace): its top level is not an object")
    if why := _json_refusal(doc):
        return Recognised(None, why)
    if isinstance(doc.get("AIF"), dict):
        return Recognised("aif")
    nodes = doc.get("nodes")
    if isinstance(nodes, list):
        first = next((n for n in nodes if isinstance(n, dict)), {})
        edges = doc.get("edges")
        edge = next((e for e in edges if isinstance(e, dict)), {}) if isinstance(edges, list) else {}
        sadface = (
            first.get("type") in ("atom", "scheme")
            or "source_id" in edge
            or "sadface" in json.dumps(doc.get("metadata", {}))
        )
        if sadface and "nodeID" not in first:
            return Recognised("sadface")
        return Recognised("aif")
    return Recognised(None, "JSON, but not a map argmap imports: no 'nodes' list (AIF, SADFace)")


def recognise(path: Path, text: str) -> Recognised:
    """The import format of ``text`` (the file ``path``), from its content; its suffix where that says nothing."""
    from argmap.formats import by_suffix

    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        doc = _json(head)
        if doc is None:  # broken JSON: the AIF reader says where
            return Recognised("sadface" if path.suffix.lower() == ".sadface" else "aif")
        return _json_format(doc)
    if head.startswith("<"):
        roots = [m.group(1) for m in _XML_ROOT.finditer(head[:4000]) if not m.group(1).startswith(("?", "!"))]
        if "arggraph" in roots[:1]:
            return Recognised("microtexts")
        root = roots[0] if roots else "?"
        return Recognised(None, f"XML with root <{root}>, not an argumentative microtexts <arggraph>")
    first = head.split("\n", 1)[0].strip().lower()
    if first.startswith("discussion title:"):
        return Recognised("kialo")
    if why := refusal(head):
        return Recognised(None, why)
    if first == "===" or path.suffix.lower() in (".argdown", ".ad"):
        return Recognised("argdown")
    return Recognised(by_suffix("import", str(path)))
