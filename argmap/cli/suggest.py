"""``argmap suggest``: the typed evidence and claims a source text suggests, as a map fragment to accept."""

from __future__ import annotations

import re
import sys
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from argmap.cli import app
from argmap.cli.common import fail, write_output


class SuggestFormat(str, Enum):
    yaml = "yaml"
    json = "json"


@app.command()
def suggest(
    text: Path = typer.Argument(..., help="The source text (plain UTF-8), or - for standard input."),
    source: str | None = typer.Option(
        None, "--source", "-s", help="The source id the evidence cites (default: from the file name)."
    ),
    map_path: Path | None = typer.Option(
        None,
        "--map",
        "-m",
        help="A map of this text: its ids are not reused, its source is cited, what it anchors is left out.",
    ),
    output_format: SuggestFormat = typer.Option(
        SuggestFormat.yaml, "--format", "-f", help="yaml (a map fragment) or json (the nodes)."
    ),
    output: str = typer.Option("-", "--output", "-o", help="Where to write (default: standard output)."),
) -> None:
    """Propose typed evidence (statistic, count, statement, event, absence) and claims (from discourse
    cues: however, because, therefore, first, should...) found in TEXT, each with its shortest unique
    anchor and the fields its words give. Nothing is written into a map: read the proposals, keep
    what you accept, reword each text in your own words, and link them with relations."""
    raw = _read(text)
    taken: list[str] = []
    known: list[tuple[str, int, int]] = []
    sid = source or _slug(text)
    if map_path is not None:
        taken, mapped_source, known = _from_map(map_path, text, raw)
        sid = source or mapped_source or sid
    from argmap.reader import suggest as propose_all

    proposed = propose_all(raw, source=sid, taken=taken)
    nodes = [n for n in proposed if not _mapped(n, raw, known)]
    left_out = len(proposed) - len(nodes)
    if output_format is SuggestFormat.json:
        import json

        write_output(output, json.dumps(nodes, indent=2, ensure_ascii=False) + "\n")
        return
    write_output(output, _fragment(nodes, text, sid, map_path is None, left_out))


def _read(path: Path) -> str:
    from argmap.load.reading import TooLarge, read_limited, size_text

    try:
        raw = read_limited(sys.stdin.buffer) if str(path) == "-" else read_limited(path)
    except TooLarge as exc:
        fail(f"{path}: the text is larger than {size_text(exc.size or 0) if exc.size else 'the limit'}; split it")
    except OSError as exc:
        fail(f"{path}: cannot read the text: {exc.strerror or exc}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(f"{path}: not UTF-8 text (byte {exc.start}); save it as plain UTF-8 text")


def _slug(path: Path) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.:-]+", "-", path.stem).strip("-.") if str(path) != "-" else ""
    return (stem or "source")[:64]


def _from_map(map_path: Path, text: Path, raw: str) -> tuple[list[str], str | None, list[tuple[str, int, int]]]:
    """The map's ids, the id of its source whose text file is TEXT (or its only source), and the places
    of the anchors it holds in this text."""
    from argmap.anchors import find_anchor, normalise
    from argmap.cli.common import load_valid

    m = load_valid(map_path).map
    assert m is not None
    ids = [n.id for n in m.nodes] + [r.id for r in m.relations]
    named = [s.id for s in m.sources if s.text and Path(s.text).name == text.name]
    sid = named[0] if named else (m.sources[0].id if len(m.sources) == 1 else None)
    flat = normalise(raw)
    places: list[tuple[str, int, int]] = []
    for n in m.nodes:
        if n.anchor is not None:
            found = find_anchor(n.anchor, flat)
            if found.count:
                places.append((n.id, found.starts[0], found.starts[0] + len(normalise(n.anchor.exact))))
    return ids, sid, places


def _mapped(node: dict[str, Any], raw: str, known: list[tuple[str, int, int]]) -> bool:
    """Whether a proposal's anchor overlaps an anchor the map already has."""
    if not known:
        return False
    from argmap.anchors import find_anchor, normalise
    from argmap.model import Anchor

    anchor = node["anchor"]
    a = Anchor.model_validate(anchor if isinstance(anchor, dict) else {"exact": anchor})
    found = find_anchor(a, normalise(raw))
    if not found.count:
        return False
    lo = found.starts[0]
    hi = lo + len(normalise(a.exact))
    return any(lo < end and start < hi for _, start, end in known)


def _fragment(nodes: list[dict[str, Any]], text: Path, sid: str, with_source: bool, left_out: int) -> str:
    import yaml

    evidence = sum(1 for n in nodes if n["kind"] == "evidence")
    head = [
        f"# Proposed by `argmap suggest {text}`: {evidence} evidence items and {len(nodes) - evidence} claims,",
        "# each anchored by its shortest unique words. Nothing here is in a map yet: keep what you accept",
        "# under your map's `nodes:`, reword each `text` in your own words, and link them with relations.",
    ]
    if left_out:
        head.append(f"# {left_out} more were left out: the map anchors their words already.")
    doc: dict[str, Any] = {}
    if with_source:
        doc["sources"] = [{"id": sid, "title": text.stem if str(text) != "-" else "(title)", "text": text.name}]
    doc["nodes"] = nodes
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return "\n".join(head) + "\n" + body
